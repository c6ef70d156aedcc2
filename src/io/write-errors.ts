import { basename, dirname } from 'node:path';
import { DrawError, runtimeError, usageError } from '../errors.js';

/**
 * What a failed write of an output file tells the clerk. A target the tool will not write
 * (a folder, a missing folder, a name too long, the database, an existing file) is the
 * clerk's choice to change: exit 2. A disk that will not take the file (full, read-only,
 * no permission, held open by another program) is the machine's state: exit 1.
 * Every message says that the old file, if there was one, is as it was.
 */

export type Refusal = 'isDatabase' | 'exists' | 'symlink' | 'notRegular' | 'isFolder' | 'noFolder' | 'nameTooLong';

/** A target the tool refuses to write: a usage error with its own hint. */
export function refusal(kind: Refusal, path: string, extra: Record<string, unknown> = {}): DrawError {
  return usageError(`write.${kind}`, { path, folder: dirname(path), ...extra }, `write.${kind}Hint`);
}

/** A name shown shortened: 300 characters do not help anyone read the message. */
export function shortName(path: string): string {
  const name = basename(path);
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** An error of the file system while writing `path`, as a message with what to do. */
export function writeError(error: unknown, path: string): DrawError {
  if (error instanceof DrawError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const params = { path, folder: dirname(path), reason: error instanceof Error ? error.message : String(error) };
  switch (code) {
    case 'ENAMETOOLONG':
      return refusal('nameTooLong', path, { name: shortName(path), length: basename(path).length });
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ELOOP':
      return refusal('noFolder', path);
    case 'EISDIR':
      return refusal('isFolder', path);
    case 'ENOSPC':
    case 'EFBIG':
    case 'EDQUOT':
      return runtimeError('write.full', params, 'write.fullHint');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return runtimeError('write.denied', params, 'write.deniedHint');
    case 'EBUSY':
      return busy(path);
    default:
      return runtimeError('write.failed', params, 'write.failedHint');
  }
}

/** The target is held open by another program (Excel, an antivirus scanner) past every retry. */
export function busy(path: string): DrawError {
  return runtimeError('write.busy', { path, folder: dirname(path) }, 'write.busyHint');
}

/** Windows says "access denied" for a file another program holds locked: the same advice, and the other cause. */
export function locked(path: string): DrawError {
  return runtimeError('write.locked', { path, folder: dirname(path) }, 'write.lockedHint');
}
