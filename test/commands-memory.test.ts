import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE } from './helpers.js';
import { addSyntheticSubjects } from './synthetic-subjects.js';

/**
 * Memory kept honest for every command that reads the registry or a whole draw (issue 14), beside
 * test/draw-memory.test.ts (run, replay, show draw): 300,000 subjects and a draw of some 60,000
 * sheets, each command its own `bin/draw` process with a V8 heap of HEAP_MB and its peak resident
 * set (the kernel's ru_maxrss) held under CEILING_MB. A row object per subject or per sheet, a
 * list of the draw built whole, a file built as one string, or output queued in memory fails
 * here: the build before these bounds fails five of them (status --year, report performance,
 * list --json into a pipe, export notice as HTML and as CSV) by running out of this heap; at
 * 235,000 sheets they took 430, 380, —, 720 MB, and now stay under 135 MB with it. The build before
 * the streamed status (9051d2c) fails the three status tests that list every overdue item (--json,
 * --out as CSV and as xlsx: 830–840 MB at a million items, now 115–125 MB), and export disclosure
 * of a result on every sheet (904 MB at 234,881 results, now 180 MB).
 */
const SUBJECTS = 300_000;
const CEILING_MB = 200;
const HEAP_MB = 32;
const TOWNS = ['恒州镇', '灵山镇', '燕赵镇', '羊平镇', '路庄子乡', '下河乡'];

/** Runs bin/draw under python's resource accounting: exit code, peak RSS of the child in MB, the end of its output. */
function measured(db: string, args: string[], heap = HEAP_MB): { code: number; mb: number; out: string } {
  const py = 'import resource,subprocess,sys\n' +
    'r=subprocess.run(sys.argv[1:], capture_output=True)\n' +
    'm=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n' +
    'sys.stdout.write(f"{r.returncode} {m}\\n" + r.stdout.decode("utf8", "replace")[-3000:] + r.stderr.decode("utf8", "replace")[-2000:])';
  const r = spawnSync('python3', ['-c', py, NODE, `--max-old-space-size=${heap}`, BIN, '--db', db, ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' }, timeout: 300_000,
  });
  const [head, ...rest] = r.stdout.split('\n');
  const [code, kb] = head!.split(' ').map(Number);
  return { code: code!, mb: kb! / 1024, out: rest.join('\n') };
}

/** The fixture county with SUBJECTS more active subjects in six townships, written by SQL (the import has its own memory test). */
function bigCounty(): { db: string; dir: string } {
  const t = countyDb();
  addSyntheticSubjects(t.db, SUBJECTS, { township: "json_extract(?, printf('$[%d]', i % 6))", address: "printf('测试地址%d号', i)" }, [JSON.stringify(TOWNS)]);
  return t;
}

describe(`the other commands over ${SUBJECTS.toLocaleString('en')} subjects in bounded memory`, () => {
  let db: string;
  let dir: string;
  let sheets: number;
  beforeAll(() => {
    ({ db, dir } = bigCounty());
    // a fifth of the county drawn (about 60,000 sheets), so that what grows with the draw shows as well as what grows with the registry
    const plan = measured(db, ['plan', '--year', '2022', '--name', 'big', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '20%', '--window', '2022-04-01..2022-06-30', '--no-input'], 2048);
    expect(plan.code, plan.out).toBe(0);
    expect(measured(db, ['config', 'one_step_draw', '1']).code).toBe(0);
    const run = measured(db, ['run', '2022-001', '--seed', 'memory'], 2048);
    expect(run.code, run.out).toBe(0);
    sheets = Number(new Database(db, { readonly: true }).prepare('SELECT COUNT(*) FROM sheets').pluck().get());
    expect(sheets).toBeGreaterThan(SUBJECTS * 0.15);
  }, 300_000);

  const COMMANDS: [string, (dir: string) => string[]][] = [
    ['status', () => ['status']],
    ['status --year (every sheet overdue for entry)', () => ['status', '--year', '2022']],
    // every overdue item written as it is read: the document built whole was 827 MB at a million items
    ['status --json (every overdue item)', () => ['--json', 'status', '--year', '2022']],
    ['status --out (every overdue item, CSV)', (d) => ['status', '--year', '2022', '--out', join(d, 'status.csv')]],
    ['status --out (every overdue item, xlsx)', (d) => ['status', '--year', '2022', '--out', join(d, 'status.xlsx')]],
    ['report coverage', () => ['report', 'coverage', '--year', '2022']],
    ['report performance', () => ['report', 'performance', '--year', '2022']],
    ['plan show (the annual plan)', () => ['plan', 'show', '2022']],
    ['plan show (the task)', () => ['plan', 'show', '2022-001']],
    ['a second task over the registry', () => ['plan', '--year', '2022', '--name', 'second', '--departments', 'SCJG', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '3%', '--window', '2022-07-01..2022-09-30', '--no-input']],
    ['list subjects', () => ['list', 'subjects']],
    ['list subjects --json', () => ['--json', 'list', 'subjects']],
    ['export drawn', (d) => ['export', 'drawn', '1', '--out', join(d, 'drawn.csv')]],
    ['export notice (html)', (d) => ['export', 'notice', '1', '--out', join(d, 'notice.html')]],
    ['export notice (csv)', (d) => ['export', 'notice', '1', '--out', join(d, 'notice.csv'), '--format', 'csv']],
    ['export disclosure', (d) => ['export', 'disclosure', '1', '--out', join(d, 'disclosure.csv')]],
    ['audit verify', () => ['audit', 'verify']],
    ['db backup', (d) => ['db', 'backup', join(d, 'backup.db')]],
  ];

  it.each(COMMANDS)(`%s stays under ${CEILING_MB} MB with a ${HEAP_MB} MB heap`, (_what, args) => {
    const r = measured(db, args(dir));
    expect(r.code, r.out).toBe(0);
    expect(r.mb, r.out).toBeLessThan(CEILING_MB);
  }, 300_000);

  it(`export disclosure of a result on every sheet stays under ${CEILING_MB} MB with a ${HEAP_MB} MB heap, every result on its row`, () => {
    // a copy with SCJG's result entered on each of its sheets (by SQL: the entry has its own tests), the
    // season's end of a province: the publication was built as one text, 900 MB at 235,000 results
    const copy = join(dir, 'results.db');
    copyFileSync(db, copy);
    const w = new Database(copy);
    const results = w.prepare(`INSERT INTO results (draw_id, number, department, inspected_on, findings, items, signed, entered_at, entered_on, entered_by, late_reason)
      SELECT draw_id, number, 'SCJG', date('2022-05-01', '+' || (number % 40) || ' days'), '["no_problem"]', '{}', 1, '2022-06-10T02:00:00.000Z', '2022-06-10', 'tester', ''
      FROM sheets WHERE draw_id = 1 AND cancelled_by IS NULL AND team LIKE '%"SCJG"%'`).run().changes;
    w.close();
    expect(results).toBeGreaterThan(sheets * 0.9);
    const out = join(dir, 'published.csv');
    const r = measured(copy, ['export', 'disclosure', '1', '--out', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.mb, r.out).toBeLessThan(CEILING_MB);
    expect(readFileSync(out, 'utf8').trimEnd().split('\r\n').length).toBe(results + 1);
  }, 300_000);

  it('confirm of every sheet of a department, with a rejection that brings in a substitute, prepares its statements once', () => {
    // on a copy: the other tests read the season unconfirmed. A statement prepared a sheet held
    // SQLite's memory until collected: 481 MB here (60,000 sheets), 257 MB with one statement. Not
    // yet the 200 MB of the goal, nor the small heap of the others: confirm holds the standing
    // sheets, and the substitute's search recomputes the draw from the whole snapshot text.
    const copy = join(dir, 'confirmed.db');
    copyFileSync(db, copy);
    const r = measured(copy, ['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '1=gone'], 2048);
    expect(r.code, r.out).toBe(0);
    expect(r.mb, r.out).toBeLessThan(320);
    const check = new Database(copy, { readonly: true });
    const mine = Number(check.prepare(`SELECT COUNT(*) FROM sheets WHERE draw_id = 1 AND cancelled_by IS NULL AND substitute_for IS NULL AND team LIKE '%"SCJG"%'`).pluck().get());
    const confirmed = Number(check.prepare(`SELECT COUNT(*) FROM sheet_confirmations WHERE draw_id = 1 AND department = 'SCJG'`).pluck().get());
    const substitutes = Number(check.prepare('SELECT COUNT(*) FROM sheets WHERE draw_id = 1 AND substitute_for = 1').pluck().get());
    check.close();
    expect(mine).toBeGreaterThan(sheets * 0.5);
    expect(confirmed).toBe(mine);
    expect(substitutes).toBe(1);
  }, 300_000);

  it(`import results of 15,000 sheets stays under ${CEILING_MB} MB with a 64 MB heap`, () => {
    // a sheet's history had no index of its own (a scan of every result, twice a row), and each row
    // prepared its statements again: 26,000 rows took 69 s and 311 MB. The import's audit entry lists
    // every result it wrote (draw audit verify holds each row to it), so what it holds grows with the
    // file: 60,000 rows do not fit a 96 MB heap.
    const copy = join(dir, 'entered.db');
    copyFileSync(db, copy);
    // a department enters the results of the sheets it confirmed (art. 17)
    expect(measured(copy, ['confirm', '1', '--department', 'SCJG'], 2048).code).toBe(0);
    const read = new Database(copy, { readonly: true });
    const numbers = read.prepare(`SELECT number FROM sheets WHERE draw_id = 1 AND cancelled_by IS NULL AND team LIKE '%"SCJG"%' ORDER BY number LIMIT 15000`).pluck().all() as number[];
    read.close();
    // inspected today, after the task's window: with the reason the late entry needs
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const file = join(dir, 'results.csv');
    writeFileSync(file, ['检查表,部门,检查日期,检查结果,事项结果,签字确认,逾期原因', ...numbers.map((n) => `1/${n},SCJG,${today},未发现问题,正常,是,补录`)].join('\r\n') + '\r\n');
    const r = measured(copy, ['--json', 'import', 'results', file], 64);
    expect(r.code, r.out).toBe(0);
    expect(r.mb, r.out).toBeLessThan(CEILING_MB);
    expect(numbers.length).toBe(15_000);
    const check = new Database(copy, { readonly: true });
    expect(check.prepare(`SELECT COUNT(*) FROM results WHERE draw_id = 1 AND department = 'SCJG'`).pluck().get()).toBe(numbers.length);
    check.close();
  }, 300_000);

  it('the status table counts every overdue item it does not keep: as many as --json lists', () => {
    const table = measured(db, ['status', '--year', '2022']);
    expect(table.code, table.out).toBe(0);
    const json = spawnSync(NODE, [BIN, '--db', db, '--json', 'status', '--year', '2022'], {
      encoding: 'utf8', maxBuffer: 1 << 30, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' },
    });
    expect(json.status, json.stderr).toBe(0);
    const overdue = JSON.parse(json.stdout).overdue as { kind: string; sheet?: number }[];
    // nothing entered after the window: every standing sheet's every department is overdue for entry, and the confirmations too
    expect(overdue.filter((o) => o.kind === 'enter').length).toBeGreaterThanOrEqual(sheets);
    expect(table.out).toContain(`逾期事项 ${overdue.length} 项`);
    expect(table.out).toContain(`另有 ${overdue.length - 30} 项逾期`);
    // the 30 shown are the first 30 of the full list, in its order
    const shown = [...table.out.matchAll(/│ 1\/(\d+) (\w+)/g)].map((m) => Number(m[1]));
    expect(shown).toEqual(overdue.filter((o) => o.sheet !== undefined).slice(0, shown.length).map((o) => o.sheet));
  }, 300_000);
});
