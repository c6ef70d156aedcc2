import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, countyDb, draw, NODE, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * Issue 15: a damaged database (a table dropped, a setting of the wrong type) is named as such,
 * exit 4, from verify, replay and status; a race lost on a unique constraint is told in words.
 * Never SQLite's own text.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const RAW = /no such table|no such column|constraint failed|non-finite|SqliteError|^\s+at /m;

let base: string;
beforeAll(async () => {
  const t = countyDb();
  expect((await t.run(PLAN)).code).toBe(0);
  expect((await seeded(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'])).code).toBe(0);
  base = t.db;
});

function copy(): string {
  const db = join(tmp('draw-damaged-'), 'draw.db');
  copyFileSync(base, db);
  return db;
}

describe('a table dropped', () => {
  it.each([
    ['audit_log', ['audit', 'verify']], ['audit_log', ['replay', '1']], ['audit_log', ['status']],
    ['sheets', ['audit', 'verify']], ['sheets', ['replay', '1']], ['sheets', ['status']],
    ['results', ['audit', 'verify']], ['confirmations', ['status']], ['plan_items', ['plan', 'list']],
  ] as [string, string[]][])('%s dropped: %j says the database is incomplete (exit 4)', async (table, args) => {
    const db = copy();
    sqlite(db, `DROP TABLE ${table}`);
    const r = await draw(['--db', db, ...args]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stderr).toContain(`数据库 ${db} 不完整：缺少表 ${table}`);
    expect(r.stdout + r.stderr).not.toMatch(RAW);
    const en = await draw(['--db', db, '--lang', 'en', ...args]);
    expect(en.stderr).toContain(`table ${table} is missing`);
  });
});

it('a column dropped: named with its table (exit 4)', async () => {
  const db = copy();
  sqlite(db, 'ALTER TABLE results DROP COLUMN witness');
  const r = await draw(['--db', db, 'audit', 'verify']);
  expect(r.code).toBe(4);
  expect(r.stderr).toContain('缺少列 results.witness');
  expect(r.stdout + r.stderr).not.toMatch(RAW);
});

describe('a setting of the wrong type', () => {
  it.each([['abc'], ['1e3'], ['12.5'], ['']])('year_cap = %j: run and status refuse naming the setting (exit 4), verify names the record', async (value) => {
    const db = copy();
    expect((await draw(['--db', db, ...PLAN, '--name', '第二批'])).code).toBe(0);
    sqlite(db, `INSERT INTO settings VALUES ('year_cap', '${value}')`);
    for (const args of [['run', '2022-002', '--commit-only', '--seed-source', '公开摇号'], ['status']]) {
      const r = await draw(['--db', db, ...args]);
      expect(r.code, r.stdout + r.stderr).toBe(4);
      expect(r.stderr).toContain(`设置 year_cap 的值 ${value} 不是 1–12 之间的整数`);
      expect(r.stdout + r.stderr).not.toMatch(RAW);
    }
    const v = await draw(['--db', db, 'audit', 'verify']);
    expect(v.code).toBe(4);
    expect(v.stdout).toContain('settings 表的记录 year_cap');
  });
});

describe('a race lost on a unique constraint', () => {
  it('a confirmation written between the check and the write (a trigger plays the other clerk): a clear refusal, nothing written', async () => {
    const db = copy();
    // The other clerk's row lands just before ours, inside our statement: the constraint is what stops us.
    sqlite(db, `CREATE TRIGGER other_clerk BEFORE INSERT ON confirmations BEGIN
      INSERT INTO confirmations VALUES (NEW.draw_id, NEW.department, NEW.confirmed_at, NEW.due_on, NEW.late, '另一位', 'other'); END`);
    const audit = sqlite(db, 'SELECT COUNT(*) FROM audit_log');
    const r = await draw(['--db', db, 'confirm', '1', '--department', 'SCJG']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('另一位同事刚刚写入了同一条记录（该部门对这次抽取的确认）');
    expect(r.stderr).not.toMatch(RAW);
    expect(sqlite(db, 'SELECT COUNT(*) FROM confirmations')).toBe('0');
    expect(sqlite(db, 'SELECT COUNT(*) FROM audit_log')).toBe(audit);
  });

  it('a plan number taken between the check and the write: a clear refusal', async () => {
    const db = copy();
    sqlite(db, `CREATE TRIGGER other_clerk BEFORE INSERT ON plans BEGIN
      INSERT INTO plans (year, number, name, initiator, scope, ratio_ppm, window_start, window_end, created_at, operator)
      VALUES (NEW.year, NEW.number, 'x', NEW.initiator, NEW.scope, NEW.ratio_ppm, NEW.window_start, NEW.window_end, NEW.created_at, 'other'); END`);
    const r = await draw(['--db', db, ...PLAN, '--name', '第二批']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('（这个计划编号）');
    expect(r.stderr).not.toMatch(RAW);
  });

  it('two `draw confirm` of one department at once (--journal delete, real processes): one success, one clear refusal', async () => {
    const run = (db: string): Promise<Run> => {
      const child = spawn(NODE, [BIN, '--db', db, '--journal', 'delete', 'confirm', '1', '--department', 'SWJ'],
        { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
      child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
      return once(child, 'exit').then(([code]) => ({ code: (code as number | null) ?? -1, stdout, stderr }));
    };
    for (let round = 0; round < 4; round++) {
      const db = copy();
      sqlite(db, 'PRAGMA journal_mode = DELETE');
      const both = await Promise.all([run(db), run(db)]);
      expect(both.map((r) => r.code).sort(), JSON.stringify(both)).toEqual([0, 2]);
      const refused = both.find((r) => r.code === 2)!;
      expect(refused.stderr).toMatch(/SWJ 已确认过抽取 1|另一位同事刚刚写入了同一条记录/);
      expect(refused.stderr).not.toMatch(RAW);
      expect(sqlite(db, "SELECT COUNT(*) FROM confirmations WHERE department = 'SWJ'")).toBe('1');
      expect((await draw(['--db', db, 'audit', 'verify'])).code).toBe(0);
    }
  }, 120_000);
});
