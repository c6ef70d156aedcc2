import iconv from 'iconv-lite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countyDb, draw, readCsvText, sqlite, type Db, type Run, seeded } from './helpers.js';

/**
 * Issue 10, "department results" and "entries that make sense" (art. 6, 11, 18, 20, 22, 30): each
 * department enters its own part of a sheet, after it confirmed it; the visit once per sheet;
 * entries that contradict themselves or the draw refused with the field and exit 5; the
 * disclosure one row per sheet and department, a correction after publication marked 更正.
 * The clock is moved (Date only) so that the season runs in 2022 as the plan says.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SCJG = '曲阳县市场监督管理局';
const SWJ = '国家税务总局曲阳县税务局';

let t: Db;

async function on(day: string, run: () => Promise<Run>): Promise<Run> {
  vi.setSystemTime(new Date(day));
  return run();
}
const ok = (r: Run) => {
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);
const count = (sql: string) => Number(sqlite(t.db, sql));

/**
 * The items of a department on a sheet, as the printed sheet lists them (export sheets, CSV): the
 * items that apply to its subject (the fixture's SCJG-03 only to food businesses), what an entry covers.
 */
async function itemsOn(d: Db, sheet: number, department: string): Promise<string[]> {
  const out = join(d.dir, `sheets-for-items`);
  ok(await d.run(['export', 'sheets', '1', '--out', out, '--format', 'csv', '--force']));
  const [header, ...rows] = readCsvText(readFileSync(join(out, 'sheets-1.csv'), 'utf8'));
  const name = { SCJG, SWJ }[department];
  return rows.filter((r) => r[header.indexOf('表号')] === String(sheet) && r[header.indexOf('部门')] === name).map((r) => r[header.indexOf('事项编码')]);
}
const allNormal = (codes: string[]) => Object.fromEntries(codes.map((c) => [c, 'normal']));

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  t = countyDb();
  ok(await on('2022-03-25T02:00:00Z', () => t.run(PLAN)));
  ok(await on('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', '部门录入'])));
  ok(await on('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG'])));
});
afterAll(() => vi.useRealTimers());

const MAY12 = '2022-05-12T02:00:00Z';
const result = (sheet: string, ...args: string[]) => t.run(['--json', 'result', sheet, '--date', '2022-05-10', ...args]);

describe('a department enters its own part', () => {
  it('SCJG enters its items alone, before SWJ has confirmed; the visit is recorded with it; the sheet is not complete yet', async () => {
    const r = json(await on(MAY12, () => result('1/1', '--department', 'SCJG', '--findings', '未发现问题', '--items', '正常', '--signed')));
    expect(r).toMatchObject({ department: 'SCJG', findings: ['no_problem'], signed: true, corrects: null });
    expect(r.items).toEqual(allNormal(await itemsOn(t, 1, 'SCJG')));
    expect(Object.keys(r.items)).toEqual(expect.arrayContaining(['SCJG-01', 'SCJG-02']));
    expect(sqlite(t.db, 'SELECT department, signed FROM results')).toBe('SCJG|1');
    expect(sqlite(t.db, 'SELECT number, signed, superseded_by IS NULL FROM visits')).toBe('1|1|1');
    const s = json(await on(MAY12, () => t.run(['--json', 'status', '--year', '2022', '--on', '2022-05-12'])));
    expect(s.rows.map((x: { department: string; confirmed: number; entered: number }) => [x.department, x.entered, x.confirmed > 0]))
      .toEqual([['SCJG', 1, true], ['SWJ', 0, false]]);
    expect(s.sheets[0].complete).toBe(0);
  });

  it('refuses SWJ before it has confirmed the sheet (exit 5, naming --department), writing nothing', async () => {
    const r = await on(MAY12, () => t.run(['result', '1/1', '--department', 'SWJ', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常']));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--department');
    expect(r.stderr).toContain('SWJ 尚未确认该检查表');
    const en = await on(MAY12, () => t.run(['--lang', 'en', 'result', '1/1', '--department', 'SWJ', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常']));
    expect(en.stderr).toContain('SWJ has not confirmed this sheet');
    expect(count("SELECT COUNT(*) FROM results WHERE department = 'SWJ'")).toBe(0);
  });

  it('SWJ, once confirmed, enters its part without giving the visit again: one visit, and the sheet is complete', async () => {
    ok(await on('2022-04-02T02:00:00Z', () => t.run(['confirm', '1', '--department', 'SWJ'])));
    const r = json(await on('2022-05-13T02:00:00Z', () => result('1/1', '--department', 'SWJ', '--findings', '未发现问题', '--items', '正常')));
    expect(Object.keys(r.items).sort()).toEqual(['SWJ-01', 'SWJ-02']);
    expect(r).toMatchObject({ signed: true, visit: null });
    expect(count('SELECT COUNT(*) FROM visits')).toBe(1);
    const s = json(await on(MAY12, () => t.run(['--json', 'status', '--year', '2022', '--on', '2022-05-13'])));
    expect(s.rows.map((x: { entered: number }) => x.entered)).toEqual([1, 1]);
    expect(s.sheets[0].complete).toBe(1);
  });

  it('asks for the visit on a sheet\'s first entry, and a visit given again differently corrects it, the old one kept', async () => {
    const first = await on(MAY12, () => result('1/2', '--department', 'SWJ', '--findings', '未发现问题', '--items', '正常'));
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('--signed | --refused');
    const refusedNoWitness = await on(MAY12, () => result('1/2', '--department', 'SWJ', '--findings', '未发现问题', '--items', '正常', '--refused', '--refusal-note', '拒签'));
    expect(refusedNoWitness.code).toBe(2);
    expect(refusedNoWitness.stderr).toContain('--witness');
    ok(await on(MAY12, () => result('1/2', '--department', 'SWJ', '--findings', '未发现问题', '--items', '正常', '--signed')));
    ok(await on(MAY12, () => result('1/2', '--department', 'SCJG', '--findings', '未发现问题', '--items', '正常', '--refused', '--refusal-note', '负责人拒绝签字', '--witness', '李四')));
    expect(sqlite(t.db, 'SELECT signed, witness, superseded_by IS NULL FROM visits WHERE number = 2 ORDER BY id')).toBe('1||0\n0|李四|1');
    expect(sqlite(t.db, "SELECT signed FROM results WHERE number = 2 AND department = 'SCJG'")).toBe('0');
    ok(await on(MAY12, () => t.run(['audit', 'verify'])));
  });

  it('takes 不涉及 for one item or for all, and an item of another department is not this one\'s', async () => {
    const r = json(await on(MAY12, () => result('1/3', '--department', 'SCJG', '--findings', '未发现问题', '--items', 'SCJG-02=不涉及,其余=正常', '--signed')));
    expect(r.items).toEqual({ ...allNormal(await itemsOn(t, 3, 'SCJG')), 'SCJG-02': 'not_applicable' });
    const all = json(await on(MAY12, () => result('1/3', '--department', 'SWJ', '--findings', '未发现开展本次抽查涉及的经营活动', '--items', '不涉及')));
    expect(all.items).toEqual({ 'SWJ-01': 'not_applicable', 'SWJ-02': 'not_applicable' });
    // the printed sheet ticks the 不涉及 box of each such item, and only those
    const out = join(t.dir, 'sheets');
    ok(await on(MAY12, () => t.run(['export', 'sheets', '1', '--out', out])));
    const html = readFileSync(join(out, 'sheets-1.html'), 'utf8');
    const third = html.split('<section').find((x) => x.includes('表号：1/3<')) ?? '';
    const ticks = (section: string) => [...section.matchAll(/<td class="c">(<span class="box">(?:✓|&nbsp;)<\/span>)<\/td><td class="c">(<span class="box">(?:✓|&nbsp;)<\/span>)<\/td><td class="c">(<span class="box">(?:✓|&nbsp;)<\/span>)<\/td>/g)]
      .map((m) => m.slice(1).map((x) => (x.includes('✓') ? 'x' : '_')).join(''));
    expect(ticks(third).filter((x) => x === '__x')).toHaveLength(3); // SCJG-02, SWJ-01, SWJ-02
    expect(ticks(third).filter((x) => x === 'x__')).toHaveLength((await itemsOn(t, 3, 'SCJG')).length - 1);
    expect(ticks(third)).toHaveLength((await itemsOn(t, 3, 'SCJG')).length + 2);
    // the heading gives each department's own finding and date
    expect(third).toContain(`${SCJG}（2022-05-10）：未发现问题<br>${SWJ}（2022-05-10）：未发现开展本次抽查涉及的经营活动`);
    // a blank sheet (nothing entered) has the three empty boxes on every item row, its finding left for the pen
    const blank = html.split('<section').find((x) => x.includes('表号：1/30<')) ?? '';
    expect(blank).toContain('<th class="c">正常</th><th class="c">不正常</th><th class="c">不涉及</th>');
    expect(ticks(blank).length).toBeGreaterThan(0);
    expect(new Set(ticks(blank))).toEqual(new Set(['___']));
    expect(blank).toMatch(/<th>检查结果<\/th><td><\/td>/);
    const other = await on(MAY12, () => result('1/3', '--department', 'SCJG', '--findings', '未发现问题', '--items', 'SCJG-01=正常,其余=正常,SWJ-01=正常'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--items');
    expect(other.stderr).toContain('SWJ-01 不是 SCJG 适用于该对象的计划事项');
  });
});

describe('entries that make sense (art. 30)', () => {
  const refused: [string, string, string[], number, string, RegExp][] = [
    ['a date before the draw', MAY12, ['--date', '2022-03-31'], 5, '--date', /早于抽取日 2022-04-01/],
    ['a date after today', MAY12, ['--date', '2022-05-13'], 5, '--date', /晚于今天 2022-05-12/],
    ['a date outside the window without a reason', '2022-07-08T02:00:00Z', ['--date', '2022-07-01'], 5, '--date', /不在计划的检查期间 2022-04-01 至 2022-06-30 内.*--late-reason/],
    ['未发现问题 with an item 不正常', MAY12, ['--items', 'SCJG-01=不正常,其余=正常'], 5, '--findings', /“未发现问题”，但事项 SCJG-01 为不正常/],
    ['a problem with every item 正常', MAY12, ['--findings', '发现问题已责令改正'], 5, '--findings', /“发现问题已责令改正”，但没有一个事项为不正常/],
    ['未发现问题 beside a problem', MAY12, ['--findings', '未发现问题、发现问题待后续处理', '--items', 'SCJG-01=不正常,其余=正常'], 5, '--findings', /相互矛盾/],
    ['a department not on the sheet', MAY12, ['--department', 'STHJ'], 5, '--department', /部门 STHJ 不在该检查表上/],
    ['no department on a sheet of two', MAY12, ['--department', ''], 2, '--department', /须用 --department 指明/],
  ];
  it.each(refused)('refuses %s, naming the field, with its exit code, and writes nothing', async (_what, day, change, code, flag, message) => {
    const args = ['--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'];
    for (let i = 0; i < change.length; i += 2) args[args.indexOf(change[i]) + 1] = change[i + 1];
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log');
    const r = await on(day, () => t.run(['result', '1/20', ...args.filter((a, i) => !(a === '--department' && args[i + 1] === '') && !(a === '' && args[i - 1] === '--department'))]));
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toMatch(message);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log')).toBe(before);
  });

  it('says the same in English', async () => {
    const r = await on(MAY12, () => t.run(['--lang', 'en', 'result', '1/20', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正', '--items', '正常', '--signed']));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--findings');
    expect(r.stderr).toContain('but no item is 不正常');
  });

  it('enters an inspection outside the window with --late-reason, and keeps the reason', async () => {
    const r = json(await on('2022-07-08T02:00:00Z', () => t.run(['--json', 'result', '1/20', '--department', 'SCJG', '--date', '2022-07-01',
      '--findings', '未发现问题', '--items', '正常', '--signed', '--late-reason', '企业停业至七月复工'])));
    expect(r.lateReason).toBe('企业停业至七月复工');
    expect(sqlite(t.db, "SELECT late_reason FROM results WHERE number = 20")).toBe('企业停业至七月复工');
  });

  it('refuses a late reason given for a date inside the window (it would vanish), naming the flag, in zh and en, writing nothing', async () => {
    const args = ['result', '1/22', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed', '--late-reason', '企业停业'];
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log');
    const r = await on(MAY12, () => t.run(args));
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('--late-reason');
    expect(r.stderr).toContain('检查日期 2022-05-10 在检查期间 2022-04-01 至 2022-06-30 内');
    const en = await on(MAY12, () => t.run(['--lang', 'en', ...args]));
    expect(en.code).toBe(5);
    expect(en.stderr).toContain('--late-reason');
    expect(en.stderr).toContain('a late reason is only for an inspection outside the plan\'s window');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log')).toBe(before);
  });

  it('rejects an import row whose 逾期原因 is for a date inside the window, naming the line and the column; the row beside it is imported', async () => {
    const file = join(t.dir, '逾期原因.csv');
    writeFileSync(file, [['检查表', '部门', '检查日期', '检查结果', '事项结果', '签字确认', '逾期原因'],
      ['1/22', 'SCJG', '2022-05-10', '未发现问题', '正常', '是', '企业停业'],
      ['1/23', 'SCJG', '2022-05-10', '未发现问题', '正常', '是', '']].map((x) => x.join(',')).join('\r\n') + '\r\n');
    const r = await on(MAY12, () => t.run(['--json', 'import', 'results', file]));
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 1, rejected: 1 });
    const rejects = readCsvText(readFileSync(file.replace(/\.csv$/, '.rejects.csv'), 'utf8'));
    expect(rejects.slice(1).map((x) => [x[0], x[1]])).toEqual([['2', '逾期原因']]);
    expect(rejects[1][2]).toContain('逾期原因只用于计划检查期间之外的检查');
    expect(count('SELECT COUNT(*) FROM results WHERE number = 22')).toBe(0);
    expect(sqlite(t.db, 'SELECT late_reason FROM results WHERE number = 23')).toBe('');
  });

  it('refuses a result on a sheet cancelled at confirmation', async () => {
    sqlite(t.db, 'UPDATE sheets SET cancelled_by = 99 WHERE draw_id = 1 AND number = 21');
    const r = await on(MAY12, () => t.run(['result', '1/21', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    sqlite(t.db, 'UPDATE sheets SET cancelled_by = NULL WHERE draw_id = 1 AND number = 21');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('已在确认时作废');
  });
});

describe('dispositions per department (art. 22)', () => {
  beforeAll(async () => {
    ok(await on(MAY12, () => t.run(['result', '1/4', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正',
      '--items', 'SCJG-01=不正常,其余=正常', '--signed'])));
    ok(await on(MAY12, () => t.run(['result', '1/4', '--department', 'SWJ', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常'])));
  });
  it('records the department that disposes, and refuses one on a result with no problem or dated before the inspection', async () => {
    const noProblem = await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/4', '--department', 'SWJ', '--action', '行政处罚', '--date', '2022-05-20']));
    expect(noProblem.code).toBe(5);
    expect(noProblem.stderr).toContain('SWJ 的检查结果未发现问题');
    const early = await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/4', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-09']));
    expect(early.code).toBe(5);
    expect(early.stderr).toContain('处置日期 2022-05-09 早于检查日期 2022-05-10');
    // its dates are refused as a result's are: exit 5, naming --date, after today or before the plan's year
    const future = await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/4', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-21']));
    expect(future.code).toBe(5);
    expect(future.stderr).toContain('--date：2022-05-21 晚于今天 2022-05-20');
    const lastYear = await on('2022-05-20T02:00:00Z', () => t.run(['--lang', 'en', 'dispose', '1/4', '--department', 'SCJG', '--action', '责令改正', '--date', '2021-12-31']));
    expect(lastYear.code).toBe(5);
    expect(lastYear.stderr).toContain('--date: 2021-12-31 is before the plan\'s year 2022');
    const none = await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/5', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20']));
    expect(none.code).toBe(2);
    expect(count('SELECT COUNT(*) FROM dispositions')).toBe(0);
    ok(await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/4', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete'])));
    expect(sqlite(t.db, 'SELECT department, action, decided_on FROM dispositions')).toBe('SCJG|order_correction|2022-05-20');
    const missing = await on('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/4', '--action', '责令改正', '--date', '2022-05-20']));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--department');
  });
});

describe('the results import with a department column', () => {
  const header = ['检查表', '部门', '检查日期', '检查结果', '事项结果', '签字确认', '拒签说明', '见证人'];
  const rows = [
    ['1/6', 'SCJG', '2022/5/11', '未发现问题', '正常', '是', '', ''],
    ['1/6', SWJ, '2022-05-11', '未发现问题', 'SWJ-01=正常、SWJ-02=不涉及', '', '', ''], // by the department's name; the visit is the row above's
    ['1/6', 'SCJG', '2022-05-11', '未发现问题', '正常', '', '', ''], // the same department twice
    ['1/7', 'SWJ', '2022-05-11', '未发现问题', 'SWJ-01=不正常、SWJ-02=正常', '是', '', ''], // contradicts itself
    ['1/7', 'SCJG', '2022-05-11', '未发现问题', '正常', '', '', ''], // no visit yet on 1/7
    ['1/8', '', '2022-05-11', '未发现问题', '正常', '是', '', ''], // whose?
  ];
  const check = async (file: string, encoding: string) => {
    const r = await on(MAY12, () => t.run(['--json', 'import', 'results', file]));
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding, inserted: 2, rejected: 4 });
    const rejects = readCsvText(readFileSync(file.replace(/\.csv$/, '.rejects.csv'), 'utf8'));
    expect(rejects.slice(1).map((x) => [x[0], x[1]])).toEqual([['4', '检查表'], ['5', '检查结果'], ['6', '签字确认'], ['7', '部门']]);
    expect(rejects[1][2]).toContain('与第 2 行重复');
    expect(rejects[2][2]).toContain('SWJ-01 为不正常');
    expect(rejects[4][2]).toContain('--department');
    expect(sqlite(t.db, 'SELECT department FROM results WHERE number = 6 AND superseded_by IS NULL ORDER BY department')).toBe('SCJG\nSWJ');
    expect(JSON.parse(sqlite(t.db, "SELECT items FROM results WHERE number = 6 AND department = 'SCJG' AND superseded_by IS NULL"))).toEqual(allNormal(await itemsOn(t, 6, 'SCJG')));
    expect(JSON.parse(sqlite(t.db, "SELECT items FROM results WHERE number = 6 AND department = 'SWJ' AND superseded_by IS NULL"))).toEqual({ 'SWJ-01': 'normal', 'SWJ-02': 'not_applicable' });
    expect(count('SELECT COUNT(*) FROM visits WHERE number = 6')).toBe(1);
    ok(await on(MAY12, () => t.run(['audit', 'verify'])));
  };
  it('reads a GBK file: each department\'s row, the visit from the sheet\'s first row, each refusal named by line and column', async () => {
    const file = join(t.dir, '结果-gbk.csv');
    writeFileSync(file, iconv.encode([header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'gbk'));
    await check(file, 'gb18030');
  });
  it('reads the rows again in UTF-8: a row that says what is recorded changes nothing, a changed one corrects its result', async () => {
    const file = join(t.dir, '结果-utf8.csv');
    const again = rows.map((x, i) => (i === 1 ? [...x.slice(0, 4), '正常', ...x.slice(5)] : x)); // SWJ now finds SWJ-02 正常
    writeFileSync(file, '\uFEFF' + [header, ...again].map((r) => r.join(',')).join('\r\n') + '\r\n');
    const audit = count('SELECT COUNT(*) FROM audit_log');
    const r = await on(MAY12, () => t.run(['--json', 'import', 'results', file]));
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf8', inserted: 0, updated: 1, unchanged: 1, rejected: 4 });
    expect(count('SELECT COUNT(*) FROM results WHERE number = 6')).toBe(3);
    expect(count('SELECT COUNT(*) FROM results WHERE number = 6 AND superseded_by IS NULL')).toBe(2);
    expect(sqlite(t.db, "SELECT COUNT(*), MIN(superseded_by IS NULL) FROM results WHERE number = 6 AND department = 'SCJG'")).toBe('1|1');
    expect(count('SELECT COUNT(*) FROM audit_log')).toBe(audit + 1);
    ok(await on(MAY12, () => t.run(['audit', 'verify'])));
  });

  it('takes the same result given again with draw result as no correction: nothing written, said so', async () => {
    const args = ['result', '1/6', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常'];
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log');
    const r = await on(MAY12, () => t.run(['--json', ...args]));
    expect(JSON.parse(ok(r).stdout)).toMatchObject({ unchanged: true, corrects: null });
    expect((await on(MAY12, () => t.run(args))).stdout).toContain('与已录入的相同');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM results; SELECT COUNT(*) FROM visits; SELECT COUNT(*) FROM audit_log')).toBe(before);
    // the same with the visit given differently is a correction of the visit (and so an entry)
    ok(await on(MAY12, () => t.run([...args, '--refused', '--refusal-note', '拒签', '--witness', '王五'])));
    expect(count('SELECT COUNT(*) FROM visits WHERE number = 6')).toBe(2);
  });
});

describe('the disclosure per department', () => {
  const exportTo = async (day: string, name: string) => {
    const out = join(t.dir, name);
    const r = json(await on(day, () => t.run(['--json', 'export', 'disclosure', '1', '--out', out])));
    return { r, rows: readCsvText(readFileSync(out, 'utf8')) };
  };
  it('writes one row per sheet and department, that department as 检查实施机关 with its finding and items, the task numbered in the county', async () => {
    const { r, rows } = await exportTo('2022-05-21T02:00:00Z', '公示1.csv');
    const h = rows[0];
    const col = (name: string) => h.indexOf(name);
    expect(h).toContain('检查事项及结果');
    const sheet1 = rows.filter((x) => x[col('统一社会信用代码/注册号')] === rows[1][col('统一社会信用代码/注册号')]);
    expect(sheet1.map((x) => x[col('检查实施机关')])).toEqual([SCJG, SWJ]);
    const listed = (row: string[]) => row[col('检查事项及结果')].split('；').map((x) => x.split(' ')[0]);
    expect(listed(sheet1[0])).toEqual(await itemsOn(t, 1, 'SCJG'));
    expect(sheet1[0][col('检查事项及结果')]).toMatch(/^SCJG-01 企业公示信息检查：正常；SCJG-02 登记事项检查：正常/);
    expect(sheet1[1][col('检查事项及结果')]).toBe('SWJ-01 发票使用情况检查：正常；SWJ-02 纳税申报检查：正常');
    expect(new Set(rows.slice(1).map((x) => x[col('抽查任务编号')]))).toEqual(new Set(['130634-2022-001']));
    const current = count('SELECT COUNT(*) FROM results WHERE superseded_by IS NULL');
    expect(rows.length - 1).toBe(current);
    expect(r).toMatchObject({ rows: current, published: current, corrections: 0 });
    const sheet4 = rows.filter((x) => x[col('检查结果')] === '发现问题已责令改正');
    expect(sheet4.map((x) => [x[col('检查实施机关')], x[col('备注')]])).toEqual([[SCJG, '责令改正（2022-05-20，已完成）']]);
    expect(rows.some((x) => x[col('备注')].includes('更正'))).toBe(false);
  });

  it('marks a correction of a published result 更正 with the original\'s dates in the next disclosure, and only that department\'s row', async () => {
    ok(await on('2022-05-25T02:00:00Z', () => t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '发现问题已责令改正',
      '--items', 'SCJG-01=不正常,其余=正常'])));
    const { r, rows } = await exportTo('2022-05-26T02:00:00Z', '公示2.csv');
    const col = (name: string) => rows[0].indexOf(name);
    const marked = rows.filter((x) => x[col('备注')].includes('更正'));
    expect(marked.map((x) => [x[col('检查实施机关')], x[col('检查完成日期')], x[col('备注')]]))
      .toEqual([[SCJG, '2022-05-11', '更正：原结果（检查日期 2022-05-10）已于 2022-05-21 公示']]);
    expect(r.corrections).toBe(1);
    // published now: the disclosure after shows it as it is
    const { rows: again } = await exportTo('2022-05-27T02:00:00Z', '公示3.csv');
    expect(again.some((x) => x[col('备注')].includes('更正'))).toBe(false);
    ok(await on('2022-05-27T02:00:00Z', () => t.run(['audit', 'verify'])));
  });

  it('numbers the task with the division code the office sets', async () => {
    ok(await on('2022-05-27T02:00:00Z', () => t.run(['config', 'division_code', '130682'])));
    const { rows } = await exportTo('2022-05-27T03:00:00Z', '公示4.csv');
    expect(rows[1][rows[0].indexOf('抽查任务编号')]).toBe('130682-2022-001');
    expect((await t.run(['config', 'division_code', '12345'])).code).toBe(2);
  });
});

describe('the records vouch for the visits', () => {
  it('names a visit changed behind the tool\'s back', async () => {
    const copy = join(t.dir, 'copy.db');
    sqlite(t.db, `VACUUM INTO '${copy}'`);
    sqlite(copy, "UPDATE visits SET witness = '王五' WHERE witness = '李四'");
    const r = await on('2022-05-27T04:00:00Z', () => draw(['--db', copy, '--json', 'audit', 'verify']));
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).records).toEqual([expect.objectContaining({ table: 'visits', record: expect.stringMatching(/^1\/2 #\d+$/), problem: 'changed', field: 'witness' })]);
  });
});

describe('a joint result entered before results were per department', () => {
  it('counts as each department\'s until that one enters its own, in status and the disclosure, with its visit', async () => {
    const j = countyDb();
    ok(await on('2022-03-25T02:00:00Z', () => j.run(PLAN)));
    ok(await on('2022-04-01T02:00:00Z', () => seeded(j, ['run', '2022-001', '--seed', '部门录入'])));
    for (const d of ['SCJG', 'SWJ']) ok(await on('2022-04-01T03:00:00Z', () => j.run(['confirm', '1', '--department', d])));
    ok(await on(MAY12, () => j.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'])));
    // the row as migration 6 leaves a result entered before: no department, every item of the plan, the visit on the result, no visits row
    const joint = { ...allNormal(await itemsOn(j, 1, 'SCJG')), ...allNormal(await itemsOn(j, 1, 'SWJ')) };
    sqlite(j.db, `UPDATE results SET department = NULL, items = '${JSON.stringify(joint)}'; DELETE FROM visits`);
    const s = json(await on(MAY12, () => j.run(['--json', 'status', '--year', '2022', '--on', '2022-05-12'])));
    expect(s.rows.map((x: { entered: number }) => x.entered)).toEqual([1, 1]);
    expect(s.sheets[0].complete).toBe(1);
    const first = join(j.dir, 'joint1.csv');
    expect(json(await on('2022-05-21T02:00:00Z', () => j.run(['--json', 'export', 'disclosure', '1', '--out', first])))).toMatchObject({ rows: 2, published: 1 });
    const rows = readCsvText(readFileSync(first, 'utf8'));
    const col = (name: string) => rows[0].indexOf(name);
    expect(rows.slice(1).map((x) => [x[col('检查实施机关')], x[col('检查事项及结果')].split('；').map((i) => i.split(' ')[0])]))
      .toEqual([[SCJG, await itemsOn(j, 1, 'SCJG')], [SWJ, ['SWJ-01', 'SWJ-02']]]);
    // SWJ enters its own part: the visit is the joint result's; its row now is SWJ's, marked 更正 of the published joint one
    const r = json(await on('2022-05-25T02:00:00Z', () => j.run(['--json', 'result', '1/1', '--department', 'SWJ', '--date', '2022-05-11',
      '--findings', '发现问题待后续处理', '--items', 'SWJ-01=不正常,SWJ-02=正常'])));
    expect(r).toMatchObject({ signed: true, visit: null, corrects: null });
    const second = join(j.dir, 'joint2.csv');
    ok(await on('2022-05-26T02:00:00Z', () => j.run(['export', 'disclosure', '1', '--out', second])));
    const after = readCsvText(readFileSync(second, 'utf8'));
    expect(after.slice(1).map((x) => [x[col('检查实施机关')], x[col('检查结果')], x[col('备注')]])).toEqual([
      [SCJG, '未发现问题', ''],
      [SWJ, '发现问题待后续处理', '更正：原结果（检查日期 2022-05-10）已于 2022-05-21 公示'],
    ]);
  });
});
