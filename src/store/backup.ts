import Database from 'better-sqlite3';
import { verifyAudit } from './audit.js';
import { runtimeError } from '../errors.js';

/** Opens a backup copy on its own, makes it one file, and checks it; throws if SQLite finds it damaged. */
export function checkCopy(target: string, file: string) {
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw runtimeError('backup.badCopy', { file, detail: String(integrity) });
    const chain = verifyAudit(copy);
    return { schema: copy.pragma('user_version', { simple: true }) as number, entries: chain.count, head: chain.head, broken: chain.broken };
  } finally {
    copy.close();
  }
}
