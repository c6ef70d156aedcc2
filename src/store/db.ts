import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { DrawError, EXIT } from '../errors.js';
import { MessageList, type MessageKey } from '../i18n/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { ensureShippedCalendar } from './calendar.js';
import { checkSchema } from './schema-check.js';

export type { Db } from './connection.js';
import type { Db } from './connection.js';

export type JournalMode = 'wal' | 'delete';

/**
 * The journal mode a new database gets when `draw init` is not told (see the README, "The
 * database": measured on the fixture county, delete costs little and is safe on a share too).
 */
export const DEFAULT_JOURNAL: JournalMode = 'delete';

export interface OpenOptions {
  /**
   * At creation, the mode the database is made with (else DEFAULT_JOURNAL). On an existing
   * database, a mode for this one command (--journal, DRAW_JOURNAL): the database's own mode is
   * put back when it is closed (closeDb). Absent: the database's own mode, untouched.
   */
  journal?: JournalMode;
  /** Create the file (mode 0600) when it does not exist; otherwise a missing file is an error. */
  create?: boolean;
  /** The file lies on a Windows network share (src/io/share-path.ts): WAL is never used there. */
  onShare?: boolean;
}

/**
 * What the open did with the journal: `stored` is the database's own mode (kept in the file's
 * header by SQLite), `used` the mode of this connection. A note says why they differ or what changed.
 */
export interface JournalState {
  stored: JournalMode;
  used: JournalMode;
  note?: 'oneCommand' | 'shareRefused' | 'shareConverted';
}

export interface Opened { db: Db; created: boolean; migratedFrom: number; backup: string | null; journal: JournalState }

/** The mode to put back when a connection that used another one for its command closes. */
const restoreOnClose = new WeakMap<Db, JournalMode>();

/** Opens the database, sets the pragmas every connection needs, and migrates it. */
export function openDb(path: string, options: OpenOptions = {}): Opened {
  let created = false;
  if (!existsSync(path)) {
    if (!options.create) throw DrawError.of(EXIT.usage, 'db.missing', { path }, 'db.missingHint');
    // Create it ourselves so that the mode is 0600 from the first byte (art. 4, 25).
    closeSync(openSync(path, 'wx', 0o600));
    created = true;
  }
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw DrawError.of(EXIT.runtime, 'db.openFailed', { path, reason: (error as Error).message });
  }
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    const journal = settleJournal(db, created, options);
    // WAL is durable with NORMAL (a commit may be lost on power failure, never the file);
    // a rollback journal needs FULL for the same promise.
    db.pragma(`synchronous = ${journal.used === 'wal' ? 'NORMAL' : 'FULL'}`);
    const { from, backup } = migrate(db, path, !created);
    checkSchema(db, path);
    ensureShippedCalendar(db);
    return { db, created, migratedFrom: from, backup, journal };
  } catch (error) {
    db.close();
    if (error instanceof DrawError) throw error;
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw DrawError.of(EXIT.runtime, 'db.notADatabase', { path });
    throw storageError(error, path) ?? error;
  }
}

export function journalMode(db: Db): JournalMode {
  return String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? 'wal' : 'delete';
}

/** Sets the connection's journal mode; returns the mode SQLite reports (unchanged when another connection holds the file). */
export function setJournalMode(db: Db, mode: JournalMode): JournalMode {
  db.pragma(`journal_mode = ${mode === 'wal' ? 'WAL' : 'DELETE'}`);
  return journalMode(db);
}

/**
 * The journal is the database's own: WAL stays in the file's header once set, and DELETE stays as
 * long as no connection sets WAL again; so a plain open sets nothing. A new database gets the mode
 * asked for (or the default); a mode asked for on an existing one is for this connection only. On
 * a Windows share WAL is never used: refused when asked for, and a WAL database found there is
 * turned to DELETE for good.
 */
function settleJournal(db: Db, created: boolean, options: OpenOptions): JournalState {
  const wanted = options.journal;
  if (created) {
    const target = options.onShare ? 'delete' : (wanted ?? DEFAULT_JOURNAL);
    const used = setJournalMode(db, target);
    return { stored: used, used, note: options.onShare && wanted === 'wal' ? 'shareRefused' : undefined };
  }
  let stored = journalMode(db);
  let note: JournalState['note'];
  if (options.onShare && stored === 'wal') {
    stored = setJournalMode(db, 'delete');
    note = 'shareConverted';
  }
  if (wanted === undefined || wanted === stored) return { stored, used: stored, note };
  if (wanted === 'wal' && options.onShare) return { stored, used: stored, note: 'shareRefused' };
  const used = setJournalMode(db, wanted);
  if (used !== stored) restoreOnClose.set(db, stored);
  return { stored, used, note: note ?? 'oneCommand' };
}

/** Closes a connection, first putting back the database's own journal mode if this command used another. */
export function closeDb(db: Db): void {
  const mode = restoreOnClose.get(db);
  if (mode && db.open) {
    try {
      setJournalMode(db, mode);
    } catch {
      // Busy: another connection has it open; the mode stays as this command left it, and the
      // next plain open keeps that. Nothing is lost, and closing must not fail for it.
    }
  }
  if (db.open) db.close();
}

/**
 * Changes the database's own journal mode (draw db journal). Needs the file to itself: with another
 * connection open SQLite keeps the old mode, and this says so (busy).
 */
export function changeJournal(db: Db, path: string, mode: JournalMode): JournalMode {
  restoreOnClose.delete(db);
  const used = setJournalMode(db, mode);
  if (used !== mode) throw new DrawError(EXIT.runtime, 'db.busy', { path }, 'db.busyHint');
  db.pragma(`synchronous = ${used === 'wal' ? 'NORMAL' : 'FULL'}`);
  return used;
}

/**
 * Brings an older database up to this tool's schema. One process migrates, under the write lock,
 * all pending steps in one transaction; a database that held data (user_version ≥ 1) is first
 * copied as it was beside itself (draw.db.before-v3.bak), so that nothing is lost if a step goes wrong.
 */
function migrate(db: Db, path: string, existed: boolean): { from: number; backup: string | null } {
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;
  const tooNew = (version: number) => DrawError.of(EXIT.runtime, 'db.tooNew', { path, version, supported: SCHEMA_VERSION }, 'db.tooNewHint');
  const first = userVersion();
  if (first > SCHEMA_VERSION) throw tooNew(first);
  if (first === SCHEMA_VERSION) return { from: first, backup: null };
  for (let attempt = 0; ; attempt++) {
    const copy = existed && first >= 1;
    // The copy is of the main file alone: fold the WAL into it first.
    if (copy) db.pragma('wal_checkpoint(TRUNCATE)');
    // A step may rebuild a table others point at (SQLite's way to change a constraint): foreign
    // keys are off while the steps run, which only works outside a transaction, and every
    // reference is checked before the commit instead.
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    try {
      const version = userVersion(); // another process may have migrated it meanwhile
      if (version > SCHEMA_VERSION) throw tooNew(version);
      let backup: string | null = null;
      if (version < SCHEMA_VERSION) {
        if (copy && version >= 1) {
          if (walSize(path) > 0) {
            // Someone wrote between the checkpoint and the lock: try again, then give up cleanly.
            db.exec('ROLLBACK');
            if (attempt >= 5) throw DrawError.of(EXIT.runtime, 'db.busy', { path }, 'db.busyHint');
            sleep(200);
            continue;
          }
          backup = backupPathFor(path, SCHEMA_VERSION);
          copyThroughSqlite(path, backup);
        }
        for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
        if ((db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error('a migration broke a foreign key');
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      db.exec('COMMIT');
      return { from: version, backup };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      if (!db.inTransaction) db.pragma('foreign_keys = ON');
    }
  }
}

/**
 * The database as it is, copied by SQLite itself (a second connection's VACUUM INTO) while this one
 * holds the write lock. A copy that opened the file apart from SQLite would, on closing it, drop
 * every lock this process holds on the file (POSIX record locks belong to the process and the
 * file, not to the descriptor): another process then took the write lock in the middle of the
 * migration, and two processes opening an older database at once could leave it malformed.
 * SQLite keeps its own connections' descriptors open while any of them holds a lock.
 */
function copyThroughSqlite(path: string, to: string): void {
  if (existsSync(to)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  try {
    reader.prepare('VACUUM INTO ?').run(to);
  } finally {
    reader.close();
  }
  chmodSync(to, statSync(path).mode & 0o777); // as private as the database it copies
}

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** draw.db.before-v3.bak, or draw.db.before-v3.2.bak … when that name is taken: an old copy is never overwritten. */
export function backupPathFor(path: string, version: number): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${path}.before-v${version}.bak` : `${path}.before-v${version}.${n}.bak`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * An error of the storage underneath a command (SQLite's or the file system's) as a message for
 * the clerk with what to do; undefined for anything else. The entry (src/cli/entry.ts) turns it into the exit code.
 */
export function storageError(error: unknown, path: string): DrawError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const is = (prefix: string) => code === prefix || code.startsWith(`${prefix}_`);
  const damaged = damage(code, reason, path);
  if (damaged) return damaged;
  const race = constraintRace(code, reason);
  if (race) return race;
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) return DrawError.of(EXIT.runtime, 'db.busy', { path }, 'db.busyHint');
  if (is('SQLITE_READONLY')) return DrawError.of(EXIT.runtime, 'db.readOnly', { path }, 'db.readOnlyHint');
  if (code === 'SQLITE_FULL') return DrawError.of(EXIT.runtime, 'db.full', { path }, 'db.fullHint');
  if (is('SQLITE_IOERR')) return DrawError.of(EXIT.runtime, 'db.ioError', { path, reason }, 'db.ioErrorHint');
  if (is('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return DrawError.of(EXIT.runtime, 'db.corrupt', { path, reason }, 'db.corruptHint');
  if (is('SQLITE_CANTOPEN')) return DrawError.of(EXIT.runtime, 'db.openFailed', { path, reason }, 'db.cantOpenHint');
  if (code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT') return DrawError.of(EXIT.runtime, 'file.noSpace', { reason }, 'db.fullHint');
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return DrawError.of(EXIT.runtime, 'file.denied', { reason }, 'file.deniedHint');
  if (code === 'EIO') return DrawError.of(EXIT.runtime, 'file.ioError', { reason }, 'db.ioErrorHint');
  return undefined;
}

/**
 * A table or column the schema has and the file does not: the database was changed outside the
 * tool (exit 4, as for any other tampering), never SQLite's own words.
 */
const one = (key: MessageKey, params?: Record<string, unknown>) => new MessageList([{ key, params }], 'inline');

function damage(code: string, reason: string, path: string): DrawError | undefined {
  if (code !== 'SQLITE_ERROR') return undefined;
  const table = /^no such table: (?:main\.)?(\S+)/.exec(reason);
  if (table) return DrawError.of(EXIT.mismatch, 'db.damaged', { path, what: one('db.missingTable', { table: table[1] }) }, 'db.damagedHint');
  const column = /^no such column: (\S+)/.exec(reason);
  if (column) return DrawError.of(EXIT.mismatch, 'db.damaged', { path, what: one('db.missingColumn', { column: column[1] }) }, 'db.damagedHint');
  return undefined;
}

/**
 * Every unique constraint, as the clerk knows the record it keeps single. Two clerks doing the
 * same at the same moment (one check before the write lock, one write after) end here: the
 * second is refused by the constraint, and told so in words (exit 2, nothing written).
 */
const UNIQUE_RECORDS: Record<string, MessageKey> = {
  'confirmations.draw_id, confirmations.department': 'db.record.confirmation',
  'plans.number': 'db.record.planNumber',
  'draws.plan_id': 'db.record.effectiveDraw',
  'results.draw_id, results.number': 'db.record.currentResult',
  'replacements.draw_id, replacements.seq': 'db.record.replacement',
  'audit_log.seq': 'db.record.auditEntry',
  'accepted_codes.code': 'db.record.acceptedCode',
  'settings.key': 'db.record.setting',
};

function constraintRace(code: string, reason: string): DrawError | undefined {
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
  const columns = /constraint failed: (.+)$/.exec(reason)?.[1].trim() ?? '';
  const key = UNIQUE_RECORDS[columns];
  return DrawError.of(EXIT.usage, 'db.conflict', { what: key ? one(key) : columns }, 'db.conflictHint');
}

/** The page cache of an import's transaction, in KiB (see beginBulkWrite). */
export const BULK_CACHE_KB = 32 * 1024;

/**
 * Starts an import's one transaction. A large import touches pages all over the key index: a
 * bigger page cache keeps them in memory instead of spilling. 32 MB: SQLite's sorter (the
 * indexes an import of a new registry builds at its end, see store/registry.ts) takes as much
 * again, and the whole import stays within 200 MB whatever the file's size.
 *
 * `ownReferencesOnly`: every reference the rows hold is to the import's own record, written in
 * this transaction (a subject registry: `subjects.import_id`). SQLite's per-row check of it was a
 * sixth of the cost of writing a row, so foreign keys are off for this transaction (SQLite
 * allows the switch only outside one) and on again when it ends.
 */
export function beginBulkWrite(db: Db, ownReferencesOnly = false): void {
  db.pragma(`cache_size = -${BULK_CACHE_KB}`);
  // The sorter of an index built at the end may merge on a helper thread: the checking thread
  // has finished by then, and the build took a fifth less time (3.3 against 2.6 s at 1,000,000).
  db.pragma('threads = 1');
  if (ownReferencesOnly) db.pragma('foreign_keys = OFF');
  db.exec('BEGIN IMMEDIATE');
}

/**
 * Before a bulk write builds the indexes it set aside (store/registry.ts): SQLite's sorter fills
 * a run as large as the page cache while its helper thread writes out the one before, so the
 * cache is halved to keep the two within what the cache had (216 MB at a million rows otherwise).
 */
export function beforeIndexBuilds(db: Db): void {
  db.pragma(`cache_size = -${BULK_CACHE_KB >> 1}`);
}

/** Ends the bulk write transaction, keeping what it wrote. */
export function commitBulkWrite(db: Db): void {
  db.exec('COMMIT');
  db.pragma('foreign_keys = ON');
}

/** Ends the bulk write transaction, if open, keeping nothing. */
export function rollbackBulkWrite(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.pragma('foreign_keys = ON');
}
