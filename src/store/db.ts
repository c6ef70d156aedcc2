import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { DrawError, EXIT } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { ensureShippedCalendar } from './calendar.js';

export type Db = Database.Database;

export interface OpenOptions {
  journal: 'wal' | 'delete';
  /** Create the file (mode 0600) when it does not exist; otherwise a missing file is an error. */
  create?: boolean;
}

/** Opens the database, sets the pragmas every connection needs, and migrates it. */
export function openDb(path: string, options: OpenOptions): { db: Db; created: boolean; migratedFrom: number } {
  let created = false;
  if (!existsSync(path)) {
    if (!options.create) throw new DrawError(EXIT.usage, 'db.missing', { path }, 'db.missingHint');
    // Create it ourselves so that the mode is 0600 from the first byte (art. 4, 25).
    closeSync(openSync(path, 'wx', 0o600));
    created = true;
  }
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw new DrawError(EXIT.runtime, 'db.openFailed', { path, reason: (error as Error).message });
  }
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    db.pragma(`journal_mode = ${options.journal === 'delete' ? 'DELETE' : 'WAL'}`);
    db.pragma('synchronous = NORMAL');
    const from = migrate(db, path);
    ensureShippedCalendar(db);
    return { db, created, migratedFrom: from };
  } catch (error) {
    db.close();
    if (error instanceof DrawError) throw error;
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new DrawError(EXIT.runtime, 'db.notADatabase', { path });
    throw error;
  }
}

function migrate(db: Db, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new DrawError(EXIT.runtime, 'db.tooNew', { path, version, supported: SCHEMA_VERSION }, 'db.tooNewHint');
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return version;
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
