import { closeSync, existsSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';

/**
 * The files of `draw db backup`: a temporary name created by us first (so that the copy of
 * people's names and phones is 0600 from its first byte), given its name only once it has passed
 * its check, never replacing a file that appeared there meanwhile.
 */
export function backupTarget(file: string, dbPath: string): string {
  const target = resolve(file);
  if (target === resolve(dbPath)) throw usageError('backup.same', { file });
  if (existsSync(target)) throw usageError('backup.exists', { file }, 'backup.existsHint');
  return target;
}

export function createPartial(target: string): string {
  const partial = `${target}.${process.pid}.partial`;
  closeSync(openSync(partial, 'wx', 0o600));
  return partial;
}

/** Removes a copy cut short, with whatever SQLite left beside it. */
export function removePartial(partial: string): void {
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
    try { unlinkSync(f); } catch { /* not there */ }
  }
}

/** Gives the checked copy its name without ever replacing a file that appeared there meanwhile. */
export function putInPlace(partial: string, target: string, file: string): void {
  try {
    linkSync(partial, target);
    unlinkSync(partial);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw usageError('backup.exists', { file }, 'backup.existsHint');
    // a file system without hard links (a Windows share): rename, having looked once more
    if (existsSync(target)) throw usageError('backup.exists', { file }, 'backup.existsHint');
    renameSync(partial, target);
  }
}

export const fileSize = (path: string): number => statSync(path).size;
