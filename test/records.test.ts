import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countyDb, readCsvText, sqlite, type Run, seeded } from './helpers.js';

/**
 * Issue 10, "records that cannot be rewritten" (art. 16, 31) and "deadlines frozen per draw":
 * a void keeps what was recorded on the draw and says so everywhere, a replacement cannot rewrite
 * a sheet a department has entered, and a later `draw config` changes no due date of a draw
 * already made. Everything through the CLI on a real SQLite file, the clock set per command.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const RESULT = ['--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'];

const json = (r: Run) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`exit ${r.code}: ${r.stdout}\n${r.stderr}`); }
};

/** Runs a command as if at a given moment (only Date is faked), expecting `code`. */
async function at(moment: string, run: () => Promise<Run>, code = 0): Promise<Run> {
  vi.setSystemTime(new Date(moment));
  const r = await run();
  expect(r.code, r.stdout + r.stderr).toBe(code);
  return r;
}

beforeAll(() => { vi.useFakeTimers({ toFake: ['Date'] }); });
afterAll(() => { vi.useRealTimers(); });

/** The fixture county with plan 2022-001 drawn on Friday 1 April 2022 and confirmed by both departments that day. */
async function season() {
  const t = countyDb();
  await at('2022-03-25T02:00:00Z', () => t.run(PLAN));
  const drawn = json(await at('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'])));
  for (const d of ['SCJG', 'SWJ']) await at('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', d]));
  const certOf = (sheet: number, department: string): string =>
    drawn.sheets[sheet - 1].inspectors.find((i: { department: string }) => i.department === department).certificate;
  return { ...t, drawn, certOf };
}

describe('voiding a draw with records on it', () => {
  it('refuses without --with-results, then voids keeping every confirmation, result and disposition, marked voided in show, status and the log', async () => {
    const t = await season();
    await at('2022-05-12T02:00:00Z', () => t.run(['result', '1/1', ...RESULT]));
    await at('2022-05-12T03:00:00Z', () => t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正',
      '--items', 'SCJG-01=不正常,其余=正常', '--signed'])); // a correction: both rows kept
    await at('2022-05-12T04:00:00Z', () => t.run(['result', '1/2', ...RESULT]));
    await at('2022-05-20T02:00:00Z', () => t.run(['dispose', '1/1', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete']));
    const before = sqlite(t.db, 'SELECT id FROM results ORDER BY id');

    const refused = await at('2022-05-21T02:00:00Z', () => t.run(['void', '1', '--reason', '抽取范围设置错误', '--approved-by', '张局长']), 2);
    expect(refused.stderr).toContain('检查结果 3 条');
    expect(refused.stderr).toContain('--with-results');
    const en = await at('2022-05-21T02:00:00Z', () => t.run(['--lang', 'en', 'void', '1', '--reason', 'wrong scope', '--approved-by', 'Zhang']), 2);
    expect(en.stderr).toContain('3 results');
    expect(en.stderr).toContain('--with-results');
    expect(sqlite(t.db, 'SELECT status FROM draws WHERE id = 1')).toBe('drawn');
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'draw.void'")).toBe('0');

    const v = json(await at('2022-05-21T03:00:00Z', () => t.run(['--json', 'void', '1', '--reason', '抽取范围设置错误', '--approved-by', '张局长', '--with-results'])));
    // each department confirmed each of its sheets (a row per sheet and department)
    const onSheets = t.drawn.sheets.reduce((n: number, s: { inspectors: { department: string }[] }) =>
      n + ['SCJG', 'SWJ'].filter((d) => s.inspectors.some((i) => i.department === d)).length, 0);
    expect(onSheets).toBeGreaterThan(0);
    expect(v.counts).toEqual({ confirmations: 2, sheetConfirmations: onSheets, rejections: 0, results: 3, dispositions: 1 });
    // nothing is gone
    expect(sqlite(t.db, 'SELECT id FROM results ORDER BY id')).toBe(before);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM confirmations WHERE draw_id = 1')).toBe('2');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM dispositions WHERE draw_id = 1')).toBe('1');
    // the event names what it voided, by id
    const event = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.void'"));
    expect(event).toMatchObject({ draw: 1, withResults: true, approvedBy: '张局长', counts: v.counts });
    expect(event.kept.results).toEqual(before.split('\n').map(Number));
    expect(event.kept.confirmations).toEqual(['SCJG', 'SWJ']);
    expect(event.kept.dispositions).toEqual([Number(sqlite(t.db, 'SELECT id FROM dispositions'))]);
    expect((await t.run(['audit', 'verify'])).code).toBe(0);

    // show draw: every record, each marked voided
    const shown = json(await t.run(['--json', 'show', 'draw', '1']));
    expect(shown.records.voided).toBe(true);
    expect(shown.records.results.map((r: { id: number }) => r.id)).toEqual(before.split('\n').map(Number));
    expect(shown.records.results.every((r: { voided: boolean }) => r.voided)).toBe(true);
    expect(shown.records.results.filter((r: { corrected: boolean }) => r.corrected)).toHaveLength(1);
    expect(shown.records.confirmations).toHaveLength(2);
    expect(shown.records.dispositions).toMatchObject([{ number: 1, action: 'order_correction', voided: true }]);
    const text = (await t.run(['show', 'draw', '1'])).stdout;
    expect(text).toContain('作废时已有的记录');
    expect(text.split('\n').filter((l) => l.includes('（已作废）')).length).toBe(2 + 3 + 1);

    // status: not counted, not gone
    const s = json(await at('2022-05-22T02:00:00Z', () => t.run(['--json', 'status', '--year', '2022'])));
    expect(s.rows).toEqual([]);
    expect(s.voided).toEqual([expect.objectContaining({ draw: 1, plan: '2022-001', reason: '抽取范围设置错误', approvedBy: '张局长', confirmations: 2, results: 3, dispositions: 1 })]);
    const st = (await t.run(['status', '--year', '2022'])).stdout;
    expect(st).toContain('已作废的抽取 1');
    expect(st).toContain('检查结果 3 条');
    // the status paper carries it as a row of its own
    const paper = join(t.dir, 'status.csv');
    await t.run(['status', '--year', '2022', '--out', paper]);
    const head = sqlite(t.db, "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    expect(readCsvText(readFileSync(paper, 'utf8')).find((r) => r[0] === '已作废（记录保留）')).toEqual(
      ['已作废（记录保留）', '2022-001', '1', '', '', '2', '', '3', '', '', '', head]);
  });

  it('never voids a draw one of whose results was published, with or without --with-results', async () => {
    const t = await season();
    await at('2022-05-12T02:00:00Z', () => t.run(['result', '1/1', ...RESULT]));
    await at('2022-05-13T02:00:00Z', () => t.run(['export', 'disclosure', '1', '--out', join(t.dir, 'gs.csv')]));
    for (const extra of [[], ['--with-results']]) {
      const r = await at('2022-05-14T02:00:00Z', () => t.run(['void', '1', '--reason', '误操作', '--approved-by', '张局长', ...extra]), 2);
      expect(r.stderr).toContain('已有 1 条检查结果公示');
      expect(r.stderr).toContain('公示记录 1');
    }
    expect(sqlite(t.db, 'SELECT status FROM draws WHERE id = 1')).toBe('drawn');
  });

  it('voids a draw with nothing on it as before, without --with-results', async () => {
    const t = countyDb();
    await at('2022-03-25T02:00:00Z', () => t.run(PLAN));
    await at('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 's']));
    const v = json(await at('2022-04-01T03:00:00Z', () => t.run(['--json', 'void', '1', '--reason', '误操作', '--approved-by', '张局长'])));
    expect(v.counts).toEqual({ confirmations: 0, sheetConfirmations: 0, rejections: 0, results: 0, dispositions: 0 });
    expect(JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.void'")).withResults).toBe(false);
  });
});

describe('replacements that cannot rewrite a sheet', () => {
  it('refuses a replacement once the department entered its result (its own, or a joint one), and a filing before the draw or in the future', async () => {
    const t = await season();
    const replace = (sheet: number, department: string, filedOn?: string) =>
      t.run(['replace', `1/${sheet}`, '--inspector', t.certOf(sheet, department), '--reason', '依法回避', '--approved-by', '王局长', ...(filedOn ? ['--filed-on', filedOn] : [])]);
    // filed the day before the draw, or tomorrow
    const early = await at('2022-04-02T02:00:00Z', () => replace(4, 'SCJG', '2022-03-31'), 2);
    expect(early.stderr).toContain('早于抽取 1 的抽取日 2022-04-01');
    expect((await at('2022-04-02T02:00:00Z', () => replace(4, 'SCJG', '2022-04-03'), 2)).stderr).toContain('--filed-on');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM replacements')).toBe('0');
    await at('2022-04-02T02:00:00Z', () => replace(4, 'SCJG', '2022-04-01')); // the draw's own day is fine

    // a joint result (every department's, as entered before results were per department: the row as migration 6 leaves it)
    await at('2022-05-12T02:00:00Z', () => t.run(['result', '1/2', ...RESULT]));
    sqlite(t.db, 'UPDATE results SET department = NULL WHERE number = 2');
    const team = sqlite(t.db, 'SELECT team FROM sheets WHERE draw_id = 1 AND number = 2');
    for (const d of ['SCJG', 'SWJ']) {
      const r = await at('2022-05-12T03:00:00Z', () => replace(2, d), 2);
      expect(r.stderr).toContain(`${d} 已录入检查结果`);
    }
    expect(sqlite(t.db, 'SELECT team FROM sheets WHERE draw_id = 1 AND number = 2')).toBe(team);

    // one department's result blocks that department only
    await at('2022-05-12T04:00:00Z', () => t.run(['result', '1/3', '--department', 'SWJ', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    expect((await at('2022-05-12T05:00:00Z', () => replace(3, 'SWJ'), 2)).stderr).toContain('SWJ 已录入检查结果');
    await at('2022-05-12T05:00:00Z', () => replace(3, 'SCJG'));
    expect(sqlite(t.db, 'SELECT number, department FROM replacements ORDER BY seq')).toBe('4|SCJG\n3|SCJG');
  });
});

describe('replacements shown', () => {
  let t: Awaited<ReturnType<typeof season>>;
  let replaced: string;
  let substitute: string;
  beforeAll(async () => {
    t = await season();
    replaced = t.certOf(3, 'SWJ');
    const r = json(await at('2022-04-06T02:00:00Z', () => t.run(['--json', 'replace', '1/3', '--inspector', replaced, '--reason', '亲属关系，依法回避',
      '--approved-by', '王局长', '--filed-on', '2022-04-02'])));
    substitute = r.substitute;
  });
  const name = (cert: string) => sqlite(t.db, `SELECT name FROM inspectors WHERE certificate = '${cert}'`);

  it('show draw names who for whom, the reason, the approver and the filing day', async () => {
    const v = json(await t.run(['--json', 'show', 'draw', '1']));
    expect(v.replacements).toEqual([expect.objectContaining({
      seq: 1, sheet: 3, department: 'SWJ', replaced: { certificate: replaced, name: name(replaced) }, substitute: { certificate: substitute, name: name(substitute) },
      reason: '亲属关系，依法回避', approvedBy: '王局长', filedOn: '2022-04-02',
    })]);
    const text = (await t.run(['show', 'draw', '1'])).stdout;
    const line = text.split('\n').find((l) => l.includes('亲属关系，依法回避'))!;
    for (const s of [replaced, substitute, name(replaced), name(substitute), '王局长', '2022-04-02']) expect(line).toContain(s);
  });

  it('the printed sheet carries the replacement on its own sheet only, and the CSV on that department\'s rows', async () => {
    const out = join(t.dir, 'sheets');
    await t.run(['export', 'sheets', '1', '--out', out]);
    const sections = readFileSync(join(out, 'sheets-1.html'), 'utf8').split('<section class="sheet">').slice(1);
    const marked = sections.map((s, i) => [i + 1, s.includes('更换执法人员（第十六条）')] as const).filter(([, m]) => m).map(([n]) => n);
    expect(marked).toEqual([3]);
    for (const s of [replaced, substitute, name(replaced), name(substitute), '亲属关系，依法回避', '王局长', '2022-04-02']) expect(sections[2]).toContain(s);

    await t.run(['export', 'sheets', '1', '--out', out, '--format', 'csv']);
    const [header, ...rows] = readCsvText(readFileSync(join(out, 'sheets-1.csv'), 'utf8'));
    const col = header.indexOf('更换执法人员（第十六条）');
    const withIt = rows.filter((r) => r[col] !== '');
    expect(withIt.length).toBeGreaterThan(0);
    expect(new Set(withIt.map((r) => `${r[3]} ${r[8]}`))).toEqual(new Set(['3 国家税务总局曲阳县税务局']));
    expect(withIt[0][col]).toContain(`${name(replaced)}（${replaced}）`);
    expect(withIt[0][col]).toContain(`${name(substitute)}（${substitute}）`);
  });

  it('export replacements --year writes the 更换执法人员备案表 as CSV and as a printable HTML paper, with the audit head', async () => {
    const csv = join(t.dir, 'gh.csv');
    const r = json(await t.run(['--json', 'export', 'replacements', '--year', '2022', '--out', csv]));
    const [seq, head] = sqlite(t.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').split('|');
    expect(r).toMatchObject({ year: 2022, rows: 1, format: 'csv', auditHead: head, auditSeq: Number(seq) });
    const [header, ...rows] = readCsvText(readFileSync(csv, 'utf8'));
    expect(header.slice(0, 4)).toEqual(['序号', '抽查计划编号', '抽查计划名称', '检查表']);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(row).toMatchObject({
      检查表: '1/3', 部门: '国家税务总局曲阳县税务局', 原执法人员: name(replaced), 原执法证号: replaced, 更换为: name(substitute), 更换后执法证号: substitute,
      原因: '亲属关系，依法回避', 批准人: '王局长', 备案日期: '2022-04-02', '审计日志头（序号:哈希）': `${seq}:${head}`,
    });
    expect(row['统一社会信用代码/注册号']).toBe(t.drawn.sheets[2].key);

    const html = join(t.dir, 'gh.html');
    expect(json(await t.run(['--json', 'export', 'replacements', '--year', '2022', '--out', html])).format).toBe('html');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>更换执法人员备案表</h1>');
    expect(page).toContain(head);
    expect(page).toContain("default-src 'none'");
    for (const s of [replaced, substitute, '亲属关系，依法回避', '王局长', '2022-04-02']) expect(page).toContain(s);

    // the same list as a workbook, through the same writer
    const xlsx = join(t.dir, 'gh.xlsx');
    expect(json(await t.run(['--json', 'export', 'replacements', '--year', '2022', '--out', xlsx]))).toMatchObject({ format: 'xlsx', rows: 1 });
    expect(readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');

    // another year has none, and says so; --year is required
    const none = join(t.dir, 'none.html');
    expect(json(await t.run(['--json', 'export', 'replacements', '--year', '2021', '--out', none])).rows).toBe(0);
    expect(readFileSync(none, 'utf8')).toContain('2021 年度没有更换执法人员');
    expect((await t.run(['export', 'replacements', '--out', join(t.dir, 'x.csv')])).code).toBe(2);
  });
});

describe('deadlines frozen with each draw', () => {
  it('a later draw config changes no due date or lateness of a draw already made; a draw committed after it uses the new figures', async () => {
    const t = await season();
    // inspected Tuesday 10 May, entered Friday 20 May: due 5 working days after the inspection, 17 May
    await at('2022-05-20T02:00:00Z', () => t.run(['result', '1/1', ...RESULT]));
    const due = async (from: string, n: number) => json(await t.run(['--json', 'calendar', 'due', from, String(n)])).date;
    const statusOn = async (on: string) => json(await at(`${on}T02:00:00Z`, () => t.run(['--json', 'status', '--year', '2022', '--on', on])));
    const entryDue = await due('2022-05-10', 5);
    // the publication runs from the inspection's completion, not from the entry
    const publishDue = await due('2022-05-10', 20);
    expect(publishDue).not.toBe(await due('2022-05-20', 20));

    const before = await statusOn('2022-07-01');
    expect(before.lateEntries).toEqual([expect.objectContaining({ draw: 1, sheet: 1, due: entryDue, enteredOn: '2022-05-20' })]);
    const publish = (s: any) => s.overdue.filter((o: { kind: string; draw: number }) => o.kind === 'publish' && o.draw === 1);
    expect(publish(before)).toEqual([expect.objectContaining({ sheet: 1, due: publishDue })]);
    const enter = (s: any) => s.overdue.filter((o: { kind: string; draw: number }) => o.kind === 'enter' && o.draw === 1).map((o: { due: string }) => o.due);

    for (const [key, value] of [['entry_days', '20'], ['publish_days', '40'], ['confirm_days', '3']]) {
      await at('2022-06-01T02:00:00Z', () => t.run(['config', key, value]));
    }
    const after = await statusOn('2022-07-01');
    expect(after.lateEntries).toEqual(before.lateEntries);
    expect(publish(after)).toEqual(publish(before));
    expect(enter(after)).toEqual(enter(before));
    expect(after.rules).toEqual({ confirmDays: 3, entryDays: 20, publishDays: 40 });
    expect(after.drawRules).toEqual([{ plan: '2022-001', draw: 1, confirmDays: 1, entryDays: 5, publishDays: 20 }]);
    expect((await t.run(['status', '--year', '2022', '--on', '2022-07-01'])).stdout).toContain('抽取 1（2022-001）按其提交时的期限：确认 1 个工作日，录入 5 个工作日');

    // a draw committed after the change: the new figures
    await at('2022-06-02T02:00:00Z', () => t.run([...PLAN, '--name', '2022年第二批', '--town', '恒州镇']));
    await at('2022-06-06T02:00:00Z', () => seeded(t, ['run', '2022-002', '--seed', 'second']));
    expect(JSON.parse(sqlite(t.db, 'SELECT deadlines FROM draws WHERE id = 2'))).toEqual({ confirmDays: 3, entryDays: 20, publishDays: 40 });
    const c = json(await at('2022-06-09T02:00:00Z', () => t.run(['--json', 'confirm', '2', '--department', 'SCJG'])));
    expect(c).toMatchObject({ due: await due('2022-06-06', 3), late: false, rule: 3 });
    await at('2022-06-09T03:00:00Z', () => t.run(['confirm', '2', '--department', 'SWJ']));
    // inspected 10 June, entered 30 June: within 20 working days, not late under draw 2's figures
    await at('2022-06-30T02:00:00Z', () => t.run(['result', '2/1', '--department', 'SCJG', '--date', '2022-06-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    const second = await statusOn('2022-07-01');
    expect(second.lateEntries.filter((e: { draw: number }) => e.draw === 2)).toEqual([]);
    expect(second.lateEntries.filter((e: { draw: number }) => e.draw === 1)).toEqual(before.lateEntries);
    expect(second.drawRules.map((r: { draw: number }) => r.draw)).toEqual([1]);
  });

  it('a confirmation after a change of confirm_days is due as the draw was committed', async () => {
    const t = countyDb();
    await at('2022-03-25T02:00:00Z', () => t.run(PLAN));
    await at('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 's']));
    await at('2022-04-01T03:00:00Z', () => t.run(['config', 'confirm_days', '5']));
    const c = json(await at('2022-04-06T02:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SCJG'])));
    // Friday 1 April + 1 working day (Qingming: 3–5 April off, Saturday 2 April a make-up day)
    expect(c).toMatchObject({ due: json(await t.run(['--json', 'calendar', 'due', '2022-04-01', '1'])).date, late: true, rule: 1 });
  });
});
