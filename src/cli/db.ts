import { closeDb, openDb, type Db, type Opened } from '../store/db.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import type { App } from '../app/context.js';
import { recordShareConversion } from '../app/change-journal.js';
import { onWindowsShare } from '../io/share-path.js';
import type { Context } from './context.js';

/**
 * Opens the context's database: its own journal mode unless --journal/DRAW_JOURNAL asks for
 * another for this command, never WAL on a Windows share; says what the open did (a migration,
 * a journal note). The caller closes it with closeDb.
 */
export function openForCommand(ctx: Context, path: string, create = false): Opened {
  const opened = openDb(path, { journal: ctx.journal, create, onShare: onWindowsShare(path) });
  const { db, journal, created, backup, migratedFrom } = opened;
  if (!created && backup) ctx.err(ctx.t('db.migrated', { from: migratedFrom, to: SCHEMA_VERSION, backup }));
  if (journal.note === 'shareConverted') {
    // The database's own mode changed without being asked: on the record, as `draw db journal` would be.
    recordShareConversion(appOf(ctx, db));
  }
  if (journal.note && !created) ctx.err(ctx.t(`journal.${journal.note}`, { path, used: journal.used, stored: journal.stored }));
  else if (journal.note === 'shareRefused') ctx.err(ctx.t('journal.shareRefused', { path }));
  return opened;
}

/** Opens the context's database for one command and closes it afterwards. */
export async function withDb<T>(ctx: Context, fn: (db: Db) => Promise<T> | T, create = false): Promise<T> {
  const { db } = openForCommand(ctx, ctx.dbPath, create);
  try {
    return await fn(db);
  } finally {
    closeDb(db);
  }
}

/** What a use case needs from the command's context: the database, the clock, the operator. */
export function appOf(ctx: Context, db: Db): App {
  return { db, now: ctx.now, operator: ctx.operator, threads: ctx.threads };
}
