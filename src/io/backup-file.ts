import { statSync } from 'node:fs';
import { DrawError, usageError } from '../errors.js';
import { checkTarget } from './write-target.js';
import { MODE, PendingFile } from './write-file.js';

/**
 * The file of `draw db backup`, written the one way (write-file.ts) with SQLite filling the
 * temporary: never the database or one of its files, never through a link, created by us first
 * so that the copy of people's names and phones is 0600 from its first byte, named
 * `.FILE.draw-PID.tmp`, and given its name only once it has passed its check, by a hard link that
 * never replaces a file that appeared meanwhile. A backup cut short (a full disk, a killed
 * process) never sits under the name asked for; the next run removes what a killed one left.
 * A backup has no --force: it never replaces a file.
 */

/** The target looked at before the database is opened: the database itself, or a file already there, is refused. */
export function checkBackupTarget(file: string, dbPath: string): void {
  try {
    checkTarget(file, { dbPath });
  } catch (error) {
    throw inBackupWords(error, file);
  }
}

/** The temporary for SQLite's backup to fill, closed by us; commit() puts it in place, abort() removes it. */
export function openBackup(file: string, dbPath: string): PendingFile {
  let pending: PendingFile;
  try {
    pending = PendingFile.open(file, { dbPath, mode: MODE.private });
  } catch (error) {
    throw inBackupWords(error, file);
  }
  pending.release();
  return pending;
}

/** A backup's own words for a file already there (it has no --force to suggest). */
export function inBackupWords(error: unknown, file: string): unknown {
  return error instanceof DrawError && error.key === 'write.exists' ? usageError('backup.exists', { file }, 'backup.existsHint') : error;
}

export const fileSize = (path: string): number => statSync(path).size;
