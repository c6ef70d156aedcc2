import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync, linkSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrawError, EXIT } from '../src/errors.js';
import { MODE, PendingFile, stageFileSync, writeFileSafely, writeFileSafelySync, type WriteOptions } from '../src/io/write-file.js';
import { ROOT, tmp } from './helpers.js';

/**
 * Issue 15 "One way to write a file" and issue 12 "Files that survive an office PC", at the level
 * of the module every export, paper, package, rejects file and backup goes through. Real files,
 * a real tmpfs that fills up, a real bind mount that keeps a target busy.
 */

const root = process.getuid?.() === 0;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A folder with a database in it (any bytes will do: the writer never opens it). */
function place() {
  const dir = tmp('draw-write-');
  const db = join(dir, 'draw.db');
  writeFileSync(db, 'SQLite format 3\0 the county');
  const opts = (more: Partial<WriteOptions> = {}): WriteOptions => ({ dbPath: db, mode: MODE.private, ...more });
  return { dir, db, opts };
}

function refused(fn: () => unknown): DrawError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DrawError);
    return error as DrawError;
  }
  throw new Error('not refused');
}

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('a new file', () => {
  it('is written whole, with the mode asked for, and nothing else is left in the folder', () => {
    const { dir, opts } = place();
    const internal = writeFileSafelySync(join(dir, 'sheets.html'), '<p>张三</p>', opts());
    expect(readFileSync(internal.path, 'utf8')).toBe('<p>张三</p>');
    expect(internal).toMatchObject({ bytes: Buffer.byteLength('<p>张三</p>'), sha256: sha('<p>张三</p>') });
    expect(statSync(internal.path).mode & 0o777).toBe(0o600);
    const pub = writeFileSafelySync(join(dir, '公示.csv'), Buffer.from('a,b\r\n'), opts({ mode: MODE.public }));
    expect(statSync(pub.path).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['draw.db', 'sheets.html', '公示.csv'].sort());
  });

  it('takes a stream, hashes what it wrote, and leaves nothing when the stream fails half-way', async () => {
    const { dir, opts } = place();
    async function* chunks(fail: boolean) {
      for (let i = 0; i < 100; i++) {
        if (fail && i === 50) throw new Error('the producer broke');
        yield `行${i},`.repeat(100);
      }
    }
    const whole = Array.from({ length: 100 }, (_, i) => `行${i},`.repeat(100)).join('');
    const w = await writeFileSafely(join(dir, 'big.csv'), chunks(false), opts());
    expect(readFileSync(w.path, 'utf8')).toBe(whole);
    expect(w.sha256).toBe(sha(whole));
    await expect(writeFileSafely(join(dir, 'broken.csv'), chunks(true), opts())).rejects.toThrow('the producer broke');
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'draw.db']);
  });

  it('keeps a temporary within the file system\'s name limit for a long (but allowed) name', () => {
    const { dir, opts } = place();
    const name = `${'长'.repeat(80)}.csv`; // 244 bytes: the name fits, `.NAME.draw-PID.tmp` would not
    expect(writeFileSafelySync(join(dir, name), 'x', opts()).path).toBe(join(dir, name));
  });
});

describe('an existing file', () => {
  it('is never replaced without force, and is replaced whole with it', () => {
    const { dir, opts } = place();
    const file = join(dir, 'drawn.csv');
    writeFileSync(file, 'OLD');
    const e = refused(() => writeFileSafelySync(file, 'NEW', opts()));
    expect(e).toMatchObject({ key: 'write.exists', exitCode: EXIT.usage, hintKey: 'write.existsHint' });
    expect(readFileSync(file, 'utf8')).toBe('OLD');
    writeFileSafelySync(file, 'NEW', opts({ force: true }));
    expect(readFileSync(file, 'utf8')).toBe('NEW');
    expect(readdirSync(dir).sort()).toEqual(['draw.db', 'drawn.csv']);
  });

  it('that appears while the file is being written is not replaced (the check is made again at the end)', () => {
    const { dir, opts } = place();
    const file = join(dir, 'drawn.csv');
    const pending = PendingFile.open(file, opts());
    pending.write('NEW');
    writeFileSync(file, 'A COLLEAGUE\'S');
    expect(refused(() => pending.commit()).key).toBe('write.exists');
    expect(readFileSync(file, 'utf8')).toBe('A COLLEAGUE\'S');
    expect(readdirSync(dir).sort()).toEqual(['draw.db', 'drawn.csv']);
  });

  it('comes back when a staged file is undone after it was put in place', () => {
    const { dir, opts } = place();
    const file = join(dir, '公示.csv');
    writeFileSync(file, 'LAST YEAR');
    const staged = stageFileSync(file, 'THIS YEAR', opts({ force: true, mode: MODE.public }));
    expect(staged.sha256).toBe(sha('THIS YEAR'));
    staged.commit();
    expect(readFileSync(file, 'utf8')).toBe('THIS YEAR');
    staged.undo();
    expect(readFileSync(file, 'utf8')).toBe('LAST YEAR');
    expect(readdirSync(dir).sort()).toEqual(['draw.db', '公示.csv']);
    // and with no old file, undo leaves none
    const fresh = stageFileSync(join(dir, 'new.csv'), 'x', opts());
    fresh.commit();
    fresh.undo();
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
  });
});

describe('the database', () => {
  it('is never written: by name, relative name, its -wal/-shm/-journal, its migration copy, a symlink, a linked folder, a hard link; not with force', () => {
    const { dir, db, opts } = place();
    const before = readFileSync(db);
    for (const side of ['-wal', '-shm', '-journal']) writeFileSync(db + side, side);
    writeFileSync(`${db}.before-v3.bak`, 'copy');
    symlinkSync(db, join(dir, 'link.csv'));
    symlinkSync(dir, join(dir, '..', `${dir.split('/').pop()}-folder-link`));
    linkSync(db, join(dir, 'hard.csv'));
    const targets = [
      db, join(dir, '.', 'draw.db'), `${db}-wal`, `${db}-shm`, `${db}-journal`, `${db}.before-v3.bak`, `${db}.before-v3.2.bak`,
      join(dir, 'link.csv'), join(`${dir}-folder-link`, 'draw.db'), join(`${dir}-folder-link`, 'draw.db-wal'), join(dir, 'hard.csv'),
    ];
    for (const target of targets) {
      for (const force of [false, true]) {
        const e = refused(() => writeFileSafelySync(target, 'EXPORT', opts({ force })));
        expect(e, target).toMatchObject({ key: 'write.isDatabase', exitCode: EXIT.usage });
        expect(e.params.db).toBe(db);
      }
    }
    // a database reached by a relative --db, from the folder it is in
    const e = refused(() => writeFileSafelySync(join(dir, 'draw.db'), 'x', { dbPath: join(dir, '..', dir.split('/').pop()!, 'draw.db'), mode: 0o600, force: true }));
    expect(e.key).toBe('write.isDatabase');
    expect(readFileSync(db)).toEqual(before);
    for (const side of ['-wal', '-shm', '-journal']) expect(readFileSync(db + side, 'utf8')).toBe(side);
    expect(readFileSync(`${db}.before-v3.bak`, 'utf8')).toBe('copy');
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });
});

describe('the database on Windows', () => {
  it('is known under another case of its name (NTFS compares names without case)', () => {
    const { dir, opts } = place();
    for (const name of ['DRAW.DB', 'Draw.db-WAL', 'draw.DB.before-v3.bak']) {
      expect(refused(() => writeFileSafelySync(join(dir, name), 'x', opts({ force: true, platform: 'win32' }))).key, name).toBe('write.isDatabase');
    }
    // on Linux those are other files
    expect(writeFileSafelySync(join(dir, 'DRAW.DB'), 'x', opts({ platform: 'linux' })).path).toBe(join(dir, 'DRAW.DB'));
  });
});

describe('what is not a regular file', () => {
  it('a symlink to another file is refused, never followed, even with force', () => {
    const { dir, opts } = place();
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'SOMEONE ELSE\'S');
    symlinkSync(other, join(dir, 'out.json'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.json'));
    for (const target of ['out.json', 'dangling.json']) {
      expect(refused(() => writeFileSafelySync(join(dir, target), 'x', opts({ force: true }))).key).toBe('write.symlink');
    }
    expect(readFileSync(other, 'utf8')).toBe('SOMEONE ELSE\'S');
    expect(lstatSync(join(dir, 'out.json')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it.skipIf(!root)('a device (a null device made here with mknod) stays a device, even with force', () => {
    const { dir, opts } = place();
    const dev = join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    expect(refused(() => writeFileSafelySync(dev, 'x', opts({ force: true }))).key).toBe('write.notRegular');
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(refused(() => writeFileSafelySync('/dev/null', 'x', opts({ force: true }))).key).toBe('write.notRegular');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a FIFO is refused', () => {
    const { dir, opts } = place();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(refused(() => writeFileSafelySync(fifo, 'x', opts({ force: true }))).key).toBe('write.notRegular');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('Windows device names are refused on Windows', () => {
    const { dir, opts } = place();
    for (const name of ['NUL', 'con.csv', 'COM1.txt', 'lpt3']) {
      expect(refused(() => writeFileSafelySync(join(dir, name), 'x', opts({ platform: 'win32' }))).key, name).toBe('write.notRegular');
    }
    expect(existsSync(join(dir, 'NUL'))).toBe(false);
  });
});

describe('a target that cannot be a file', () => {
  it('a folder, a missing folder, a file used as a folder and a 300-character name: the message that says so, exit 2', () => {
    const { dir, opts } = place();
    writeFileSync(join(dir, 'plain'), 'x');
    const cases: [string, string][] = [
      [dir, 'write.isFolder'],
      [join(dir, 'no-such-folder', 'out.csv'), 'write.noFolder'],
      [join(dir, 'plain', 'out.csv'), 'write.noFolder'],
      [join(dir, `${'x'.repeat(296)}.csv`), 'write.nameTooLong'],
    ];
    for (const [target, key] of cases) {
      const e = refused(() => writeFileSafelySync(target, 'x', opts({ force: true })));
      expect(e, target).toMatchObject({ key, exitCode: EXIT.usage, hintKey: `${key}Hint` });
    }
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['draw.db', 'plain']);
  });
});

describe.skipIf(!root)('a full disk (a 64 KB tmpfs)', () => {
  const disk = tmp('draw-small-disk-');
  beforeAll(() => { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]); });
  afterAll(() => { spawnSync('umount', [disk]); });

  it('leaves the old file as it was and no temporary', async () => {
    const { opts } = place();
    const file = join(disk, 'package.json');
    writeFileSync(file, 'OLD PACKAGE');
    const big = Buffer.alloc(200 << 10, 'x');
    const e = refused(() => writeFileSafelySync(file, big, opts({ force: true })));
    expect(e).toMatchObject({ key: 'write.full', exitCode: EXIT.runtime, hintKey: 'write.fullHint' });
    expect(readFileSync(file, 'utf8')).toBe('OLD PACKAGE');
    async function* stream() { for (let i = 0; i < 100; i++) yield Buffer.alloc(4096, 'y'); }
    await expect(writeFileSafely(join(disk, 'new.json'), stream(), opts())).rejects.toMatchObject({ key: 'write.full' });
    expect(readdirSync(disk)).toEqual(['package.json']);
  });
});

describe.skipIf(!root)('no permission', () => {
  it('a read-only disk (EROFS) and a folder of another user (EACCES): the permission message, exit 1, nothing left', () => {
    const { db } = place();
    const ro = tmp('draw-ro-disk-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]);
    try {
      const e = refused(() => writeFileSafelySync(join(ro, 'out.csv'), 'x', { dbPath: db, mode: MODE.public }));
      expect(e).toMatchObject({ key: 'write.denied', exitCode: EXIT.runtime, hintKey: 'write.deniedHint' });
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      spawnSync('umount', [ro]);
    }
    // root may write anywhere: the writer runs as nobody, in a folder it may read but not write
    const folder = tmp('draw-theirs-');
    execFileSync('chmod', ['755', folder]);
    const module = pathToFileURL(join(ROOT, 'dist', 'io', 'write-file.js')).href;
    const script = `
      const { writeFileSafelySync } = await import(${JSON.stringify(module)});
      try { writeFileSafelySync(${JSON.stringify(join(folder, 'out.csv'))}, 'x', { dbPath: '/nonexistent/draw.db', mode: 0o644 }); }
      catch (e) { console.log(JSON.stringify({ key: e.key, exitCode: e.exitCode })); }`;
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: '/' });
    expect(JSON.parse(r.stdout), r.stderr).toEqual({ key: 'write.denied', exitCode: EXIT.runtime });
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('a target held busy', () => {
  it('the rename is retried while Windows says EBUSY, EPERM or EACCES, then succeeds', () => {
    const { dir, opts } = place();
    const file = join(dir, '公示.csv');
    writeFileSync(file, 'OLD');
    for (const [platform, codes] of [['linux', ['EBUSY', 'EBUSY']], ['win32', ['EPERM', 'EACCES', 'EBUSY']]] as const) {
      const failures = [...codes];
      let calls = 0;
      const rename = (from: string, to: string) => {
        calls++;
        const code = failures.shift();
        if (code) throw errno(code);
        renameSync(from, to);
      };
      writeFileSafelySync(file, `NEW ${platform}`, opts({ force: true, rename, platform }));
      expect(calls).toBe(codes.length + 1);
      expect(readFileSync(file, 'utf8')).toBe(`NEW ${platform}`);
    }
    expect(readdirSync(dir).sort()).toEqual(['draw.db', '公示.csv']);
  });

  it('a target that stays busy: about two seconds of retries, then the message about the other program; the old file stays', () => {
    const { dir, opts } = place();
    const file = join(dir, '公示.csv');
    writeFileSync(file, 'OLD');
    let calls = 0;
    const started = Date.now();
    const e = refused(() => writeFileSafelySync(file, 'NEW', opts({ force: true, rename: () => { calls++; throw errno('EBUSY'); } })));
    const ms = Date.now() - started;
    expect(e).toMatchObject({ key: 'write.busy', exitCode: EXIT.runtime, hintKey: 'write.busyHint' });
    expect(calls).toBeGreaterThan(3);
    expect(ms).toBeGreaterThan(1500);
    expect(ms).toBeLessThan(6000);
    // Windows' "access denied" for a locked file: the same wait, the message that names both causes
    expect(refused(() => writeFileSafelySync(file, 'NEW', opts({ force: true, platform: 'win32', rename: () => { throw errno('EPERM'); } }))).key)
      .toBe('write.locked');
    // on Linux EPERM is a permission, not a lock: no waiting
    const t0 = Date.now();
    expect(refused(() => writeFileSafelySync(file, 'NEW', opts({ force: true, platform: 'linux', rename: () => { throw errno('EPERM'); } }))).key)
      .toBe('write.denied');
    expect(Date.now() - t0).toBeLessThan(500);
    expect(readFileSync(file, 'utf8')).toBe('OLD');
    expect(readdirSync(dir).sort()).toEqual(['draw.db', '公示.csv']);
  });

  it.skipIf(!root)('a real busy target (a file bind-mounted over it): EBUSY from the kernel, the busy message', () => {
    const { dir, opts } = place();
    const file = join(dir, '公示.csv');
    writeFileSync(file, 'OLD');
    writeFileSync(join(dir, 'held'), 'HELD');
    execFileSync('mount', ['--bind', join(dir, 'held'), file]);
    try {
      expect(refused(() => writeFileSafelySync(file, 'NEW', opts({ force: true }))).key).toBe('write.busy');
    } finally {
      execFileSync('umount', [file]);
    }
    expect(readFileSync(file, 'utf8')).toBe('OLD');
    expect(readdirSync(dir).sort()).toEqual(['draw.db', 'held', '公示.csv']);
  });
});

describe('a writer that was killed', () => {
  it('leaves only a temporary, which the next write in that folder removes; a live writer\'s is kept', async () => {
    const { dir, db } = place();
    const target = join(dir, 'sheets-1.html');
    // a real writer in another process, killed with SIGKILL half-way through its file
    const module = pathToFileURL(join(ROOT, 'dist', 'io', 'write-file.js')).href;
    const script = `
      const { PendingFile } = await import(${JSON.stringify(module)});
      const f = PendingFile.open(${JSON.stringify(target)}, { dbPath: ${JSON.stringify(db)}, mode: 0o600 });
      f.write('half a file');
      console.log('written');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout!, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const left = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(left).toEqual([`.sheets-1.html.draw-${child.pid}.tmp`]);
    expect(existsSync(target)).toBe(false);
    // a temporary of a process that is alive (this one's parent) is not touched
    const live = `.drawn.csv.draw-${process.ppid}.tmp`;
    writeFileSync(join(dir, live), 'busy writing');
    writeFileSafelySync(join(dir, 'other.csv'), 'x', { dbPath: db, mode: 0o644 });
    expect(readdirSync(dir).sort()).toEqual([live, 'draw.db', 'other.csv'].sort());
  });
});

afterAll(() => {
  for (const f of readdirSync('/tmp').filter((f) => f.startsWith('draw-write-') && f.endsWith('-folder-link'))) rmSync(join('/tmp', f), { force: true });
});
