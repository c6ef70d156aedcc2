import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countyDb, draw, ROOT, sqlite, tmp, writeCsv, type Run, seeded } from './helpers.js';

/**
 * Issue 10, confirmation with rejections (art. 17): `draw confirm DRAW --department CODE
 * --reject SHEET=REASON[:NOTE]`, through the CLI's entry on real SQLite files. A department's
 * rejection takes it off the sheet; a subject that cannot be inspected cancels the sheet and
 * brings in a substitute; each sheet is confirmed on time or late; refusals write nothing.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

const json = (r: Run) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`); }
};

afterEach(() => vi.useRealTimers());

/** Runs as if at a given moment (only Date is moved). */
async function at(moment: string, run: () => Promise<Run>): Promise<Run> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(moment));
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

/** The county drawn on Friday 1 April 2022 (due the next working day: Saturday 2 April, a make-up working day of 清明). */
async function drawnCounty() {
  const t = countyDb();
  expect((await at('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
  const run = await at('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 rejections']));
  expect(run.code, run.stderr).toBe(0);
  return { ...t, sheets: json(run).sheets as { number: number; key: string; inspectors: { department: string; certificate: string }[] }[] };
}

/**
 * A draw-core/1 draw made before the substitute rule existed (test/fixtures/draw-core-1: 78 sheets,
 * one stratum, two replacements, drawn Tuesday 1 December 2026): a sheet of it can be cancelled and
 * replaced as any draw's.
 */
function oldDraw() {
  const dir = tmp();
  const db = join(dir, 'draw.db');
  writeFileSync(db, gunzipSync(readFileSync(join(ROOT, 'test', 'fixtures', 'draw-core-1', 'draw.db.gz'))));
  return { dir, db, run: (args: string[]) => draw(['--db', db, ...args]) };
}

const count = (db: string, sql: string) => Number(sqlite(db, sql));
const teamOf = (db: string, sheet: number) => JSON.parse(sqlite(db, `SELECT team FROM sheets WHERE draw_id = 1 AND number = ${sheet}`)) as [string, string][];

describe('a department rejects a sheet: it is taken off that sheet only', () => {
  it('takes STHJ off two of its sheets (its inspectors, so its items) and keeps them with the other departments; show draw and audit verify agree', async () => {
    const t = await drawnCounty();
    const on = (d: string) => t.sheets.filter((s) => s.inspectors.some((i) => i.department === d)).map((s) => s.number);
    const [a, b] = on('STHJ');
    expect(b).toBeDefined();
    const before = teamOf(t.db, a);
    const r = await at('2022-04-01T06:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'STHJ',
      '--reject', `${a}=不属本部门职责`, '--reject', `${b}=其他：本年度由市局检查`, '--note', '已比对']));
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ department: 'STHJ', late: false, due: '2022-04-02', confirmed: on('STHJ').length - 2, lateSheets: 0, substitutes: [] });
    expect(out.rejections.map((x: { sheet: number; reason: string; cancels: boolean; note: string }) => [x.sheet, x.reason, x.cancels, x.note]))
      .toEqual([[a, 'not_remit', false, ''], [b, 'other', false, '本年度由市局检查']]);

    // the team as it stands: the other departments' pairs, in their order
    expect(teamOf(t.db, a)).toEqual(before.filter(([d]) => d !== 'STHJ'));
    expect(teamOf(t.db, a).length).toBeGreaterThan(0);
    expect(sqlite(t.db, `SELECT cancelled_by IS NULL FROM sheets WHERE draw_id = 1 AND number = ${a}`)).toBe('1');
    expect(sqlite(t.db, 'SELECT seq, number, department, reason, note, cancels FROM rejections ORDER BY seq'))
      .toBe(`1|${a}|STHJ|not_remit||0\n2|${b}|STHJ|other|本年度由市局检查|0`);
    // STHJ confirmed every sheet of its but the two it rejected, on time
    expect(count(t.db, "SELECT COUNT(*) FROM sheet_confirmations WHERE department = 'STHJ' AND late = 0")).toBe(on('STHJ').length - 2);
    expect(count(t.db, `SELECT COUNT(*) FROM sheet_confirmations WHERE department = 'STHJ' AND number IN (${a}, ${b})`)).toBe(0);

    // another department still has its sheets to confirm, sheet a among them when it is on it
    const swj = await at('2022-04-01T07:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SWJ']));
    expect(json(swj).confirmed).toBe(on('SWJ').length);

    const shown = json(await t.run(['--json', 'show', 'draw', '1']));
    expect(shown.rejections).toMatchObject([{ seq: 1, sheet: a, department: 'STHJ', reason: 'not_remit', cancels: false, substitute: null }, { seq: 2, sheet: b }]);
    const sheetA = shown.sheets.find((s: { number: number }) => s.number === a);
    expect(sheetA.inspectors.some((i: { department: string }) => i.department === 'STHJ')).toBe(false);
    const text = (await t.run(['show', 'draw', '1'])).stdout;
    expect(text).toContain('STHJ 退回：不属本部门职责；本部门不再检查');
    expect(text).toContain('其他：本年度由市局检查');
    const en = (await t.run(['--lang', 'en', 'show', 'draw', '1'])).stdout;
    expect(en).toContain("rejected by STHJ: not within the department's remit; the department is off the sheet");

    const verify = await t.run(['--json', 'audit', 'verify']);
    expect(verify.code, verify.stdout).toBe(0);
    // the note is a private field of the entry: its digest is hashed, and the package leaves it out
    const detail = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.confirm' ORDER BY seq LIMIT 1"));
    expect(detail.private).toEqual(['note', 'rejectionNotes']);
    expect(detail.rejectionNotes).toEqual(['', '本年度由市局检查']);
  });

  it('a department rejecting the last department on a sheet cancels it (the sheet keeps its team as it stood)', async () => {
    const t = oldDraw();
    for (const d of ['SCJG', 'SWJ']) expect((await t.run(['confirm', '1', '--department', d, '--reject', '4=not_remit'])).code).toBe(0);
    const left = teamOf(t.db, 4);
    expect(left.every(([d]) => d === 'STHJ')).toBe(true);
    const r = json(await t.run(['--json', 'confirm', '1', '--department', 'STHJ', '--reject', '4=checked_this_year']));
    expect(r.rejections[0]).toMatchObject({ sheet: 4, reason: 'checked_this_year', cancels: true, substitute: 79 });
    expect(teamOf(t.db, 4)).toEqual(left);
    expect(sqlite(t.db, 'SELECT cancelled_by FROM sheets WHERE draw_id = 1 AND number = 4')).toBe('5'); // seq 1–2 are the replacements
    expect(sqlite(t.db, 'SELECT substitute_for FROM sheets WHERE draw_id = 1 AND number = 79')).toBe('4');
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('a subject that cannot be inspected: the sheet is cancelled and a substitute comes in', () => {
  it('draws the next subject of the stratum in drawn order, passing over one the registry no longer has active, reproducibly', async () => {
    // the order of candidates, from a copy: two cancellations bring in positions k and k+1
    const a = oldDraw();
    const first = json(await a.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone', '--reject', '10=查无此户']));
    expect(first.rejections.map((r: { seq: number; sheet: number; cancels: boolean; substitute: number }) => [r.seq, r.sheet, r.cancels, r.substitute]))
      .toEqual([[3, 3, true, 79], [4, 10, true, 80]]);
    const [k0, k1] = first.substitutes.map((s: { key: string }) => s.key);
    expect(first.substitutes.map((s: { substituteFor: number; stratum: string }) => [s.substituteFor, s.stratum])).toEqual([[3, 'all'], [10, 'all']]);
    const drawnKeys = sqlite(a.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number <= 78').split('\n');
    expect(drawnKeys).not.toContain(k0);
    expect(drawnKeys).not.toContain(k1);
    // a full team for the substitute: two of each department, none of them conflicted with it
    const team79 = teamOf(a.db, 79);
    expect(team79.map(([d]) => d)).toEqual(['SCJG', 'SCJG', 'STHJ', 'STHJ', 'SWJ', 'SWJ']);
    expect(sqlite(a.db, `SELECT credit_code, cancelled_by, substitute_for FROM sheets WHERE draw_id = 1 AND number IN (3, 79) ORDER BY number`))
      .toBe(`${sqlite(a.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = 3')}|3|\n${k0}||3`);

    // the same rejection where the first candidate was deregistered since the draw: it is passed
    // over (its position consumed) and recorded; the next one comes in
    const b = oldDraw();
    sqlite(b.db, `UPDATE subjects SET status = 'deregistered', status_raw = '注销' WHERE credit_code = '${k0}'`);
    const second = json(await b.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    expect(second.substitutes[0]).toMatchObject({ sheet: 79, substituteFor: 3, key: k1 });
    expect(second.rejections[0].skipped).toEqual([k0]);
    expect(sqlite(b.db, 'SELECT skipped FROM rejections WHERE draw_id = 1 AND seq = 3')).toBe(JSON.stringify([k0]));
    expect((await b.run(['audit', 'verify'])).code).toBe(0);
  });

  it('passes over every candidate the registry no longer has active, however many: the search asks about as many as it meets (issue 14)', async () => {
    // every subject not drawn deregistered since the draw: no substitute, every candidate passed over, in drawn order
    const a = oldDraw();
    const drawn = sqlite(a.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1').split('\n');
    const stratum = count(a.db, "SELECT rows FROM draw_snapshots WHERE draw_id = 1 AND kind = 'subjects'");
    sqlite(a.db, `UPDATE subjects SET status = 'deregistered', status_raw = '注销' WHERE credit_code NOT IN (${drawn.map((k) => `'${k}'`).join(', ')})`);
    const none = json(await a.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    expect(none.substitutes).toEqual([]);
    const skipped = none.rejections[0].skipped as string[];
    // far more than the first probe of 64 positions
    expect(skipped.length).toBe(stratum - drawn.length);
    expect(new Set(skipped).size).toBe(skipped.length);
    // the last of them active again: it comes in, every one before it passed over
    const b = oldDraw();
    const last = skipped[skipped.length - 1]!;
    sqlite(b.db, `UPDATE subjects SET status = 'deregistered', status_raw = '注销' WHERE credit_code NOT IN (${[...drawn, last].map((k) => `'${k}'`).join(', ')})`);
    const one = json(await b.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    expect(one.substitutes[0]).toMatchObject({ sheet: 79, substituteFor: 3, key: last });
    expect(one.rejections[0].skipped).toEqual(skipped.slice(0, -1));
    expect((await b.run(['replay', '1'])).code).toBe(0);
  });

  it('keeps a conflict declared after the draw off the substitute\'s team, and records it', async () => {
    const a = oldDraw();
    const plain = json(await a.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    const { key, team } = plain.substitutes[0] as { key: string; team: [string, string][] };
    const [, certificate] = team.find(([d]) => d === 'SWJ')!;

    const b = oldDraw();
    const file = writeCsv(b.dir, '利害关系.csv', [['执法证号', '统一社会信用代码', '利害关系', '申报日期'], [certificate, key, '近亲属在该企业任职', '2026-12-01']]);
    const imported = await b.run(['import', 'conflicts', file]);
    expect(imported.code, imported.stderr).toBe(0);
    const r = json(await b.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    expect(r.substitutes[0].key).toBe(key);
    expect(r.substitutes[0].team.map(([, c]: [string, string]) => c)).not.toContain(certificate);
    expect(r.rejections[0].excluded.conflicts).toContainEqual({ certificate, key });
    expect((await b.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('draw replay re-applies rejections and substitutes', () => {
  it('from the database and from a package, a draw with a department rejection, two substitutes (one passing over a deregistered candidate) and a replacement matches; an edited substitute does not', async () => {
    const t = oldDraw();
    const probe = oldDraw();
    const k0 = json(await probe.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone'])).substitutes[0].key;
    sqlite(t.db, `UPDATE subjects SET status = 'revoked', status_raw = '吊销' WHERE credit_code = '${k0}'`);
    expect((await t.run(['confirm', '1', '--department', 'SWJ', '--reject', '6=not_remit', '--reject', '3=gone'])).code).toBe(0);
    const sthj = json(await t.run(['--json', 'confirm', '1', '--department', 'STHJ', '--reject', '79=查无此户']));
    expect(sthj.substitutes[0]).toMatchObject({ sheet: 80, substituteFor: 79 });
    const [, cert] = teamOf(t.db, 80).find(([d]) => d === 'SCJG')!;
    expect((await t.run(['replace', '1/80', '--inspector', cert, '--reason', '病假', '--approved-by', '王局长'])).code).toBe(0);
    expect(sqlite(t.db, 'SELECT seq, number, cancels, substitute, skipped FROM rejections ORDER BY seq'))
      .toBe(`3|3|1|79|${JSON.stringify([k0])}\n4|6|0||[]\n5|79|1|80|[]`);

    const fromDb = await t.run(['--json', 'replay', '1']);
    expect(fromDb.code, fromDb.stdout).toBe(0);
    expect(json(fromDb)).toMatchObject({ match: true, source: 'database' });
    const file = join(t.dir, 'package.json');
    expect((await t.run(['export', 'package', '1', '--out', file])).code).toBe(0);
    const pkg = readFileSync(file, 'utf8');
    const fromPackage = await draw(['--json', 'replay', '--package', file]);
    expect(fromPackage.code, fromPackage.stdout).toBe(0);
    expect(json(fromPackage)).toMatchObject({ match: true, source: 'package' });

    // the substitute changed in the database, then in the package: each replay says so (exit 4)
    const other = sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = 1');
    sqlite(t.db, `UPDATE sheets SET credit_code = '${other}' WHERE draw_id = 1 AND number = 79`);
    expect((await t.run(['replay', '1'])).code).toBe(4);
    const edited = JSON.parse(pkg);
    const sub = edited.expected.sheets.find((s: { number: number }) => s.number === 79);
    sub.key = other;
    const editedFile = join(t.dir, 'edited.json');
    writeFileSync(editedFile, JSON.stringify(edited));
    expect((await draw(['replay', '--package', editedFile])).code).toBe(4);
  });
});

describe('under draw-core/2: a department is only on the sheets its items apply to', () => {
  it('STHJ (its items for manufacturing, C) confirms only its sheets, cannot reject another\'s, and a substitute\'s team is its own subject\'s departments; the replay agrees', async () => {
    const t = countyDb();
    sqlite(t.db, "UPDATE items SET industries = 'C' WHERE department = 'STHJ'");
    expect((await at('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
    const run = await at('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 draw-core/2']));
    expect(run.code, run.stderr).toBe(0);
    const sheets = json(run).sheets as { number: number; key: string; inspectors: { department: string }[] }[];
    const withSthj = sheets.filter((s) => s.inspectors.some((i) => i.department === 'STHJ'));
    const without = sheets.find((s) => !s.inspectors.some((i) => i.department === 'STHJ'))!;
    expect(withSthj.length).toBeGreaterThan(0);
    expect(without).toBeDefined();

    const before = sqlite(t.db, 'SELECT COUNT(*) FROM audit_log');
    const refused = await t.run(['confirm', '1', '--department', 'STHJ', '--reject', `${without.number}=not_remit`]);
    expect(refused.code).toBe(2);
    const departmentsOf = (s: { inspectors: { department: string }[] }) => [...new Set(s.inspectors.map((i) => i.department))];
    expect(refused.stderr).toContain(`检查表 ${without.number} 上没有 STHJ（该表的部门：${departmentsOf(without).join(', ')}），不能由它退回`);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM audit_log')).toBe(before);
    const sthj = json(await at('2022-04-01T06:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'STHJ'])));
    expect(sthj.confirmed).toBe(withSthj.length);

    // SCJG finds one of STHJ's subjects gone: the substitute is the next subject of that stratum
    const gone = withSthj[0];
    const r = json(await at('2022-04-01T07:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', `${gone.number}=gone`])));
    const sub = r.substitutes[0];
    expect(sub).toMatchObject({ sheet: sheets.length + 1, substituteFor: gone.number });
    // the substitute's team: its subject's departments as the snapshot froze them (key TAB stratum TAB d1,d2)
    const file = join(t.dir, 'package.json');
    expect((await t.run(['export', 'package', '1', '--out', file])).code).toBe(0);
    const line = (JSON.parse(readFileSync(file, 'utf8')).snapshots.subjects as string).split('\n').find((l) => l.startsWith(`${sub.key}\t`))!;
    const frozen = line.split('\t')[2].split(',');
    expect([...new Set((sub.team as [string, string][]).map(([d]) => d))]).toEqual(frozen);
    const industry = sqlite(t.db, `SELECT industry_code FROM subjects WHERE credit_code = '${sub.key}'`);
    expect(frozen.includes('STHJ')).toBe(industry.startsWith('C'));
    // STHJ has confirmed all it had; the substitute is new to it only when STHJ is on it
    const again = await t.run(['confirm', '1', '--department', 'STHJ']);
    expect(again.code).toBe(frozen.includes('STHJ') ? 0 : 2);
    expect(json(await t.run(['--json', 'replay', '1']))).toMatchObject({ match: true });
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('replacements beside rejections', () => {
  it('replaces an inspector on a substitute sheet (one seq numbering), and refuses one on a cancelled sheet', async () => {
    const t = oldDraw();
    const r = json(await t.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone']));
    const team = r.substitutes[0].team as [string, string][];
    const [, certificate] = team.find(([d]) => d === 'SWJ')!;
    const replaced = await t.run(['--json', 'replace', '1/79', '--inspector', certificate, '--reason', '病假', '--approved-by', '王局长']);
    expect(replaced.code, replaced.stderr).toBe(0);
    const substitute = json(replaced).substitute as string;
    expect(team.map(([, c]) => c)).not.toContain(substitute);
    expect(sqlite(t.db, 'SELECT seq, number FROM replacements WHERE draw_id = 1 ORDER BY seq')).toBe('1|3\n2|5\n4|79'); // seq 3 is the rejection
    expect(teamOf(t.db, 79)).toContainEqual(['SWJ', substitute]);
    const cancelled = await t.run(['replace', '1/3', '--inspector', teamOf(t.db, 3)[0][1], '--reason', '病假', '--approved-by', '王局长']);
    expect(cancelled.code).toBe(2);
    expect(cancelled.stderr).toContain('检查表 1/3 已作废');
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('confirmation per sheet, on time or late', () => {
  it('the draw\'s sheets are due one working day after the draw, a substitute one working day after it came in', async () => {
    const t = oldDraw(); // drawn Tuesday 1 December 2026: due Wednesday 2 December
    // SWJ confirms first, on time, before any substitute exists
    const swj = json(await at('2026-12-02T01:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SWJ'])));
    expect(swj).toMatchObject({ due: '2026-12-02', late: false, confirmed: 78, again: false });
    // SCJG rejects sheet 3 the same day: the substitute (79) is due Thursday 3 December
    const scjg = json(await at('2026-12-02T03:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '3=gone'])));
    expect(scjg.substitutes[0]).toMatchObject({ sheet: 79, due: '2026-12-03' });
    expect(scjg).toMatchObject({ confirmed: 77, late: false }); // its 78 minus the one it rejected; not yet the substitute
    // STHJ confirms on Thursday: the draw's sheets late, the substitute on time
    const sthj = json(await at('2026-12-03T02:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'STHJ'])));
    expect(sthj).toMatchObject({ due: '2026-12-02', late: true, confirmed: 78, lateSheets: 77 }); // 77 of the draw, late; the substitute, on time
    expect(sqlite(t.db, "SELECT due_on, late FROM sheet_confirmations WHERE draw_id = 1 AND department = 'STHJ' AND number IN (1, 79) ORDER BY number"))
      .toBe('2026-12-02|1\n2026-12-03|0');
    // SWJ confirmed the draw before the substitute came in: it may not enter a result for it yet
    const early = await at('2026-12-04T02:00:00Z', () => t.run(['result', '1/79', '--department', 'SWJ', '--date', '2026-12-04', '--findings', '未发现问题',
      '--items', '其余=正常', '--signed', '--late-reason', '替补对象']));
    expect(early.code).toBe(5);
    expect(early.stderr).toContain('SWJ 尚未确认该检查表');
    // SWJ comes back for the substitute on Monday 7 December: late
    const again = await at('2026-12-07T02:00:00Z', () => t.run(['--json', 'confirm', '1', '--department', 'SWJ']));
    expect(json(again)).toMatchObject({ again: true, due: '2026-12-03', late: true, confirmed: 1, lateSheets: 1 });
    expect(sqlite(t.db, "SELECT late FROM sheet_confirmations WHERE draw_id = 1 AND department = 'SWJ' AND number = 79")).toBe('1');
    // SWJ's first confirmation stays as it was: on time
    expect(sqlite(t.db, "SELECT late, due_on FROM confirmations WHERE draw_id = 1 AND department = 'SWJ'")).toBe('0|2026-12-02');
    expect(count(t.db, "SELECT COUNT(*) FROM sheet_confirmations WHERE draw_id = 1 AND department = 'SWJ' AND number = 3")).toBe(1);
    const text = await at('2026-12-07T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG']));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('SCJG 已确认抽取 1 中新增的检查表 1 张');
    expect(text.stdout).toContain('已逾期');
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('refusals: a clear message, exit 2, nothing written', () => {
  const written = (db: string) => sqlite(db, 'SELECT (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM sheet_confirmations), (SELECT COUNT(*) FROM rejections), (SELECT COUNT(*) FROM sheets), (SELECT COUNT(*) FROM confirmations)');

  it('refuses an unknown sheet, a sheet already left or confirmed, a cancelled sheet, a reason not in the list, 其他 without a note, and a second confirmation with nothing left', async () => {
    const t = oldDraw();
    expect((await t.run(['confirm', '1', '--department', 'SCJG', '--reject', '3=gone'])).code).toBe(0);
    const cases: [args: string[], message: string][] = [
      [['--department', 'SWJ', '--reject', '99=gone'], '抽取 1 没有检查表 99（检查表号为 1–79）'],
      [['--department', 'SWJ', '--reject', '3=not_remit'], '抽取 1 的检查表 3 已作废（第 3 次变更），不能再退回'],
      [['--department', 'SWJ', '--reject', '5=已歇业'], '--reject 的值“5=已歇业”无效：“已歇业”不在退回原因之列；可用：不属本部门职责 (not_remit)、已注销/吊销/迁出 (gone)'],
      [['--department', 'SWJ', '--reject', '5=其他'], '原因为“其他”时须写明说明'],
      [['--department', 'SWJ', '--reject', '5=other:  '], '原因为“其他”时须写明说明'],
      [['--department', 'SWJ', '--reject', '5'], '应写成 检查表号=原因[:说明]'],
      [['--department', 'SWJ', '--reject', 'x=gone'], '“x”不是检查表号'],
      [['--department', 'SWJ', '--reject', '5=gone', '--reject', '5=not_remit'], '检查表 5 被退回了两次'],
      // a good rejection beside a bad one: neither is written
      [['--department', 'SWJ', '--reject', '6=gone', '--reject', '98=gone'], '没有检查表 98'],
    ];
    for (const [args, message] of cases) {
      const before = written(t.db);
      const r = await t.run(['confirm', '1', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
      expect(written(t.db)).toBe(before);
    }
    // SCJG still has the substitute to confirm; then nothing is left
    expect((await t.run(['confirm', '1', '--department', 'SCJG'])).code).toBe(0);
    const before = written(t.db);
    const again = await t.run(['confirm', '1', '--department', 'SCJG']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('SCJG 已确认过抽取 1，没有待确认的检查表');
    // and a sheet SCJG has confirmed, or left, can no longer be rejected by it
    expect((await t.run(['confirm', '1', '--department', 'SCJG', '--reject', '5=gone'])).stderr).toContain('SCJG 已确认检查表 5，不能再退回');
    expect(written(t.db)).toBe(before);
    const en = await t.run(['--lang', 'en', 'confirm', '1', '--department', 'SWJ', '--reject', '5=closed']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('"closed" is not a rejection reason; use one of:');
  });

  it('refuses a department that rejected a sheet rejecting it again, and one not in the plan', async () => {
    const t = await drawnCounty();
    const a = t.sheets.find((s) => s.inspectors.some((i) => i.department === 'STHJ'))!.number;
    expect((await t.run(['confirm', '1', '--department', 'STHJ', '--reject', `${a}=not_remit`])).code).toBe(0);
    const before = written(t.db);
    // STHJ is off that sheet; it comes back for nothing
    const r = await t.run(['confirm', '1', '--department', 'STHJ', '--reject', `${a}=gone`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`STHJ 已退回过检查表 ${a}`);
    const other = await t.run(['confirm', '1', '--department', 'ZJJ', '--reject', `${a}=gone`]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('不参与这次抽取');
    expect(written(t.db)).toBe(before);
  });
});

describe('audit verify holds rejections, per-sheet confirmations and changed sheets to the log', () => {
  async function changed() {
    const t = oldDraw();
    expect((await t.run(['confirm', '1', '--department', 'SCJG', '--reject', '3=gone', '--reject', '5=other:由市局检查'])).code).toBe(0);
    expect((await t.run(['confirm', '1', '--department', 'SWJ'])).code).toBe(0);
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
    return t;
  }
  const entry = (db: string) => Number(sqlite(db, "SELECT seq FROM audit_log WHERE action = 'draw.confirm' ORDER BY seq LIMIT 1"));
  const cases: [name: string, sql: string, expected: Record<string, unknown>][] = [
    ['a rejection\'s reason edited', "UPDATE rejections SET reason = 'not_remit' WHERE seq = 3", { table: 'rejections', record: '1/3', problem: 'changed', field: 'reason' }],
    ['a rejection\'s note edited', "UPDATE rejections SET note = '无' WHERE seq = 4", { table: 'rejections', record: '1/4', problem: 'changed', field: 'note' }],
    ['a rejection\'s substitute edited', 'UPDATE rejections SET substitute = 80 WHERE seq = 3', { table: 'rejections', record: '1/3', problem: 'changed', field: 'substitute' }],
    ['a rejection deleted', 'DELETE FROM rejections WHERE seq = 4', { table: 'rejections', record: '1/4', problem: 'deleted' }],
    ['a rejection inserted', "INSERT INTO rejections (draw_id, seq, number, department, reason, cancels, at, operator) VALUES (1, 9, 6, 'SWJ', 'not_remit', 0, '2026-12-01T13:00:00.000Z', 'x')",
      { table: 'rejections', record: '1/9', problem: 'unlogged' }],
    ['an on-time sheet confirmation marked late', "UPDATE sheet_confirmations SET late = 1 WHERE number = 7 AND department = 'SWJ'",
      { table: 'sheet_confirmations', record: '1/7/SWJ', problem: 'changed', field: 'late' }],
    ['a sheet confirmation deleted', "DELETE FROM sheet_confirmations WHERE number = 7 AND department = 'SCJG'",
      { table: 'sheet_confirmations', record: '1/7/SCJG', problem: 'deleted' }],
    ['a cancelled sheet brought back', 'UPDATE sheets SET cancelled_by = NULL WHERE number = 3', { table: 'sheets', record: '1/3', problem: 'changed', field: 'cancelled_by' }],
    ['a sheet cancelled outside the tool', 'UPDATE sheets SET cancelled_by = 3 WHERE number = 9', { table: 'sheets', record: '1/9', problem: 'unlogged' }],
    ['a substitute\'s subject changed', "UPDATE sheets SET credit_code = (SELECT credit_code FROM sheets WHERE number = 1) WHERE number = 79",
      { table: 'sheets', record: '1/79', problem: 'changed', field: 'credit_code' }],
  ];
  it.each(cases)('%s: exit 4, naming the table, the record and the entry', async (_, sql, expected) => {
    const t = await changed();
    sqlite(t.db, sql);
    const r = await t.run(['--json', 'audit', 'verify']);
    expect(r.code).toBe(4);
    const records = json(r).records;
    expect(records).toContainEqual(expect.objectContaining(expected));
    const found = records.find((m: { table: string; record: string }) => m.table === expected.table && m.record === expected.record);
    if (expected.problem !== 'unlogged') expect(found.entry).toBeGreaterThanOrEqual(entry(t.db));
  });
});
