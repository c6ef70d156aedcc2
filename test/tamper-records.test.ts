import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countyDb, draw, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * Issue 15, "a log that vouches for every record": a record that the audit log describes,
 * edited, deleted, brought back or inserted with the sqlite3 CLI, makes `draw audit verify` exit 4
 * naming the table, the record and the entry that describes it.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

let base: string;

/** Runs a command as if on a given day (the clock is the only thing moved: Date, not timers). */
async function on(day: string, run: () => Promise<Run>): Promise<Run> {
  vi.setSystemTime(new Date(day));
  const r = await run();
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const t = countyDb();
  await on('2022-03-25T02:00:00Z', () => t.run(PLAN));
  const drawn = JSON.parse((await on('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']))).stdout);
  await on('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG', '--note', '已比对']));
  await on('2022-04-08T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SWJ'])); // late: due the next working day
  const cert = drawn.sheets[2].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
  await on('2022-04-08T04:00:00Z', () => t.run(['replace', '1/3', '--inspector', cert, '--reason', '亲属关系，依法回避', '--approved-by', '王局长']));
  await on('2022-04-08T05:00:00Z', () => t.run(['assist', '1/3', '--department', 'SCJG', '--name', '赵工程师', '--certificate', 'ZY-0012']));
  const found = 'SCJG-01=不正常,其余=正常';
  await on('2022-05-12T02:00:00Z', () => t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
  await on('2022-05-12T03:00:00Z', () => t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正', '--items', found]));
  await on('2022-05-12T04:00:00Z', () => t.run(['result', '1/2', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '发现问题已责令改正', '--items', found,
    '--refused', '--refusal-note', '负责人拒绝签字', '--witness', '李四']));
  await on('2022-05-12T05:00:00Z', () => t.run(['result', '1/2', '--department', 'SWJ', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常']));
  await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/2', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete']));
  await on('2022-05-20T03:00:00Z', () => t.run(['config', 'entry_days', '20']));
  await on('2022-05-20T04:00:00Z', () => t.run(['code', 'accept', '91350211M0000XUF46', '--reason', '早期试点代码']));
  await on('2022-05-21T02:00:00Z', () => t.run(['export', 'disclosure', '1', '--out', join(t.dir, '公示.csv')]));
  vi.useRealTimers();
  const clean = await t.run(['--json', 'audit', 'verify']);
  expect(clean.code, clean.stdout).toBe(0);
  expect(JSON.parse(clean.stdout).records).toEqual([]);
  base = t.db;
});

afterAll(() => vi.useRealTimers());

function victim() {
  const db = join(tmp('draw-tamper-records-'), 'draw.db');
  copyFileSync(base, db);
  return db;
}

/** The seq of the n-th entry (from 1) of an action. */
const entryOf = (db: string, action: string, n = 1) =>
  Number(sqlite(db, `SELECT seq FROM audit_log WHERE action = '${action}' ORDER BY seq LIMIT 1 OFFSET ${n - 1}`));

type Case = [name: string, tamper: (db: string) => void, expected: { table: string; record: string; problem: string; field?: string; action?: string; n?: number }];

const cases: Case[] = [
  ['a plan renamed after its draw', (db) => sqlite(db, "UPDATE plans SET name = '2022年第二批' WHERE id = 1"),
    { table: 'plans', record: '1', problem: 'changed', field: 'name', action: 'plan.create' }],
  ['a plan\'s ratio changed', (db) => sqlite(db, 'UPDATE plans SET ratio_ppm = 60000 WHERE id = 1'),
    { table: 'plans', record: '1', problem: 'changed', field: 'ratio_ppm', action: 'plan.create' }],
  ['a plan\'s team size changed', (db) => sqlite(db, "UPDATE plan_departments SET team_size = 3 WHERE plan_id = 1 AND department = 'SWJ'"),
    { table: 'plans', record: '1', problem: 'changed', field: 'departments', action: 'plan.create' }],
  ['a drawn draw marked voided with no void entry', (db) => sqlite(db, "UPDATE draws SET status = 'voided', voided_at = '2022-04-02T00:00:00.000Z', void_reason = 'x' WHERE id = 1"),
    { table: 'draws', record: '1', problem: 'changed', field: 'status', action: 'draw.run' }],
  ['a draw\'s drawn_at moved a day back', (db) => sqlite(db, "UPDATE draws SET drawn_at = '2022-03-31T02:00:00.000Z' WHERE id = 1"),
    { table: 'draws', record: '1', problem: 'changed', field: 'drawn_at', action: 'draw.run' }],
  ['a draw inserted beside the drawn one', (db) => sqlite(db, "INSERT INTO draws (plan_id, status, parameters, commitment, committed_at, operator) SELECT plan_id, 'voided', parameters, commitment, committed_at, operator FROM draws WHERE id = 1"),
    { table: 'draws', record: '2', problem: 'unlogged' }],
  ['a confirmation deleted', (db) => sqlite(db, "DELETE FROM confirmations WHERE department = 'SCJG'"),
    { table: 'confirmations', record: '1/SCJG', problem: 'deleted', action: 'draw.confirm' }],
  ['a late confirmation marked on time', (db) => sqlite(db, "UPDATE confirmations SET late = 0 WHERE department = 'SWJ'"),
    { table: 'confirmations', record: '1/SWJ', problem: 'changed', field: 'late', action: 'draw.confirm', n: 2 }],
  ['a confirmation inserted without `draw confirm`', (db) => sqlite(db, "INSERT INTO confirmations VALUES (1, 'STHJ', '2022-04-01T03:00:00.000Z', '2022-04-02', 0, '', 'tester')"),
    { table: 'confirmations', record: '1/STHJ', problem: 'unlogged' }],
  ['the current result deleted', (db) => sqlite(db, 'DELETE FROM results WHERE draw_id = 1 AND number = 1 AND superseded_by IS NULL'),
    { table: 'results', record: '1/1 #2', problem: 'deleted', action: 'result.correct' }],
  ['a superseded result made current again', (db) => sqlite(db, 'UPDATE results SET superseded_by = 1 WHERE id = 2; UPDATE results SET superseded_by = NULL WHERE id = 1;'),
    { table: 'results', record: '1/1 #1', problem: 'changed', field: 'superseded_by', action: 'result.enter' }],
  ['a result\'s entered_on moved earlier', (db) => sqlite(db, "UPDATE results SET entered_on = '2022-05-10' WHERE id = 3"),
    { table: 'results', record: '1/2 #3', problem: 'changed', field: 'entered_on', action: 'result.enter', n: 2 }],
  ['a result\'s witness changed', (db) => sqlite(db, "UPDATE results SET witness = '王五' WHERE id = 3"),
    { table: 'results', record: '1/2 #3', problem: 'changed', field: 'witness', action: 'result.enter', n: 2 }],
  ['a result moved to another department', (db) => sqlite(db, "UPDATE results SET department = 'SWJ' WHERE id = 1"),
    { table: 'results', record: '1/1 #1', problem: 'changed', field: 'department', action: 'result.enter' }],
  ['a visit\'s witness changed', (db) => sqlite(db, "UPDATE visits SET witness = '王五' WHERE id = 2"),
    { table: 'visits', record: '1/2 #2', problem: 'changed', field: 'witness', action: 'result.enter', n: 2 }],
  ['a refused visit turned signed', (db) => sqlite(db, "UPDATE visits SET signed = 1, refusal_note = '', witness = '' WHERE id = 2"),
    { table: 'visits', record: '1/2 #2', problem: 'changed', field: 'signed', action: 'result.enter', n: 2 }],
  ['a visit inserted without an entry', (db) => sqlite(db, "INSERT INTO visits (draw_id, number, signed, entered_at, entered_by) VALUES (1, 3, 1, '2022-05-12T02:00:00.000Z', 'tester')"),
    { table: 'visits', record: '1/3 #3', problem: 'unlogged' }],
  ['a disposition moved to another department', (db) => sqlite(db, "UPDATE dispositions SET department = 'SWJ'"),
    { table: 'dispositions', record: '1', problem: 'changed', field: 'department', action: 'sheet.dispose' }],
  ['a disposition changed', (db) => sqlite(db, 'UPDATE dispositions SET complete = 0'),
    { table: 'dispositions', record: '1', problem: 'changed', field: 'complete', action: 'sheet.dispose' }],
  ['a disposition deleted', (db) => sqlite(db, 'DELETE FROM dispositions'),
    { table: 'dispositions', record: '1', problem: 'deleted', action: 'sheet.dispose' }],
  ['a specialist renamed', (db) => sqlite(db, "UPDATE specialists SET name = '钱工程师'"),
    { table: 'specialists', record: '1', problem: 'changed', field: 'name', action: 'sheet.assist' }],
  ['a replacement\'s reason changed', (db) => sqlite(db, "UPDATE replacements SET reason = '工作安排'"),
    { table: 'replacements', record: '1/1', problem: 'changed', field: 'reason', action: 'sheet.replace' }],
  ['a publication\'s results taken off it', (db) => sqlite(db, 'DELETE FROM disclosed'),
    { table: 'disclosures', record: '1', problem: 'changed', field: 'published', action: 'disclosure.export' }],
  ['a publication deleted', (db) => sqlite(db, 'DELETE FROM disclosed; DELETE FROM disclosures'),
    { table: 'disclosures', record: '1', problem: 'deleted', action: 'disclosure.export' }],
  ['year_cap=12 set with the sqlite3 CLI', (db) => sqlite(db, "INSERT INTO settings VALUES ('year_cap', '12')"),
    { table: 'settings', record: 'year_cap', problem: 'unlogged' }],
  ['a setting made non-numeric', (db) => sqlite(db, "UPDATE settings SET value = 'abc' WHERE key = 'entry_days'"),
    { table: 'settings', record: 'entry_days', problem: 'changed', field: 'value', action: 'config.set' }],
  ['a changed setting deleted (back to the default)', (db) => sqlite(db, "DELETE FROM settings WHERE key = 'entry_days'"),
    { table: 'settings', record: 'entry_days', problem: 'deleted', action: 'config.set' }],
  ['a code accepted without `code accept`', (db) => sqlite(db, "INSERT INTO accepted_codes VALUES ('91350211M0000XUF47', '试点', 'tester', '2022-05-20T04:00:00.000Z')"),
    { table: 'accepted_codes', record: '91350211M0000XUF47', problem: 'unlogged' }],
  ['an accepted code\'s reason changed', (db) => sqlite(db, "UPDATE accepted_codes SET reason = '别的理由'"),
    { table: 'accepted_codes', record: '91350211M0000XUF46', problem: 'changed', field: 'reason', action: 'code.accept' }],
];

describe('a record the log describes, changed outside the tool', () => {
  it.each(cases)('%s: audit verify exit 4, naming the table, the record and the entry', async (_name, tamper, want) => {
    const db = victim();
    tamper(db);
    const r = await draw(['--db', db, '--json', 'audit', 'verify']);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const data = JSON.parse(r.stdout);
    expect(data.ok).toBe(false);
    expect(data.broken).toBeNull(); // the chain itself holds: the table disagrees with it
    const entry = want.action ? entryOf(db, want.action, want.n) : null;
    expect(data.records).toContainEqual({ table: want.table, record: want.record, entry, problem: want.problem, ...(want.field ? { field: want.field } : {}) });
    const text = await draw(['--db', db, 'audit', 'verify']);
    expect(text.code).toBe(4);
    expect(text.stdout).toContain(`${want.table} 表的记录 ${want.record}`);
    if (entry !== null) expect(text.stdout).toContain(`审计日志第 ${entry} 条`);
    const en = await draw(['--db', db, '--lang', 'en', 'audit', 'verify']);
    expect(en.stdout).toContain(`record ${want.record} of table ${want.table}`);
  });

  it('nothing changed: every table agrees with the log, and a copy read with better-sqlite3 is the same', async () => {
    const db = victim();
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(4);
    expect(d.prepare('SELECT COUNT(*) FROM visits').pluck().get()).toBe(2); // one per sheet, SWJ's part of 1/2 gave none
    d.close();
    expect((await draw(['--db', db, 'audit', 'verify'])).code).toBe(0);
  });
});
