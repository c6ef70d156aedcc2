import { openDb, type Db } from '../store/db.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import type { App } from '../app/context.js';
import type { Context } from './context.js';

/** Opens the context's database for one command and closes it afterwards. */
export async function withDb<T>(ctx: Context, fn: (db: Db) => Promise<T> | T, create = false): Promise<T> {
  const { db, migratedFrom, backup, created } = openDb(ctx.dbPath, { journal: ctx.journal, create });
  if (!created && backup) ctx.err(ctx.t('db.migrated', { from: migratedFrom, to: SCHEMA_VERSION, backup }));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** What a use case needs from the command's context: the database, the clock, the operator. */
export function appOf(ctx: Context, db: Db): App {
  return { db, now: ctx.now, operator: ctx.operator };
}
