import { changeJournal as setStoredJournal, journalMode, type JournalMode } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import type { App } from './context.js';

/**
 * Changes the database's own journal mode, for every later command, on the record (db.journal).
 * SQLite cannot change the mode inside a transaction: the mode is changed first (refused as busy
 * while another connection has the file), then the entry appended.
 */
export function changeJournal(app: App, path: string, to: JournalMode) {
  const from = journalMode(app.db);
  if (from === to) return { from, to, changed: false as const };
  setStoredJournal(app.db, path, to);
  const auditHead = appendAudit(app.db, app.now(), app.operator, 'db.journal', { from, to }).hash;
  return { from, to, changed: true as const, auditHead };
}

/** A WAL database found on a Windows share was turned to delete by the open (src/store/db.ts): logged. */
export function recordShareConversion(app: App): string {
  return appendAudit(app.db, app.now(), app.operator, 'db.journal', { from: 'wal', to: 'delete', reason: 'share' }).hash;
}
