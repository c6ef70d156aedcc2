import { resolve } from 'node:path';
import { DrawError, runtimeError } from '../errors.js';
import { checkCopy } from '../store/backup.js';
import { fileSize, inBackupWords, openBackup } from '../io/backup-file.js';
import type { App } from './context.js';

/**
 * An online backup (SQLite's backup API: a consistent copy even while other commands write): one
 * self-contained file in rollback-journal mode, mode 0600, checked before it is called done (it
 * opens, passes SQLite's check, and its audit chain holds), and only then given its name
 * (io/backup-file.ts). Writes nothing to the log: a backup changes nothing.
 */
export async function backUp(app: App, input: { file: string; dbPath: string }) {
  const { file } = input;
  const pending = openBackup(file, input.dbPath);
  let summary: ReturnType<typeof checkCopy>;
  try {
    await app.db.backup(pending.temp);
    summary = checkCopy(pending.temp, file);
    pending.commit();
  } catch (error) {
    pending.abort();
    if (error instanceof DrawError) throw inBackupWords(error, file);
    // a full disk or a folder that will not take the file: name the backup, not the database
    throw runtimeError('backup.failed', { file, reason: (error as Error).message }, 'backup.failedHint');
  }
  const { path } = pending.finish();
  return { file: path, db: resolve(input.dbPath), bytes: fileSize(path), ...summary };
}
