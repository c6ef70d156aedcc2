import { createHash } from 'node:crypto';
import {
  closeSync, constants, copyFileSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { busy, locked, refusal, writeError } from './write-errors.js';
import { checkTarget, nameLength, type Target, type TargetOptions } from './write-target.js';

/**
 * The one way the tool writes a file: every export, paper, package, rejects file and backup.
 *
 * 1. The target is checked (write-target.ts): never the database, never through a link, only a
 *    regular file, an existing one only with `--force`.
 * 2. Temporaries that a killed run left in that folder are removed (see TEMP).
 * 3. The content goes to a temporary beside the target, created exclusively with the caller's
 *    mode from its first byte (0600 for what holds names and phones, 0644 for public papers),
 *    and is flushed to the disk (fsync) before it gets the target's name.
 * 4. The target is checked once more, then the temporary takes its name: without `--force` by a
 *    hard link, which fails rather than replace a file that appeared meanwhile; with `--force` by
 *    a rename over it. On Windows an antivirus scanner or Excel holding the old file makes the
 *    rename fail for a moment (EBUSY, EPERM, EACCES): it is retried for about two seconds. The
 *    folder is flushed too (Linux), so that the new name survives a power cut.
 *
 * On any failure the temporary is removed and the old file is as it was.
 */

export interface WriteOptions extends TargetOptions {
  /** The file's mode: MODE.private or MODE.public. */
  mode: number;
  /** The calls a Windows PC makes fail; a test may put its own in. */
  rename?: (from: string, to: string) => void;
}

export const MODE = { private: 0o600, public: 0o644 } as const;

export interface Written { path: string; bytes: number; sha256: string }

export type Content = string | Buffer | Iterable<string | Buffer> | AsyncIterable<string | Buffer>;

/**
 * `.NAME.draw-PID.tmp`: hidden, named after the target so that a clerk who sees one knows what it
 * was, and after the process so that the next run can tell a dead writer's from a live one's.
 * SQLite may add `-journal`, `-wal` or `-shm` while a backup is written to it.
 */
const TEMP = /^\..*\.draw-(\d+)\.(tmp|old)(-journal|-wal|-shm)?$/s;

function tempName(name: string, pid: number, kind: 'tmp' | 'old', platform: NodeJS.Platform): string {
  const tail = `.draw-${pid}.${kind}-journal`; // room for SQLite's suffix too
  let base = name;
  while (base && nameLength(`.${base}${tail}`, platform) > 255) base = base.slice(0, -1);
  return `.${base}.draw-${pid}.${kind}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Removes the temporaries of writers that are no longer running (killed, or the PC switched off). */
export function removeStaleTemps(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(folder, name));
      removed.push(name);
    } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// About two seconds in all: long enough for a scanner to let go, short enough for a clerk to wait.
const RETRY_MS = [20, 40, 80, 160, 320, 500, 500, 500];

/** A file being written: open() checks and creates the temporary, commit() puts it in place. */
export class PendingFile {
  private fd: number | undefined;
  private readonly hash = createHash('sha256');
  private digest: string | undefined;
  private size = 0;
  private kept: string | undefined;
  private state: 'open' | 'placed' | 'done' | 'aborted' = 'open';
  private readonly platform: NodeJS.Platform;

  private constructor(private readonly target: Target, readonly temp: string, fd: number, private readonly options: WriteOptions) {
    this.fd = fd;
    this.platform = options.platform ?? process.platform;
  }

  static open(target: string, options: WriteOptions): PendingFile {
    const t = checkTarget(target, options);
    removeStaleTemps(t.folder);
    const temp = join(t.folder, tempName(t.name, process.pid, 'tmp', options.platform ?? process.platform));
    let fd: number;
    try {
      fd = openSync(temp, 'wx', options.mode);
    } catch (error) {
      throw writeError(error, t.path);
    }
    const file = new PendingFile(t, temp, fd, options);
    try {
      // the mode asked for, whatever the umask (Windows has only the read-only bit)
      if (file.platform !== 'win32') fchmodSync(fd, options.mode);
    } catch (error) {
      file.abort();
      throw writeError(error, t.path);
    }
    return file;
  }

  get path(): string { return this.target.path; }

  write(chunk: string | Buffer): void {
    if (this.fd === undefined || this.digest !== undefined) throw new Error('PendingFile.write after the file was closed');
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (error) {
      this.abort();
      throw writeError(error, this.path);
    }
    this.hash.update(bytes);
    this.size += bytes.length;
  }

  /** Closes the temporary so that another writer (SQLite's backup) can fill it; commit() flushes it. */
  release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * Flushes the temporary and gives it the target's name. With `--force`, the file it replaces is
   * kept under a temporary name until finish(), so that undo() can put it back.
   */
  commit(): void {
    if (this.state !== 'open') throw new Error(`PendingFile.commit when ${this.state}`);
    try {
      this.flush();
      const now = checkTarget(this.path, this.options);
      if (now.existing) this.keepOld();
      if (this.options.force) this.renameRetrying(this.temp, this.path);
      else this.linkInPlace();
      this.state = 'placed';
      syncFolder(this.target.folder, this.platform);
    } catch (error) {
      this.abort();
      throw writeError(error, this.path);
    }
  }

  /** After commit(): the target as it was before (the old file back, or no file). */
  undo(): void {
    if (this.state !== 'placed') return;
    try {
      if (this.kept) this.renameRetrying(this.kept, this.path);
      else unlinkSync(this.path);
      this.kept = undefined;
    } finally {
      this.state = 'aborted';
    }
  }

  /** After commit(): drops the kept old file. */
  finish(): Written {
    if (this.kept) remove(this.kept);
    this.kept = undefined;
    this.state = 'done';
    return this.result();
  }

  /** The content's SHA-256; nothing more may be written once it is asked for. */
  get sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  result(): Written {
    return { path: this.path, bytes: this.size, sha256: this.sha256 };
  }

  /** Whatever has happened so far, undone: before commit() the temporary goes, after it the old file comes back. */
  rollback(): void {
    if (this.state === 'placed') this.undo();
    else this.abort();
  }

  /** Removes the temporary (and what SQLite may have put beside it); the target is untouched. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    if (this.fd !== undefined) {
      try { closeSync(this.fd); } catch { /* closed */ }
      this.fd = undefined;
    }
    for (const f of [this.temp, `${this.temp}-journal`, `${this.temp}-wal`, `${this.temp}-shm`]) remove(f);
    if (this.kept) remove(this.kept);
  }

  private flush(): void {
    if (this.fd === undefined) this.fd = openSync(this.temp, 'r+');
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private keepOld(): void {
    const kept = join(this.target.folder, tempName(this.target.name, process.pid, 'old', this.platform));
    try {
      linkSync(this.path, kept);
    } catch {
      // no hard links here (FAT, some shares): a copy does the same
      copyFileSync(this.path, kept, constants.COPYFILE_EXCL);
    }
    this.kept = kept;
  }

  /** Without --force: a hard link never replaces a file that appeared since the check. */
  private linkInPlace(): void {
    try {
      linkSync(this.temp, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refusal('exists', this.path);
      // no hard links on this file system: look once more, then rename
      checkTarget(this.path, this.options);
      this.renameRetrying(this.temp, this.path);
      return;
    }
    remove(this.temp);
  }

  private renameRetrying(from: string, to: string): void {
    const rename = this.options.rename ?? renameSync;
    for (let attempt = 0; ; attempt++) {
      try {
        rename(from, to);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const windowsLock = this.platform === 'win32' && (code === 'EPERM' || code === 'EACCES');
        if (code !== 'EBUSY' && !windowsLock) throw error;
        if (attempt >= RETRY_MS.length) throw code === 'EBUSY' ? busy(this.path) : locked(this.path);
        sleep(RETRY_MS[attempt]);
      }
    }
  }
}

function remove(file: string): void {
  try { unlinkSync(file); } catch { /* not there */ }
}

/** Makes a new name durable: on Linux the folder's entry is flushed too; Windows cannot open a folder. */
function syncFolder(folder: string, platform: NodeJS.Platform): void {
  if (platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch { /* some file systems refuse fsync on a folder: the file itself is flushed */ } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isChunks(content: Content): content is Iterable<string | Buffer> {
  return typeof (content as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Writes a whole file the one way (see above) and returns its path, size and SHA-256. */
export function writeFileSafelySync(target: string, content: string | Buffer | Iterable<string | Buffer>, options: WriteOptions): Written {
  const file = PendingFile.open(target, options);
  try {
    if (typeof content === 'string' || Buffer.isBuffer(content)) file.write(content);
    else for (const chunk of content) file.write(chunk);
  } catch (error) {
    file.abort(); // a write that failed has aborted already; a producer that threw has not
    throw error;
  }
  file.commit();
  return file.finish();
}

/** The same for content that arrives as a stream. */
export async function writeFileSafely(target: string, content: Content, options: WriteOptions): Promise<Written> {
  if (typeof content === 'string' || Buffer.isBuffer(content) || isChunks(content)) return writeFileSafelySync(target, content, options);
  const file = PendingFile.open(target, options);
  try {
    for await (const chunk of content) file.write(chunk);
  } catch (error) {
    file.abort();
    throw error;
  }
  file.commit();
  return file.finish();
}

/** Stages a file for a command that records it in the database: commit() inside the transaction, undo() if it fails. */
export function stageFileSync(target: string, content: string | Buffer, options: WriteOptions): PendingFile {
  const file = PendingFile.open(target, options);
  file.write(content);
  return file;
}

/** A folder that an export writes its files into (`export sheets --out 抽查表/`): made when missing. */
export function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw writeError(error, dir);
  }
}
