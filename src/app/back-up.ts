import { resolve } from 'node:path';
import { DrawError, runtimeError } from '../errors.js';
import { checkCopy } from '../store/backup.js';
import { backupTarget, createPartial, fileSize, putInPlace, removePartial } from '../io/backup-file.js';
import type { App } from './context.js';

/**
 * An online backup (SQLite's backup API: a consistent copy even while other commands write): one
 * self-contained file in rollback-journal mode, mode 0600, checked before it is called done (it
 * opens, passes SQLite's check, and its audit chain holds). Writes nothing to the log: a backup
 * changes nothing.
 */
export async function backUp(app: App, input: { file: string; dbPath: string }) {
  const { file } = input;
  const target = backupTarget(file, input.dbPath);
  const partial = createPartial(target);
  let summary: ReturnType<typeof checkCopy>;
  try {
    await app.db.backup(partial);
    summary = checkCopy(partial, file);
    putInPlace(partial, target, file);
  } catch (error) {
    removePartial(partial);
    if (error instanceof DrawError) throw error;
    // a full disk or a folder that will not take the file: name the backup, not the database
    throw runtimeError('backup.failed', { file, reason: (error as Error).message }, 'backup.failedHint');
  }
  return { file: target, db: resolve(input.dbPath), bytes: fileSize(target), ...summary };
}
