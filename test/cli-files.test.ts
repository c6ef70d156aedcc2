import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statfsSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Every run is a process of its own (drawProcess): exit codes, working folders, mounts and the
// writer's PID-named temporaries are what a clerk's shell sees.
import { BIN, countyDb, draw as drawHere, drawProcess as draw, NODE, onDay, sqlite, tmp, type Run } from './helpers.js';

/**
 * Issue 15 "Output paths" and issue 12 "Files that survive an office PC", through the built CLI:
 * every export, the papers, the package, the rejects file and the backup. The database is a real
 * one with a drawn draw; the full disk a real tmpfs; the busy target a real bind mount.
 */

const root = process.getuid?.() === 0;
const noStack = (r: Run) => expect(r.stderr).not.toMatch(/^\s+at /m);

let county: ReturnType<typeof countyDb>;
beforeAll(async () => {
  county = countyDb();
  // planned and drawn in 2022, as the plan says (in this process: only here can the clock be moved)
  const plan = await onDay('2022-03-25T02:00:00Z', () => drawHere(['--db', county.db, 'plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
    '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']));
  expect(plan.code, plan.stderr).toBe(0);
  expect((await onDay('2022-04-01T01:00:00Z', () => drawHere(['--db', county.db, 'run', '2022-001', '--commit-only', '--seed-source', '公开摇号']))).code).toBe(0);
  expect((await onDay('2022-04-01T02:00:00Z', () => drawHere(['--db', county.db, 'run', '2022-001', '--seed', 's']))).code).toBe(0);
  expect((await onDay('2022-04-01T03:00:00Z', () => drawHere(['--db', county.db, 'confirm', '1', '--department', 'SCJG']))).code).toBe(0);
  writeFileSync(join(county.dir, '结果.csv'), '检查表,部门,检查日期,检查结果,事项结果,签字确认\n1/4,SCJG,2022-05-12,未发现问题,正常,是\n');
  expect(draw(['--db', county.db, 'import', 'results', join(county.dir, '结果.csv')]).code).toBe(0);
});

/** A copy of the drawn county in a folder of its own: one per test, so that no test sees another's files. */
function copy() {
  const dir = tmp('draw-files-');
  const db = join(dir, 'draw.db');
  copyFileSync(county.db, db);
  const run = (args: string[], cwd = dir) => draw(['--db', db, ...args], { cwd });
  return { dir, db, run };
}

/** The exports, each with the --out it takes; sheets takes a folder and writes sheets-1.html in it. */
const EXPORTS: { name: string; args: (out: string) => string[]; mode: number }[] = [
  { name: 'plan', args: (out) => ['export', 'plan', '2022-001', '--out', out], mode: 0o644 },
  { name: 'package', args: (out) => ['export', 'package', '1', '--out', out], mode: 0o600 },
  { name: 'drawn', args: (out) => ['export', 'drawn', '1', '--out', out], mode: 0o644 },
  { name: 'items', args: (out) => ['export', 'items', '--out', out], mode: 0o644 },
  { name: 'disclosure', args: (out) => ['export', 'disclosure', '1', '--out', out], mode: 0o644 },
];

/** What an export may have touched in the database; none of the refused ones may change it. */
function fingerprint(db: string) {
  return {
    check: sqlite(db, 'PRAGMA integrity_check'),
    head: sqlite(db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    counts: sqlite(db, 'SELECT (SELECT COUNT(*) FROM subjects), (SELECT COUNT(*) FROM sheets), (SELECT COUNT(*) FROM audit_log)'),
  };
}

describe('the database is never an export\'s output', () => {
  it('not named directly (relative or absolute), not through a symlink, not its -wal, -shm or -journal; not with --force', () => {
    const { dir, db, run } = copy();
    expect(run(['db', 'journal', 'wal']).code).toBe(0); // a database in WAL mode, so that it has a -wal file to protect
    const before = fingerprint(db);
    symlinkSync(db, join(dir, 'link.csv'));
    symlinkSync(dir, `${dir}-link`);
    // a reader keeps the WAL file in place, as a colleague's command would
    const reader = new Database(db);
    reader.prepare('SELECT COUNT(*) FROM subjects').get();
    try {
      expect(existsSync(`${db}-wal`)).toBe(true);
      const wal = readFileSync(`${db}-wal`);
      for (const e of EXPORTS) {
        for (const out of ['draw.db', db, 'link.csv', join(`${dir}-link`, 'draw.db'), `${db}-wal`, 'draw.db-shm', 'draw.db-journal']) {
          for (const force of [[], ['--force']]) {
            const r = run([...e.args(out), ...force]);
            expect(r.code, `${e.name} --out ${out} ${force}: ${r.stdout}${r.stderr}`).toBe(2);
            expect(r.stderr).toContain('是数据库');
            noStack(r);
          }
        }
      }
      expect(readFileSync(`${db}-wal`)).toEqual(wal);
    } finally {
      reader.close();
    }
    // a backup onto the database's WAL is refused as well
    expect(run(['db', 'backup', 'draw.db-wal']).code).toBe(2);
    expect(fingerprint(db)).toEqual(before);
    expect(run(['audit', 'verify']).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });

  it('not the sheets export into the database\'s folder under the database\'s name either (the name is the draw\'s)', () => {
    const { dir, db, run } = copy();
    const before = fingerprint(db);
    const r = run(['export', 'sheets', '1', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'sheets-1.html'))).toBe(true);
    expect(fingerprint(db)).toEqual(before);
  });
});

describe('an existing file', () => {
  it('is replaced by no export without --force; with --force it is, with the mode of its kind', () => {
    const { dir, run } = copy();
    mkdirSync(join(dir, 'papers'));
    const targets = [
      ...EXPORTS.map((e) => ({ name: e.name, file: join(dir, `${e.name}.out`), args: e.args(join(dir, `${e.name}.out`)), mode: e.mode })),
      { name: 'sheets', file: join(dir, 'papers', 'sheets-1.html'), args: ['export', 'sheets', '1', '--out', join(dir, 'papers')], mode: 0o600 },
      { name: 'sheets csv', file: join(dir, 'papers', 'sheets-1.csv'), args: ['export', 'sheets', '1', '--out', join(dir, 'papers'), '--format', 'csv'], mode: 0o600 },
    ];
    for (const t of targets) {
      writeFileSync(t.file, 'OLD');
      const r = run(t.args);
      expect(r.code, `${t.name}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('已存在');
      expect(r.stderr).toContain('--force');
      expect(readFileSync(t.file, 'utf8'), t.name).toBe('OLD');
      const forced = run([...t.args, '--force']);
      expect(forced.code, `${t.name} --force: ${forced.stderr}`).toBe(0);
      expect(readFileSync(t.file, 'utf8')).not.toBe('OLD');
      expect(statSync(t.file).mode & 0o777, t.name).toBe(t.mode);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });

  it('a new file gets the mode of its kind: internal papers 0600, public ones 0644', () => {
    const { dir, run } = copy();
    for (const e of EXPORTS) {
      const out = join(dir, `${e.name}.new`);
      expect(run(e.args(out)).code).toBe(0);
      expect(statSync(out).mode & 0o777, e.name).toBe(e.mode);
    }
    expect(run(['export', 'sheets', '1', '--out', join(dir, 'new-papers')]).code).toBe(0); // the folder is made
    expect(statSync(join(dir, 'new-papers', 'sheets-1.html')).mode & 0o777).toBe(0o600);
  });

  it('a disclosure that cannot be recorded leaves the file that was at --out before', () => {
    const { dir, db, run } = copy();
    const out = join(dir, '公示.csv');
    writeFileSync(out, 'LAST WEEK\'S DISCLOSURE');
    sqlite(db, "CREATE TRIGGER refuse BEFORE INSERT ON disclosures BEGIN SELECT RAISE(ABORT, 'the record refused'); END;");
    const before = fingerprint(db);
    for (const force of [[], ['--force']]) {
      const r = run(['export', 'disclosure', '1', '--out', out, ...force]);
      expect(r.code, r.stderr).not.toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('LAST WEEK\'S DISCLOSURE');
    }
    const fresh = run(['export', 'disclosure', '1', '--out', join(dir, 'new.csv')]);
    expect(fresh.code).not.toBe(0);
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(fingerprint(db)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });

  it('a disclosure whose transaction fails at COMMIT, after the file was put in place, puts the old file back', () => {
    const { dir, db, run } = copy();
    const out = join(dir, '公示.csv');
    writeFileSync(out, 'LAST WEEK\'S DISCLOSURE');
    // A deferred foreign key is checked at COMMIT only: the file is in place by then, and must go back.
    sqlite(db, `CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE tripwire (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER trip AFTER INSERT ON disclosures BEGIN INSERT INTO tripwire VALUES (1); END;`);
    const before = fingerprint(db);
    const r = run(['export', 'disclosure', '1', '--out', out, '--force']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/FOREIGN KEY|外键/i);
    expect(readFileSync(out, 'utf8')).toBe('LAST WEEK\'S DISCLOSURE');
    const fresh = run(['export', 'disclosure', '1', '--out', join(dir, 'new.csv')]);
    expect(fresh.code).not.toBe(0);
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(fingerprint(db)).toEqual(before);
    expect(sqlite(db, 'SELECT COUNT(*) FROM disclosures')).toBe('0');
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });
});

describe('a target that is not a file', () => {
  // A null device of our own (the same device numbers as /dev/null): run against a build that
  // replaces devices, this test must not take the machine's /dev/null with it.
  // (test/write-file.test.ts holds the writer to /dev/null itself.)
  it.skipIf(!root)('a device stays a device, even with --force', () => {
    const { dir, run } = copy();
    const dev = join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    for (const e of EXPORTS) {
      for (const force of [[], ['--force']]) {
        const r = run([...e.args(dev), ...force]);
        expect(r.code, `${e.name} ${force}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('不是普通文件');
        expect(lstatSync(dev).isCharacterDevice()).toBe(true);
      }
    }
  });

  it('a folder, a missing folder and a 300-character name: the message that says so, exit 2, in both languages', () => {
    const { dir, run } = copy();
    const cases: [string, string, string][] = [
      [dir, '是一个文件夹', 'is a folder'],
      [join(dir, '没有这个文件夹', 'x.csv'), '不存在', 'does not exist'],
      [join(dir, `${'名'.repeat(300)}.csv`), '文件名太长', 'too long'],
    ];
    for (const [out, zh, en] of cases) {
      for (const e of EXPORTS) {
        const r = run(e.args(out));
        expect(r.code, `${e.name} ${out}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(zh);
        expect(r.stderr).toContain('提示');
        expect(r.stderr).not.toMatch(/EISDIR|ENOENT|ENAMETOOLONG/);
        noStack(r);
      }
      const r = run(['--lang', 'en', ...EXPORTS[2].args(out)]);
      expect(r.stderr).toContain(en);
      expect(r.stderr).toContain('hint');
    }
    // the hint names the path in quotes, so that it can be pasted into cmd or PowerShell
    expect(run(EXPORTS[2].args(dir)).stderr).toContain(`"${dir}`);
    expect(existsSync(join(dir, '没有这个文件夹'))).toBe(false);
  });
});

describe.skipIf(!root)('a full disk (a 64 KB tmpfs)', () => {
  const disk = tmp('draw-files-disk-');
  beforeAll(() => { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]); });
  afterAll(() => { spawnSync('umount', [disk]); });

  it('export package and export plan leave the old file and no temporary', () => {
    const { run } = copy();
    const pkg = join(disk, '复核包.json');
    const plan = join(disk, 'plan.md');
    writeFileSync(pkg, 'OLD PACKAGE');
    writeFileSync(plan, 'OLD PLAN');
    // what is left is less than a plan (2 KB) needs
    const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 1024)));
    // where there was no file, none is left behind: not a partial one under the name, not a temporary
    for (const args of [['export', 'package', '1', '--out', join(disk, 'new.json')], ['export', 'plan', '2022-001', '--out', join(disk, 'new.md')]]) {
      const r = run(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('磁盘已满');
    }
    // where there was one, it is as it was
    for (const [args, file, old] of [[['export', 'package', '1', '--out', pkg], pkg, 'OLD PACKAGE'], [['export', 'plan', '2022-001', '--out', plan], plan, 'OLD PLAN']]) {
      for (const force of [['--force'], []]) {
        const r = run([...(args as string[]), ...force]);
        if (force.length) {
          expect(r.code, r.stderr).toBe(1);
          expect(r.stderr).toContain('磁盘已满');
          noStack(r);
        } else expect(r.code).toBe(2);
        expect(readFileSync(file as string, 'utf8')).toBe(old);
      }
    }
    expect(readdirSync(disk).sort()).toEqual(['filler', 'plan.md', '复核包.json'].sort());
    expect(run(['audit', 'verify']).code).toBe(0);
  });
});

describe.skipIf(!root)('a read-only disk', () => {
  it('the permission message with the folder in its hint, exit 1, nothing written', () => {
    const { run } = copy();
    const ro = tmp('draw-files-ro-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]);
    try {
      for (const e of EXPORTS) {
        const r = run(e.args(join(ro, 'out.csv')));
        expect(r.code, `${e.name}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toContain('没有权限写入');
        expect(r.stderr).toContain(`"${ro}"`);
        noStack(r);
      }
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      spawnSync('umount', [ro]);
    }
  });
});

describe.skipIf(!root)('a target held open (a file bind-mounted over it: the kernel says EBUSY)', () => {
  function held() {
    const t = copy();
    const out = join(t.dir, '抽取名单.csv');
    writeFileSync(out, 'OLD');
    writeFileSync(join(t.dir, 'excel'), 'HELD BY EXCEL');
    execFileSync('mount', ['--bind', join(t.dir, 'excel'), out]);
    return { ...t, out };
  }

  it('released while the export retries: the new file is in place', async () => {
    const { dir, db, out } = held();
    const child = spawn(NODE, [BIN, '--db', db, 'export', 'drawn', '1', '--out', out, '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    const exited = once(child, 'exit');
    // the temporary is complete and the rename is being retried: the program lets go
    const deadline = Date.now() + 10_000;
    while (!readdirSync(dir).some((f) => f.startsWith('.抽取名单.csv.draw-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 300));
    execFileSync('umount', [out]);
    const [code] = await exited;
    expect(code, stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('统一社会信用代码');
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });

  it('held throughout: exit 1 with the message that the file is open in another program, the old file as it was', () => {
    const { dir, run, out } = held();
    try {
      const started = Date.now();
      const r = run(['export', 'drawn', '1', '--out', out, '--force']);
      expect(Date.now() - started).toBeGreaterThan(1500);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('正被另一个程序打开');
      expect(r.stderr).toContain('Excel');
      noStack(r);
      const en = run(['--lang', 'en', 'export', 'drawn', '1', '--out', out, '--force']);
      expect(en.stderr).toContain('open in another program');
    } finally {
      execFileSync('umount', [out]);
    }
    expect(readFileSync(out, 'utf8')).toBe('OLD');
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
  });
});

describe('what a killed run left', () => {
  it('a dead writer\'s temporary is removed by the next export into that folder, a live one\'s is kept', () => {
    const { dir, run } = copy();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = [`.sheets-1.html.draw-${dead}.tmp`, `.备份.db.draw-${dead}.tmp`, `.备份.db.draw-${dead}.tmp-journal`];
    for (const f of stale) writeFileSync(join(dir, f), 'half');
    const live = `.公示.csv.draw-${process.pid}.tmp`;
    writeFileSync(join(dir, live), 'being written');
    expect(run(['export', 'items', '--out', join(dir, '事项.csv')]).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([live]);
  });
});

describe('the rejects file', () => {
  it('is 0600 (it holds the input\'s phone numbers), written the one way', () => {
    const { dir, run } = copy();
    const csv = join(dir, 'inspectors.csv');
    writeFileSync(csv, '单位,姓名,执法证号,职务,电话\nNOPE,王五,X00000001,科员,13800000000\n');
    const r = run(['import', 'inspectors', csv]);
    expect(r.code, r.stderr).toBe(3);
    expect(statSync(join(dir, 'inspectors.rejects.csv')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.includes('.draw-') || f.includes('partial'))).toEqual([]);
  });
});
