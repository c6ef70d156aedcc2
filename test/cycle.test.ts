import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, onDay, readCsvText, sqlite, writeCsv, seeded } from './helpers.js';

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const json = (r: { stdout: string; stderr: string; code: number }) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`exit ${r.code}: ${r.stdout}\n${r.stderr}`); }
};

/** The plan made and drawn in 2022, as it says (results are dated after their draw). */
async function drawn() {
  const t = countyDb();
  expect((await onDay('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
  const d = json(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', 'cycle'])));
  return { ...t, draw: d };
}

describe('working days', () => {
  const t = countyDb();
  const due = async (date: string, n: number) => json(await t.run(['--json', 'calendar', 'due', date, String(n)]));
  it('counts across the 2022 Spring Festival, with its make-up Saturday and Sunday', async () => {
    // Fri 28 Jan; Sat 29 and Sun 30 are make-up working days; 31 Jan – 6 Feb off.
    expect((await due('2022-01-28', 1)).date).toBe('2022-01-29');
    expect((await due('2022-01-28', 2)).date).toBe('2022-01-30');
    expect((await due('2022-01-28', 3)).date).toBe('2022-02-07');
    expect((await due('2022-01-28', 5)).date).toBe('2022-02-09');
  });
  it('counts across National Day 2022, with its make-up weekend 8–9 October', async () => {
    expect((await due('2022-09-30', 1)).date).toBe('2022-10-08');
    expect((await due('2022-09-30', 3)).date).toBe('2022-10-10');
    expect((await due('2022-09-30', 20)).date).toBe('2022-11-02');
  });
  it('marks a deadline in a year the calendar does not cover as provisional, naming the year and the import command', async () => {
    const r = await t.run(['calendar', 'due', '2027-03-01', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2027-03-08');
    expect(r.stderr).toContain('2027');
    expect(r.stderr).toContain('draw import calendar');
    expect(await due('2027-03-01', 5)).toMatchObject({ provisional: true, uncoveredYears: [2027] });
    expect((await due('2022-03-01', 5)).provisional).toBe(false);
  });
  it('imports a year\'s notice, after which that year is no longer provisional', async () => {
    const file = writeCsv(t.dir, '2027.csv', [['date', 'kind', 'name'], ['2027-01-01', 'holiday', '元旦'], ['2027-02-06', 'holiday', '春节'],
      ['2027-03-01', 'holiday', '测试'], ['2027-03-06', 'workday', '测试']]);
    expect((await t.run(['import', 'calendar', file])).code).toBe(0);
    // 1 March is now a holiday; Saturday 6 March a working day: 5 working days after 1 March is 6 March.
    expect(await due('2027-03-01', 5)).toMatchObject({ date: '2027-03-06', provisional: false });
    const bad = writeCsv(t.dir, 'bad.csv', [['date', 'kind', 'name'], ['2028-02-30', 'holiday', 'x']]);
    const r = await t.run(['import', 'calendar', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 2 行');
  });
  it('shows a year with its holidays and make-up days', async () => {
    const r = await t.run(['calendar', '2022']);
    expect(r.stdout).toContain('2022 年：249 个工作日');
    expect(r.stdout).toContain('01-29 调休上班 春节');
    expect(json(await t.run(['--json', 'calendar', '2022'])).workingDays).toBe(249);
  });
});

describe('confirmations and settings', () => {
  it('records a confirmation due one working day after the draw, late when late; the office can change the rule for later draws', async () => {
    const t = await drawn();
    // the draw was made on Friday 28 January 2022 (set here: no flag can move the clock of a draw)
    sqlite(t.db, "UPDATE draws SET drawn_at = '2022-01-28T02:00:00.000Z'");
    const late = json(await t.run(['--json', 'confirm', '1', '--department', 'SCJG']));
    expect(late).toMatchObject({ due: '2022-01-29', late: true, rule: 1 });
    expect((await t.run(['confirm', '1', '--department', 'SCJG'])).code).toBe(2);
    expect((await t.run(['confirm', '1', '--department', 'STHJ'])).code).toBe(2);
    expect((await t.run(['config', 'confirm_days', '2'])).code).toBe(0);
    expect(json(await t.run(['--json', 'config', 'confirm_days'])).value).toBe(2);
    // the draw keeps the rule it was committed under (recorded lateness never moves)
    expect(json(await t.run(['--json', 'confirm', '1', '--department', 'SWJ']))).toMatchObject({ due: '2022-01-29', rule: 1 });
    expect((await t.run(['config', 'confirm_days', '0'])).code).toBe(2);
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('draw.confirm', 'config.set')")).toBe('3');
  });
});

describe('replacements and specialists', () => {
  it('draws the substitute reproducibly, never a conflicted one or one already on the sheet, and the replay includes it', async () => {
    const a = await drawn();
    const b = await drawn();
    const sheet = a.draw.sheets[0];
    const out = sheet.inspectors.find((i: { department: string }) => i.department === 'SCJG').certificate;
    // a conflict declared after the draw excludes that inspector as a substitute
    const swjTeam = new Set(sheet.inspectors.map((i: { certificate: string }) => i.certificate));
    const scjg = sqlite(a.db, "SELECT certificate FROM inspectors WHERE department = 'SCJG' AND active = 1").split('\n').filter((c) => !swjTeam.has(c));
    for (const t of [a, b]) await t.run(['import', 'conflicts', writeCsv(t.dir, 'c.csv', [['执法证号', '统一社会信用代码', '利害关系'], [scjg[0], sheet.key, '亲属']])]);
    expect((await a.run(['replace', '1/1', '--inspector', out, '--reason', '回避'])).code).toBe(2); // no approver
    const ra = json(await a.run(['--json', 'replace', '1/1', '--inspector', out, '--reason', '依法回避', '--approved-by', '王局长']));
    const rb = json(await b.run(['--json', 'replace', '1/1', '--inspector', out, '--reason', '依法回避', '--approved-by', '王局长']));
    expect(ra.substitute).toBe(rb.substitute);
    expect(ra.substitute).not.toBe(scjg[0]);
    expect(swjTeam.has(ra.substitute)).toBe(false);
    const after = json(await a.run(['--json', 'show', 'draw', '1'])).sheets[0].inspectors.map((i: { certificate: string }) => i.certificate);
    expect(after).toContain(ra.substitute);
    expect(after).not.toContain(out);
    expect((await a.run(['replay', '1'])).code).toBe(0);
    const pkg = join(a.dir, 'p.json');
    await a.run(['export', 'package', '1', '--out', pkg]);
    expect((await a.run(['replay', '--package', pkg])).code).toBe(0);
    // a replacement row changed behind the tool's back is caught
    sqlite(a.db, "UPDATE replacements SET substitute = 'X' WHERE seq = 1");
    expect((await a.run(['replay', '1'])).code).toBe(4);
  });

  it('adds a specialist apart from the drawn inspectors', async () => {
    const t = await drawn();
    expect((await t.run(['assist', '1/2', '--department', 'SCJG', '--name', '赵工程师', '--certificate', 'zy-0012'])).code).toBe(0);
    expect(sqlite(t.db, 'SELECT department, name, certificate FROM specialists')).toBe('SCJG|赵工程师|ZY-0012');
    expect((await t.run(['assist', '1/2', '--department', 'STHJ', '--name', 'x'])).code).toBe(2);
  });
});

describe('results and dispositions', () => {
  let t: Awaited<ReturnType<typeof drawn>>;
  beforeAll(async () => {
    t = await drawn();
    for (const department of ['SCJG', 'SWJ']) expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', department]))).code).toBe(0);
  });

  it('records results with who entered them, and keeps the old value on a correction', async () => {
    const r = json(await t.run(['--json', 'result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    expect(r).toMatchObject({ department: 'SCJG', findings: ['no_problem'], signed: true, corrects: null });
    expect(Object.values(r.items).every((v) => v === 'normal')).toBe(true);
    const c = json(await t.run(['--json', 'result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题经责令已改正', '--items', 'SCJG-01=不正常,其余=正常']));
    expect(c.findings).toEqual(['corrected']);
    expect(c.corrects).toBe(r.result);
    expect(sqlite(t.db, 'SELECT COUNT(*), SUM(superseded_by IS NULL) FROM results')).toBe('2|1');
    expect(sqlite(t.db, "SELECT entered_by FROM results LIMIT 1")).toBe('tester');
    expect(sqlite(t.db, "SELECT action FROM audit_log WHERE action LIKE 'result.%' ORDER BY seq")).toBe('result.enter\nresult.correct');
  });

  it.each([
    [['--findings', '天知道'], /检查结果“天知道”不在类别中/],
    [['--items', 'SCJG-01=正常'], /缺少事项结果/],
    [['--date', '2022-02-30'], /不是有效日期/],
    [['--refused'], /拒绝签字时须记录情况说明和见证人/],
  ])('refuses %j', async (change, message) => {
    const args = ['result', '1/3', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常'];
    for (let i = 0; i < change.length; i++) {
      const at = args.indexOf(change[i]);
      if (change[i] === '--refused') { args.push('--refused'); continue; }
      args[at + 1] = change[++i];
    }
    if (!args.includes('--refused')) args.push('--signed');
    const r = await t.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('records a refusal to sign with its note and witness', async () => {
    expect((await t.run(['result', '1/4', '--department', 'SCJG', '--date', '2022-05-12', '--findings', '不配合检查情节严重', '--items', '不正常', '--refused',
      '--refusal-note', '负责人拒绝签字', '--witness', '李四'])).code).toBe(0);
    expect(sqlite(t.db, "SELECT signed, refusal_note, witness FROM results WHERE number = 4")).toBe('0|负责人拒绝签字|李四');
  });

  it('imports a batch of results with the same encodings, rejects and exit codes as the registry imports', async () => {
    const file = writeCsv(t.dir, 'results.csv', [
      ['检查表', '部门', '检查日期', '检查结果', '事项结果', '签字确认', '拒签说明', '见证人', '备注'],
      ['1/5', 'SCJG', '2022/5/13', '未发现问题', '正常', '是', '', '', ''],
      ['2022-001/6', 'SCJG', '2022年5月14日', '发现问题待后续处理、未按规定公示应当公示的信息', 'SCJG-01=不正常、其余=正常', '是', '', '', ''],
      ['1/7', 'SCJG', '2022-05-15', '未发现问题', '正常', '拒签', '', '', ''],
      ['1/999', 'SCJG', '2022-05-15', '未发现问题', '正常', '是', '', '', ''],
      ['1/5', 'SCJG', '2022-05-16', '未发现问题', '正常', '是', '', '', ''],
    ]);
    const r = await t.run(['--json', 'import', 'results', file]);
    expect(r.code).toBe(3);
    expect(json(r)).toMatchObject({ inserted: 2, rejected: 3 });
    const rejects = readCsvText(readFileSync(join(t.dir, 'results.rejects.csv'), 'utf8'));
    expect(rejects.map((x) => x[0])).toEqual(['行号', '4', '5', '6']);
    expect(rejects[1][2]).toContain('拒绝签字时须记录情况说明和见证人');
    expect(rejects[2][2]).toContain('找不到检查表 1/999');
    expect(rejects[3][2]).toContain('与第 2 行重复');
    expect(sqlite(t.db, 'SELECT findings FROM results WHERE number = 6')).toBe('["pending_follow_up","not_disclosed"]');
  });

  it('records dispositions from the follow-up list, with their date and completeness', async () => {
    const dispose = (...args: string[]) => t.run(['dispose', ...args.slice(0, 1), '--department', 'SCJG', ...args.slice(1)]);
    expect((await dispose('1/6', '--action', '责令改正', '--date', '2022-05-20')).code).toBe(0);
    expect((await dispose('1/6', '--action', '行政处罚', '--date', '2022-06-01', '--complete')).code).toBe(0);
    expect((await dispose('1/6', '--action', '责令改正', '--date', '2022-05-25', '--complete')).code).toBe(0); // correction
    expect(sqlite(t.db, 'SELECT department, action, decided_on, complete FROM dispositions WHERE superseded_by IS NULL ORDER BY id')).toBe('SCJG|penalty|2022-06-01|1\nSCJG|order_correction|2022-05-25|1');
    expect((await dispose('1/6', '--action', '表扬', '--date', '2022-06-01')).code).toBe(2);
    expect((await dispose('1/20', '--action', '责令改正', '--date', '2022-06-01')).code).toBe(2); // no result yet
    expect((await dispose('1/5', '--action', '责令改正', '--date', '2022-06-01')).code).toBe(5); // no problem found
  });
});

describe('status', () => {
  it('counts each stage per plan and department, lists what is overdue worst first, and the coverage', async () => {
    const t = await drawn();
    sqlite(t.db, "UPDATE draws SET drawn_at = '2022-03-31T02:00:00.000Z'");
    await t.run(['confirm', '1', '--department', 'SCJG']);
    expect((await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'])).code).toBe(0);
    sqlite(t.db, "UPDATE results SET entered_at = '2022-05-11T02:00:00.000Z', entered_on = '2022-05-11'");
    const s = json(await t.run(['--json', 'status', '--year', '2022', '--on', '2022-07-20']));
    const scjg = s.rows.find((r: { department: string }) => r.department === 'SCJG');
    const swj = s.rows.find((r: { department: string }) => r.department === 'SWJ');
    expect(scjg).toMatchObject({ drawn: t.draw.sheets.length, confirmed: t.draw.sheets.length, entered: 1, published: 0 });
    expect(swj).toMatchObject({ confirmed: 0, entered: 0 }); // SCJG entered its part, not SWJ's
    const kinds = s.overdue.map((o: { kind: string }) => o.kind);
    expect(kinds).toContain('confirm');
    expect(kinds).toContain('enter');
    expect(kinds).toContain('publish');
    // worst first: the SWJ confirmation (due 1 April) before the unentered results (due 5 working days after 30 June)
    expect(s.overdue[0]).toMatchObject({ kind: 'confirm', department: 'SWJ', due: '2022-04-01' });
    const days = s.overdue.map((o: { daysLate: number }) => o.daysLate);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
    // publication is due 20 working days after the inspection (10 May), not after the entry (11 May)
    expect(s.overdue.find((o: { kind: string }) => o.kind === 'publish')).toMatchObject({ sheet: 1, due: '2022-06-08' });
    expect(s.coverage.subjects).toBe(t.draw.sheets.length);
    expect(s.rules).toEqual({ confirmDays: 1, entryDays: 5, publishDays: 20 });
    const text = (await t.run(['status', '--year', '2022', '--on', '2022-07-20'])).stdout;
    expect(text).toContain('逾期事项');
    expect(text).toContain('确认 1 个工作日，录入 5 个工作日，公示 20 个工作日');
  });
});
