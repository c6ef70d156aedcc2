import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync, chownSync, copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/schema.js';
import { BIN, countyDb, draw, drawProcess, freshDb, FIXTURES, NODE, ROOT, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * Issue 5, "nothing lost": a process killed at any point of an import or a draw leaves the
 * database as it was before the command or as it is after it, never in between; a read-only
 * database and a full disk are refused with a message, the database untouched; a backup opens
 * and verifies; an older database is copied before it is migrated.
 */

const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' };
const noStack = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/^\s+at /m);

/** What a command may have changed: counts, the imports table, the audit log's length and head. */
interface State {
  subjects: number; imports: number; unfinishedImports: number; audit: number; head: string; lastAction: string;
  draws: string; snapshots: number; sheets: number; resultHash: string | null;
}
function state(db: string): State {
  const d = new Database(db, { fileMustExist: true });
  try {
    const q = (sql: string) => d.prepare(sql).pluck().get() as never;
    const has = (table: string) => q(`SELECT COUNT(*) FROM sqlite_master WHERE name = '${table}'`) === 1;
    return {
      subjects: q('SELECT COUNT(*) FROM subjects'),
      imports: q('SELECT COUNT(*) FROM imports'),
      unfinishedImports: q('SELECT COUNT(*) FROM imports WHERE finished_at IS NULL'),
      audit: q('SELECT COUNT(*) FROM audit_log'),
      head: q('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      lastAction: q('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1'),
      draws: has('draws') ? (d.prepare('SELECT status FROM draws ORDER BY id').pluck().all() as string[]).join(',') : '',
      snapshots: has('draw_snapshots') ? q('SELECT COUNT(*) FROM draw_snapshots') : 0,
      sheets: has('sheets') ? q('SELECT COUNT(*) FROM sheets') : 0,
      resultHash: has('draws') ? q("SELECT result_hash FROM draws WHERE status = 'drawn'") ?? null : null,
    };
  } finally {
    d.close();
  }
}

/** A state without what differs from one run to the next (timestamps are inside the hashes). */
const shape = (s: State) => ({ ...s, head: undefined });

interface Killed { code: number | null; signal: string | null; stderr: string; ms: number }

/** Starts bin/draw and kills it with SIGKILL when `when` says so (a delay in ms, or a condition polled every 2 ms). */
async function killDuring(args: string[], when: number | (() => boolean)): Promise<Killed> {
  const started = Date.now();
  const child = spawn(NODE, [BIN, ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const kill = () => child.kill('SIGKILL');
  const timer = typeof when === 'number' ? setTimeout(kill, when) : setInterval(() => { if (when()) kill(); }, 2);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  clearInterval(timer);
  return { code, signal, stderr, ms: Date.now() - started };
}

/** Runs bin/draw to the end without blocking the event loop; returns the exit and the time it took. */
async function runAsync(args: string[]): Promise<Run & { ms: number }> {
  const started = Date.now();
  const child = spawn(NODE, [BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? -1, stdout, stderr, ms: Date.now() - started };
}

const walSize = (db: string) => { try { return statSync(`${db}-wal`).size; } catch { return 0; } };

/** A registry export of `rows` subjects from the fixture generator, every 25,000th with a broken check character. */
async function writeRegistry(path: string, rows: number): Promise<number> {
  const county = await import(pathToFileURL(join(ROOT, 'scripts', 'county.mjs')).href);
  const out = createWriteStream(path);
  out.write(county.csvLine(county.CHINESE_SUBJECT_HEADER));
  let i = 0;
  let broken = 0;
  for (const s of county.subjects(rows, 'faults')) {
    const fields: string[] = county.subjectRow(s, i, 'chinese');
    if (i % 25_000 === 24_999 && fields[0]) {
      fields[0] = fields[0].slice(0, -1) + (fields[0].endsWith('0') ? '1' : '0');
      broken++;
    }
    i++;
    if (!out.write(county.csvLine(fields))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return broken;
}

describe('a process killed with SIGKILL', () => {
  const dir = tmp('draw-faults-');
  const base = join(dir, 'registries.db'); // departments, items, inspectors: the state before the import
  const csv = join(dir, 'registry.csv');
  const imported = join(dir, 'imported.db'); // the same after the import ran to its end
  let broken = 0;
  let before: State;
  let after: State;
  let importMs = 0;

  beforeAll(async () => {
    expect((await draw(['--db', base, 'init'])).code).toBe(0);
    for (const k of ['departments', 'items', 'inspectors']) expect((await draw(['--db', base, 'import', k, join(FIXTURES, `${k}.csv`)])).code).toBe(0);
    broken = await writeRegistry(csv, 200_000);
    before = state(base);
    // The reference: the same import, not killed. It gives the state after, and how long an import takes here.
    copyFileSync(base, imported);
    symlinkSync(csv, join(dir, 'reference.csv'));
    const r = await runAsync(['--db', imported, 'import', 'subjects', join(dir, 'reference.csv')]);
    expect(r.code, r.stderr).toBe(3);
    importMs = r.ms;
    after = state(imported);
    expect(after.subjects).toBe(200_000 - broken);
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('during an import of 200,000 rows leaves the database as before or as after, never in between', async () => {
    const outcomes: string[] = [];
    let keep = -1; // a database a kill left as before: imported again at the end
    const triggers: [string, number | ((db: string) => () => boolean)][] = [
      ...[0.03, 0.15, 0.3, 0.5, 0.7, 0.85, 0.97].map((f) => [`${Math.round(f * 100)}% of an import's time`, Math.round(f * importMs)] as [string, number]),
      // the moments pages reach the disk: the first write to the WAL, half-way through the commit's
      ...[1, 4 << 20, 40 << 20].map((bytes) => [`WAL past ${bytes} bytes`, (db: string) => () => walSize(db) >= bytes] as [string, (db: string) => () => boolean]),
    ];
    for (const [n, [label, trigger]] of triggers.entries()) {
      const db = join(dir, `import-${n}.db`);
      const input = join(dir, `import-${n}.csv`); // its own name, so its own rejects file
      copyFileSync(base, db);
      symlinkSync(csv, input);
      const k = await killDuring(['--db', db, 'import', 'subjects', input], typeof trigger === 'number' ? trigger : trigger(db));
      // The clerk's next command opens the database as the kill left it.
      const verify = await draw(['--db', db, 'audit', 'verify']);
      expect(verify.code, `${label}: ${verify.stdout}${verify.stderr}`).toBe(0);
      const s = state(db);
      expect(s.unfinishedImports, label).toBe(0);
      const rejects = join(dir, `import-${n}.rejects.csv`);
      if (s.audit === before.audit) {
        expect(s, label).toEqual(before);
        // no rejects file that reads like the report of an import that never happened
        expect(existsSync(rejects), label).toBe(false);
        outcomes.push(`${label}: before (killed after ${k.ms} ms)`);
        if (keep < 0) keep = n;
      } else {
        expect(shape(s), label).toEqual(shape(after));
        expect(s.lastAction).toBe('import');
        outcomes.push(`${label}: ${k.signal ? 'after' : 'finished'} (${k.ms} ms)`);
      }
      if (n !== keep) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    }
    console.log(`import of 200,000 rows takes ${importMs} ms here\n  ${outcomes.join('\n  ')}`);
    // the kills did land in the middle of imports
    expect(outcomes.filter((o) => o.includes(': before')).length).toBeGreaterThanOrEqual(3);

    // Nothing lost: the import run again on a killed database gives what an uninterrupted one gives.
    const again = join(dir, `import-${keep}.db`);
    // A process: a registry this large is checked on a worker thread, which runs from the built dist/.
    const r = drawProcess(['--db', again, '--json', 'import', 'subjects', join(dir, `import-${keep}.csv`)]);
    expect(r.code).toBe(3);
    expect(shape(state(again))).toEqual(shape(after));
    expect(readFileSync(join(dir, `import-${keep}.rejects.csv`), 'utf8').trim().split('\n')).toHaveLength(broken + 1);
  }, 600_000);

  it('during `draw run` on 200,000 subjects leaves no draw, the commitment alone, or the whole draw; running it again completes it', async () => {
    const plan = ['plan', '--year', '2022', '--name', '全县', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
    expect((await draw(['--db', imported, ...plan])).code).toBe(0);
    // the subject here is a draw killed part way, not the ceremony: commitment and draw in one process
    expect((await draw(['--db', imported, 'config', 'one_step_draw', '1'])).code).toBe(0);
    const planned = state(imported);
    const ref = join(dir, 'run-ref.db');
    copyFileSync(imported, ref);
    const run = ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'];
    const r = await runAsync(['--db', ref, ...run]);
    expect(r.code, r.stderr).toBe(0);
    const drawn = state(ref);
    expect(drawn.sheets).toBeGreaterThan(8000);

    const outcomes: string[] = [];
    const fractions = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97];
    for (const [n, f] of fractions.entries()) {
      const db = join(dir, `run-${n}.db`);
      copyFileSync(imported, db);
      const k = await killDuring(['--db', db, ...run], Math.round(f * r.ms));
      expect((await draw(['--db', db, 'audit', 'verify'])).code).toBe(0);
      const s = state(db);
      if (s.audit === planned.audit) {
        expect(s).toEqual(planned);
        outcomes.push(`${f}: before`);
      } else if (s.draws === 'committed') {
        // the commitment is logged and its snapshot stored; no seed, no sheet yet
        expect(s).toMatchObject({ audit: planned.audit + 1, lastAction: 'draw.commit', snapshots: 3, sheets: 0, resultHash: null });
        outcomes.push(`${f}: committed`);
      } else {
        expect(shape(s)).toEqual(shape(drawn));
        outcomes.push(`${f}: ${k.signal ? 'drawn' : 'finished'}`);
      }
      // Nothing lost: the clerk runs it again and gets the same draw.
      if (s.resultHash === null) {
        const again = await draw(['--db', db, ...run]);
        expect(again.code, again.stderr).toBe(0);
      }
      expect(shape(state(db))).toEqual(shape(drawn));
      expect((await draw(['--db', db, 'replay', '1'])).code).toBe(0);
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    }
    console.log(`draw run takes ${r.ms} ms here: ${outcomes.join(', ')}`);
    expect(outcomes.some((o) => !o.endsWith('finished'))).toBe(true);
  }, 600_000);

  it('during `draw db backup` leaves a whole, verified backup or none under that name', async () => { // needs program.ts wiring
    const full = await draw(['--db', imported, 'db', 'backup', join(dir, 'timing.bak')]);
    expect(full.code, full.stderr).toBe(0);
    const ms = [50, 150, 300, 600];
    for (const [n, delay] of ms.entries()) {
      const target = join(dir, `backup-${n}.db`);
      await killDuring(['--db', imported, 'db', 'backup', target], delay);
      if (existsSync(target)) expect((await draw(['--db', target, 'audit', 'verify'])).code).toBe(0);
    }
    // what a killed backup left is its temporary alone, and the next backup into the folder removes it
    const after = await draw(['--db', imported, 'db', 'backup', join(dir, 'after.db')]);
    expect(after.code, after.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.draw-'))).toEqual([]);
    expect((await draw(['--db', imported, 'audit', 'verify'])).code).toBe(0);
  }, 120_000);
});

/** Runs bin/draw as another user (root ignores file modes) or as ourselves when we are not root. */
function asUnprivileged(args: string[]): Run {
  const argv = process.getuid?.() === 0
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', NODE, BIN, ...args]] as const
    : [NODE, [BIN, ...args]] as const;
  const r = spawnSync(argv[0], [...argv[1]], { env: ENV, encoding: 'utf8', cwd: '/' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('a read-only database', () => {
  const root = process.getuid?.() === 0;

  function readOnlyDb(folderWritable: boolean) {
    const t = countyDb();
    const dir = tmp('draw-ro-');
    chmodSync(dir, 0o755);
    const db = join(dir, 'draw.db');
    copyFileSync(t.db, db);
    chmodSync(db, 0o444);
    if (root) { chownSync(db, 65534, 65534); chownSync(dir, 65534, 65534); }
    if (!folderWritable) chmodSync(dir, 0o555);
    return { db, dir, before: state(db) };
  }

  it('in a writable folder: reading works, writing is refused with a clear message, nothing changes', () => {
    const { db, before } = readOnlyDb(true);
    expect(asUnprivileged(['--db', db, 'list', 'departments']).code).toBe(0);
    for (const args of [['import', 'departments', join(FIXTURES, 'departments.csv')], ['code', 'accept', '91350211M0000XUF46', '--reason', 'x'],
      ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%',
        '--window', '2022-04-01..2022-06-30', '--no-input']]) {
      const r = asUnprivileged(['--db', db, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`数据库 ${db} 是只读的`);
      expect(r.stderr).toContain('提示');
      noStack(r);
      const en = asUnprivileged(['--db', db, '--lang', 'en', ...args]);
      expect(en.stderr).toContain('is read-only');
    }
    chmodSync(db, 0o644);
    expect(state(db)).toEqual(before);
  });

  it('in a read-only folder: a clear message, never a stack trace', () => {
    const { db, dir, before } = readOnlyDb(false);
    for (const args of [['list', 'departments'], ['import', 'departments', join(FIXTURES, 'departments.csv')]]) {
      const r = asUnprivileged(['--db', db, ...args]);
      if (r.code !== 0) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/只读|无法打开/);
        noStack(r);
      }
    }
    expect(asUnprivileged(['--db', db, 'import', 'departments', join(FIXTURES, 'departments.csv')]).code).toBe(1);
    chmodSync(dir, 0o755);
    expect(state(db)).toEqual(before);
  });
});

/**
 * A full disk: a small tmpfs when this machine lets us mount one, else a file size limit
 * (`ulimit -f`, with SIGXFSZ ignored so that writes fail with EFBIG). Never skipped.
 */
describe('a full disk', () => {
  const disk = tmp('draw-full-');
  let mounted = false;
  let county: ReturnType<typeof countyDb>;
  let limitKb = 0;

  beforeAll(() => {
    county = countyDb();
    const size = statSync(county.db).size;
    // DRAW_TEST_FULL_DISK=ulimit tries the fallback where mounting works too
    const m = process.env.DRAW_TEST_FULL_DISK === 'ulimit' ? { status: 1, stderr: 'DRAW_TEST_FULL_DISK=ulimit' }
      : spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size + (768 << 10)}`, 'tmpfs', disk], { encoding: 'utf8' });
    mounted = m.status === 0;
    limitKb = Math.ceil(size / 1024) + 256;
    console.log(mounted ? `full disk: tmpfs of ${size + (768 << 10)} bytes` : `full disk: mount refused (${m.stderr.trim()}); ulimit -f ${limitKb}`);
  });
  afterAll(() => { if (mounted) spawnSync('umount', [disk]); });

  /** bin/draw writing to the small disk (or under the size limit). */
  const run = (args: string[], kb = limitKb): Run => {
    const r = mounted
      ? spawnSync(NODE, [BIN, ...args], { env: ENV, encoding: 'utf8' })
      : spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${kb}; exec "$@"`, 'bash', NODE, BIN, ...args], { env: ENV, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  let n = 0;
  const dbOnDisk = () => {
    const db = join(mounted ? disk : tmp('draw-full-'), `draw-${n++}.db`);
    for (const f of readdirSync(disk)) rmSync(join(disk, f), { force: true });
    copyFileSync(county.db, db);
    return db;
  };

  it.each(['wal', 'delete'])('an import that does not fit (--journal %s): a clear message, the database as it was', async (journal) => {
    const db = dbOnDisk();
    const csv = join(tmp(), 'registry.csv');
    await writeRegistry(csv, 20_000);
    expect(run(['--db', db, 'db', 'journal', journal]).code).toBe(0);
    const before = state(db);
    const r = run(['--db', db, '--journal', journal, 'import', 'subjects', csv]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(mounted ? /磁盘已满/ : /磁盘已满|磁盘错误/);
    expect(r.stderr).toContain('提示');
    noStack(r);
    expect(state(db)).toEqual(before);
    expect((await draw(['--db', db, 'audit', 'verify'])).code).toBe(0);
    rmSync(db, { force: true });
  }, 120_000);

  it('a rejects file that does not fit stops the import as a whole, leaving nothing half-written', () => {
    const db = join(tmp(), 'draw.db');
    copyFileSync(county.db, db);
    const before = state(db);
    for (const f of readdirSync(disk)) rmSync(join(disk, f), { force: true });
    // Every row is rejected (an unknown department) and the rejects file, beside the input,
    // grows to about the input's size: more than the room left on the disk (or the size limit).
    const room = mounted ? statfsSync(disk).bavail * statfsSync(disk).bsize : limitKb * 1024;
    const folder = mounted ? disk : tmp();
    const csv = join(folder, 'inspectors.csv');
    const target = mounted ? room * 0.6 : room * 1.5;
    const row = (i: number) => `NOPE,某某${i},X${String(i).padStart(8, '0')},${'备注'.repeat(100)}`;
    const rows = Array.from({ length: Math.ceil(target / Buffer.byteLength(row(0) + '\n')) }, (_, i) => row(i));
    writeFileSync(csv, `单位,姓名,执法证号,职务\n${rows.join('\n')}\n`);
    const r = run(['--db', db, 'import', 'inspectors', csv]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('无法写入被拒绝行文件');
    expect(r.stderr).toContain('提示');
    noStack(r);
    expect(state(db)).toEqual(before);
    expect(readdirSync(folder).filter((f) => f.includes('rejects'))).toEqual([]);
  });

  it('an export or a backup that does not fit: a clear message, no half file under the name asked for', async () => {
    const t = countyDb();
    await t.run(['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%',
      '--window', '2022-04-01..2022-06-30', '--no-input']);
    expect((await seeded(t, ['run', '2022-001', '--seed', 's'])).code).toBe(0);
    for (const f of readdirSync(disk)) rmSync(join(disk, f), { force: true });
    // leave 16 KB (or allow files of 48 KB): less than a replay package or a backup needs
    if (mounted) {
      const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
      writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - (16 << 10))));
    }
    const small = (args: string[]) => run(args, 48); // (the size limit must leave room for the database's 32 KB -shm)
    const before = state(t.db);
    const pkg = join(disk, 'package.json');
    const exp = small(['--db', t.db, 'export', 'package', '1', '--out', pkg]);
    expect(exp.code, exp.stderr).toBe(1);
    expect(exp.stderr).toMatch(/磁盘已满|磁盘错误/);
    noStack(exp);
    const bak = join(disk, 'backup.db'); // needs program.ts wiring
    const b = small(['--db', t.db, 'db', 'backup', bak]);
    expect(b.code, b.stderr).toBe(1);
    expect(b.stderr).toContain('无法写入备份');
    noStack(b);
    expect(existsSync(bak)).toBe(false);
    expect(readdirSync(disk).filter((f) => f.startsWith('backup'))).toEqual([]);
    expect(state(t.db)).toEqual(before);
    expect((await draw(['--db', t.db, 'audit', 'verify'])).code).toBe(0);
  });
});

describe('backups', () => {
  const PLAN = ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%',
    '--window', '2022-04-01..2022-06-30', '--no-input'];

  it('`draw db backup FILE` makes one file that opens with the tool and verifies; restoring is copying it back', async () => { // needs program.ts wiring
    const t = countyDb();
    expect((await t.run(PLAN)).code).toBe(0);
    expect((await seeded(t, ['run', '2022-001', '--seed', 's'])).code).toBe(0);
    const file = join(t.dir, 'backups', 'draw-2022-06-30.db');
    mkdirSync(join(t.dir, 'backups'));
    const r = await t.run(['--json', 'db', 'backup', file]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const head = sqlite(t.db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(report).toMatchObject({ file, schema: MIGRATIONS.length, head });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(sqlite(file, 'PRAGMA journal_mode')).toBe('delete');
    // it opens with the tool, and everything checks
    const verify = await draw(['--db', file, '--json', 'audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).head).toBe(head);
    expect((await draw(['--db', file, 'replay', '1'])).code).toBe(0);
    // the words tell how to restore
    expect((await t.run(['db', 'backup', join(t.dir, 'second.db')])).stdout).toContain('-wal');
    // an existing file is never overwritten
    const again = await t.run(['db', 'backup', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在');
    expect((await t.run(['db', 'backup', t.db])).code).toBe(2);

    // Later changes, then a restore: copy the backup over the database (no command running), drop -wal/-shm.
    expect((await t.run(['void', '1', '--reason', '误操作', '--approved-by', '张局长'])).code).toBe(0);
    expect(sqlite(t.db, "SELECT status FROM draws WHERE id = 1")).toBe('voided');
    copyFileSync(file, t.db);
    for (const f of [`${t.db}-wal`, `${t.db}-shm`]) rmSync(f, { force: true });
    const restored = await t.run(['--json', 'audit', 'verify']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout).head).toBe(head);
    expect(sqlite(t.db, "SELECT status FROM draws WHERE id = 1")).toBe('drawn');
    expect((await t.run(['replay', '1'])).code).toBe(0);
  });

  it('an older database is copied beside itself before it is migrated, once', async () => {
    // A version-1 database as the first release made it: migration 1's SQL only, with real rows from the tool.
    const t = freshDb();
    expect((await t.run(['import', 'departments', join(FIXTURES, 'departments.csv')])).code).toBe(0);
    const dir = tmp('draw-v1-');
    const db = join(dir, 'draw.db');
    const sql = join(dir, 'v1.sql');
    writeFileSync(sql, `${MIGRATIONS[0]}
      PRAGMA user_version = 1;
      ATTACH '${t.db}' AS tool;
      INSERT INTO imports SELECT * FROM tool.imports;
      INSERT INTO departments SELECT * FROM tool.departments;
      INSERT INTO audit_log SELECT * FROM tool.audit_log;
      DETACH tool;`);
    expect(spawnSync('sqlite3', [db, `.read ${sql}`], { encoding: 'utf8' }).status).toBe(0);
    chmodSync(db, 0o600);
    expect(sqlite(db, 'PRAGMA user_version')).toBe('1');
    const head = sqlite(db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');

    const r = await draw(['--db', db, '--json', 'list', 'departments']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(12);
    expect(sqlite(db, 'PRAGMA user_version')).toBe(String(MIGRATIONS.length));
    const backup = `${db}.before-v${MIGRATIONS.length}.bak`;
    expect(existsSync(backup)).toBe(true);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(sqlite(backup, 'PRAGMA user_version')).toBe('1');
    expect(sqlite(backup, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'draws'")).toBe('0');
    expect(sqlite(backup, 'SELECT COUNT(*) FROM departments')).toBe('12');
    expect(sqlite(backup, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')).toBe(head);
    // the migrated database holds the same, and its log still verifies
    const verify = await draw(['--db', db, '--json', 'audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).head).toBe(head);
    // opened again: nothing more to migrate, no second copy
    expect((await draw(['--db', db, 'list', 'departments'])).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([`draw.db.before-v${MIGRATIONS.length}.bak`]);
    // a fresh database is not copied: it had nothing to lose
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});
