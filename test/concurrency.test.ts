import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, createWriteStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/schema.js';
import { BIN, countyDb, draw, freshDb, FIXTURES, NODE, ROOT, sqlite, tmp, type Run } from './helpers.js';

/**
 * Issue 5, "two clerks at once": two processes on one database file never corrupt it; one of
 * two writers either waits its turn or is told the database is busy and what to do; two
 * `draw run` of one plan give exactly one draw, in WAL mode and with --journal delete.
 */

const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' };
const noStack = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/^\s+at /m);

function runAsync(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(NODE, [BIN, ...args], { env: { ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  return once(child, 'exit').then(([code]) => ({ code: (code as number | null) ?? -1, stdout, stderr }));
}

function counts(db: string) {
  return {
    subjects: Number(sqlite(db, 'SELECT COUNT(*) FROM subjects')),
    imports: Number(sqlite(db, 'SELECT COUNT(*) FROM imports')),
    audit: Number(sqlite(db, 'SELECT COUNT(*) FROM audit_log')),
    head: sqlite(db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
  };
}

async function verified(db: string, journal = 'wal') {
  const r = await draw(['--db', db, '--journal', journal, 'audit', 'verify']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(sqlite(db, 'PRAGMA integrity_check')).toBe('ok');
}

/** Two halves of one generated registry: no key in both. */
async function twoRegistries(dir: string, rows: number): Promise<[string, string]> {
  const county = await import(pathToFileURL(join(ROOT, 'scripts', 'county.mjs')).href);
  const paths: [string, string] = [join(dir, 'first.csv'), join(dir, 'second.csv')];
  const outs = paths.map((p) => createWriteStream(p));
  for (const o of outs) o.write(county.csvLine(county.CHINESE_SUBJECT_HEADER));
  let i = 0;
  for (const s of county.subjects(rows, 'concurrency')) {
    const o = outs[i < rows / 2 ? 0 : 1];
    if (!o.write(county.csvLine(county.subjectRow(s, i++, 'chinese')))) await once(o, 'drain');
  }
  for (const o of outs) { o.end(); await once(o, 'finish'); }
  return paths;
}

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

describe('two imports into one file at once', () => {
  let files: [string, string];
  beforeAll(async () => { files = await twoRegistries(tmp(), 40_000); }, 120_000);

  it.each(['wal', 'delete'])('both succeed, one after the other (--journal %s)', async (journal) => {
    const t = freshDb();
    expect((await t.run(['db', 'journal', journal])).code).toBe(0); // the database's own mode, as a clerk would set it
    for (const k of ['departments', 'items', 'inspectors']) expect((await t.run(['--journal', journal, 'import', k, join(FIXTURES, `${k}.csv`)])).code).toBe(0);
    const before = counts(t.db);
    const both = await Promise.all(files.map((f) => runAsync(['--db', t.db, '--journal', journal, '--json', 'import', 'subjects', f])));
    for (const r of both) {
      noStack(r);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ total: 20_000, inserted: 20_000, committed: true });
    }
    expect(counts(t.db)).toMatchObject({ subjects: 40_000, imports: before.imports + 2, audit: before.audit + 2 });
    await verified(t.db, journal);
  }, 120_000);

  it('the same file twice at once: one inserts, the other finds every row unchanged', async () => {
    const t = freshDb();
    for (const k of ['departments', 'items', 'inspectors']) expect((await t.run(['import', k, join(FIXTURES, `${k}.csv`)])).code).toBe(0);
    const both = await Promise.all([0, 1].map(() => runAsync(['--db', t.db, '--json', 'import', 'subjects', files[0]])));
    const reports = both.map((r) => { expect(r.code, r.stderr).toBe(0); return JSON.parse(r.stdout); });
    expect(reports.map((r) => r.inserted).sort()).toEqual([0, 20_000]);
    expect(reports.map((r) => r.unchanged).sort()).toEqual([0, 20_000]);
    expect(counts(t.db).subjects).toBe(20_000);
    await verified(t.db);
  }, 120_000);
});

describe('a database held by another program for longer than draw waits', () => {
  it.each(['wal', 'delete'])('is "busy", with what to do, and nothing is written (--journal %s)', async (journal) => {
    const t = countyDb();
    expect((await t.run(['db', 'journal', journal])).code).toBe(0);
    const before = counts(t.db);
    // Another program takes the write lock and keeps it for 12 s (draw waits 10 s).
    const holder = spawn(process.execPath, ['-e', `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(t.db)});
      db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 12000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await once(holder.stdout!, 'data');
    const [zh, en] = await Promise.all([
      runAsync(['--db', t.db, '--journal', journal, 'import', 'departments', join(FIXTURES, 'departments.csv')]),
      runAsync(['--db', t.db, '--journal', journal, '--lang', 'en', 'code', 'accept', '91350211M0000XUF46', '--reason', '核实']),
    ]);
    await once(holder, 'exit');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(`数据库 ${t.db} 正被另一个 draw 命令使用`);
    expect(zh.stderr).toMatch(/提示: 等另一位同事的导入或抽取完成后再运行一次/);
    noStack(zh);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('is in use by another draw command');
    noStack(en);
    expect(counts(t.db)).toEqual(before);
    await verified(t.db, journal);
    // once the other program is done, the same command goes through
    expect((await t.run(['--journal', journal, 'code', 'accept', '91350211M0000XUF46', '--reason', '核实'])).code).toBe(0);
  }, 60_000);
});

describe('two `draw run` of one plan started together', () => {
  it.each(['wal', 'delete'])('give exactly one draw; the other is refused (exit 2) and logged (--journal %s)', async (journal) => {
    const base = countyDb();
    expect((await base.run(['db', 'journal', journal])).code).toBe(0);
    expect((await base.run(['--journal', journal, ...PLAN])).code).toBe(0);
    // the race is met before the commitment too: commitment and draw in one step, as the office may allow
    expect((await base.run(['config', 'one_step_draw', '1'])).code).toBe(0);
    // How long one draw takes here: the second clerk starts at every point of the first one's run,
    // so that it meets it before its commitment, between its commitment and its draw, and after.
    const probe = join(tmp(), 'probe.db');
    copyFileSync(base.db, probe);
    const t0 = Date.now();
    expect((await runAsync(['--db', probe, '--journal', journal, 'run', '2022-001', '--seed', 'x'])).code).toBe(0);
    const ms = Date.now() - t0;
    const outcomes: string[] = [];
    for (let round = 0; round < 16; round++) {
      const db = join(tmp(), 'draw.db');
      copyFileSync(base.db, db);
      const delay = Math.round((round / 16) * 0.8 * ms);
      const seeds = ['第一位 73915', '第二位 11111'];
      const results = await Promise.all(seeds.map((seed, i) => new Promise<Run>((resolve) => {
        setTimeout(() => resolve(runAsync(['--db', db, '--journal', journal, '--json', 'run', '2022-001', '--seed', seed])), i * delay);
      })));
      for (const r of results) noStack(r);
      const codes = results.map((r) => r.code).sort();
      expect(codes, `second clerk ${delay} ms later: ${results.map((r) => r.stderr).join('\n')}`).toEqual([0, 2]);
      const loser = results.find((r) => r.code === 2)!;
      expect(loser.stderr).toContain('已有有效抽取');
      expect(loser.stderr).toContain('draw void');
      const winner = JSON.parse(results.find((r) => r.code === 0)!.stdout);
      expect(sqlite(db, 'SELECT COUNT(*) FROM draws')).toBe('1');
      expect(sqlite(db, 'SELECT status FROM draws')).toBe('drawn');
      expect(sqlite(db, 'SELECT COUNT(DISTINCT draw_id) FROM sheets')).toBe('1');
      expect(Number(sqlite(db, 'SELECT COUNT(*) FROM sheets'))).toBe(winner.sheets.length);
      expect(sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'draw.commit'")).toBe('1');
      expect(sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'draw.run'")).toBe('1');
      expect(sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'draw.refused'")).toBe('1');
      await verified(db, journal);
      const replay = await draw(['--db', db, '--journal', journal, 'replay', String(winner.draw)]);
      expect(replay.code, replay.stdout).toBe(0);
      outcomes.push(`+${delay} ms: ${sqlite(db, 'SELECT seed FROM draws').slice(0, 3)}`);
    }
    console.log(`${journal} (one run ${ms} ms): ${outcomes.join(', ')}`);
  }, 180_000);
});

describe('two processes opening an older database at once', () => {
  // Twelve rounds: the copy made before migrating once closed a descriptor of its own on the file,
  // which dropped this process's locks (POSIX), and in about one round in three the other process
  // took the write lock mid-migration (a disk I/O error, or a malformed file).
  it('one migrates it, after one copy; both go on', async () => {
    for (let round = 0; round < 12; round++) {
      const dir = tmp('draw-v1-');
      const db = join(dir, 'draw.db');
      const d = new Database(db);
      d.exec(MIGRATIONS[0]);
      d.exec("INSERT INTO departments(code, name) VALUES ('SCJG', '曲阳县市场监督管理局')");
      d.pragma('user_version = 1');
      d.close();
      chmodSync(db, 0o600);
      const both = await Promise.all([0, 1].map(() => runAsync(['--db', db, '--json', 'list', 'departments'])));
      for (const r of both) {
        expect(r.code, `round ${round}: ${r.stderr}`).toBe(0);
        expect(JSON.parse(r.stdout)).toHaveLength(1);
      }
      expect(sqlite(db, 'PRAGMA user_version')).toBe(String(MIGRATIONS.length));
      expect(sqlite(db, 'PRAGMA integrity_check')).toBe('ok');
      const bak = `draw.db.before-v${MIGRATIONS.length}.bak`;
      expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([bak]);
      expect(sqlite(join(dir, bak), 'PRAGMA user_version')).toBe('1');
      expect(sqlite(join(dir, bak), 'SELECT name FROM departments')).toBe('曲阳县市场监督管理局');
      expect(statSync(join(dir, bak)).mode & 0o777).toBe(0o600);
    }
  }, 120_000);
});
