import { lstatSync, readdirSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { refusal, shortName, writeError } from './write-errors.js';

/**
 * Where an output file may go. Everything here looks and nothing writes; write-file.ts asks
 * before it creates its temporary and once more just before it puts the file in place.
 *
 * - The database is never written: not by its name, not through a symlink or a hard link to it,
 *   not through a folder reached by a link (real paths and device/inode are compared), and
 *   neither are its `-wal`, `-shm`, `-journal` files nor the copies kept before a migration
 *   (`draw.db.before-v3.bak`). `--force` does not change that.
 * - A symlink at the target is refused, never followed: a link left in a shared folder must not
 *   choose which file an export replaces.
 * - Only a regular file is ever replaced: a folder, a device (/dev/null as root would become a
 *   regular file), a FIFO or a socket is refused; so are Windows device names (NUL, CON, COM1…).
 * - An existing file is replaced only with `--force`.
 */

export interface TargetOptions {
  /**
   * The database the command works on (ctx.dbPath). null only where the name cannot be chosen
   * to be the database's: the rejects file, named after the input (`FILE.rejects.csv`).
   */
  dbPath: string | null;
  force?: boolean;
  /** The platform whose rules apply (a test may ask for Windows'). */
  platform?: NodeJS.Platform;
}

export interface Target {
  /** The absolute path asked for. */
  path: string;
  /** Its folder, as given (the temporary goes there, so that the rename stays on one disk). */
  folder: string;
  name: string;
  /** What is there now: undefined for nothing. */
  existing: BigIntStats | undefined;
}

// NAME_MAX on Linux (bytes) and the longest name NTFS takes (UTF-16 units).
const NAME_MAX = 255;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

export function nameLength(name: string, platform: NodeJS.Platform): number {
  return platform === 'win32' ? name.length : Buffer.byteLength(name);
}

/** Checks a target and returns what is there; throws the refusal (exit 2) or the file system's error. */
export function checkTarget(target: string, options: TargetOptions): Target {
  const platform = options.platform ?? process.platform;
  const path = resolve(target);
  const folder = dirname(path);
  const name = basename(path);
  if (nameLength(name, platform) > NAME_MAX) throw refusal('nameTooLong', path, { name: shortName(path), length: name.length });
  let folderReal: string;
  try {
    folderReal = realpathSync(folder);
  } catch (error) {
    throw writeError(error, path);
  }
  if (!statSync(folderReal).isDirectory()) throw refusal('noFolder', path);
  if (platform === 'win32' && WINDOWS_DEVICE.test(name)) throw refusal('notRegular', path);
  let existing: BigIntStats | undefined;
  try {
    existing = lstatSync(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(error, path);
  }
  const db = options.dbPath === null ? undefined : databaseAt(path, join(folderReal, name), existing, options.dbPath, platform);
  if (db) throw refusal('isDatabase', path, { db });
  if (existing) {
    if (existing.isSymbolicLink()) throw refusal('symlink', path);
    if (existing.isDirectory()) throw refusal('isFolder', path);
    if (!existing.isFile()) throw refusal('notRegular', path);
    if (!options.force) throw refusal('exists', path);
  }
  return { path, folder, name, existing };
}

/** The database's own files: the file, its journals, and the copies kept before migrations. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];
const MIGRATION_COPY = /^\.before-v\d+(\.\d+)?\.bak$/;

/**
 * The database path when `path` (or `real`, the same name in the folder's real path) is one of
 * its files, by name or by device and inode; undefined otherwise.
 */
function databaseAt(path: string, real: string, existing: BigIntStats | undefined, dbPath: string, platform: NodeJS.Platform): string | undefined {
  const db = resolve(dbPath);
  let dbReal = db;
  try {
    dbReal = realpathSync(db);
  } catch { /* not there yet: its name is all there is to compare */ }
  // Windows and macOS compare names without case.
  const norm = (p: string) => (platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p);
  const candidates = [path, real];
  if (existing?.isSymbolicLink()) {
    try { candidates.push(realpathSync(path)); } catch { /* a dangling link: refused as a link */ }
  }
  for (const base of new Set([db, dbReal])) {
    for (const candidate of candidates) {
      const c = norm(candidate);
      const b = norm(base);
      if (SIDE_FILES.some((s) => c === b + s)) return db;
      if (c.startsWith(b) && MIGRATION_COPY.test(c.slice(b.length))) return db;
    }
  }
  // The same file under another name: a hard link, or a link the name comparison missed.
  let here: BigIntStats | undefined;
  try {
    here = existing && (existing.isSymbolicLink() ? statSync(path, { bigint: true }) : existing);
  } catch { /* a dangling link */ }
  // Some file systems (FAT, some shares) report no inode: nothing to compare there.
  if (!here || here.ino === 0n) return undefined;
  for (const file of databaseFiles(dbReal)) {
    try {
      const s = statSync(file, { bigint: true });
      if (s.dev === here.dev && s.ino === here.ino) return db;
    } catch { /* not there */ }
  }
  return undefined;
}

function databaseFiles(dbReal: string): string[] {
  const files = SIDE_FILES.map((s) => dbReal + s);
  const name = basename(dbReal);
  try {
    for (const f of readdirSync(dirname(dbReal))) {
      if (f.startsWith(name) && MIGRATION_COPY.test(f.slice(name.length))) files.push(join(dirname(dbReal), f));
    }
  } catch { /* an unreadable folder: the names above were compared */ }
  return files;
}
