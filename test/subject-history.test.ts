import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, onDay, sqlite, type Db, seeded } from './helpers.js';

/** `draw show subject CODE`: the subject's history (检查记录, art. 20), on a county database with a season run. */

const json = (r: { stdout: string; stderr: string; code: number }) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`exit ${r.code}: ${r.stdout}\n${r.stderr}`); }
};
const PLAN = ['plan', '--name', '第一批', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG', '--no-input'];
const ITEMS = 'SCJG-01=不正常,其余=正常';

describe('a subject\'s history', () => {
  let t: Db;
  let key: string;
  let untouched: string;
  beforeAll(async () => {
    t = countyDb();
    expect((await onDay('2022-03-25T02:00:00Z', () => t.run([...PLAN, '--year', '2022', '--ratio', '5%', '--window', '2022-04-01..2022-06-30']))).code).toBe(0);
    expect((await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 'history']))).code).toBe(0);
    for (const department of ['SCJG', 'SWJ']) expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', department]))).code).toBe(0);
    key = sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = 1');
    const town = sqlite(t.db, `SELECT township FROM subjects WHERE credit_code = '${key}'`);
    // a second season, the year after, that takes every subject of the township: the subject is on it too
    expect((await onDay('2023-03-25T02:00:00Z', () => t.run([...PLAN, '--year', '2023', '--ratio', '100%', '--town', town, '--window', '2023-04-01..2023-06-30']))).code).toBe(0);
    expect((await onDay('2023-04-03T02:00:00Z', () => seeded(t, ['run', '2023-001', '--seed', 'history']))).code).toBe(0);
    untouched = sqlite(t.db, 'SELECT credit_code FROM subjects WHERE in_registry = 1 AND credit_code NOT IN (SELECT credit_code FROM sheets) LIMIT 1');
    expect((await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'])).code).toBe(0);
    expect((await t.run(['export', 'disclosure', '1', '--out', join(t.dir, '公示.csv')])).code).toBe(0);
    // corrected after publication: the publication carried the earlier version; the visit is corrected with it
    expect((await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题待后续处理', '--items', ITEMS, '--refused',
      '--refusal-note', '负责人拒绝签字', '--witness', '李四'])).code).toBe(0);
    // SWJ enters its own part, after the publication, the visit already recorded
    expect((await t.run(['result', '1/1', '--department', 'SWJ', '--date', '2022-05-12', '--findings', '未发现问题', '--items', '正常'])).code).toBe(0);
    expect((await t.run(['dispose', '1/1', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete'])).code).toBe(0);
  });

  it('lists every sheet newest first, with departments, the result per item, the signature, the dispositions and the publications', async () => {
    const s = json(await t.run(['--json', 'show', 'subject', key]));
    expect(s.credit_code).toBe(key);
    expect(s.history.map((h: any) => h.plan.number)).toEqual(['2023-001', '2022-001']);
    const [later, first] = s.history;
    expect(later).toMatchObject({ draw: 2, drawStatus: 'drawn', visit: null, dispositions: [], publications: [] });
    expect(later.departments.length).toBeGreaterThan(0);
    expect(later.departments.every((d: any) => d.result === null)).toBe(true);
    expect(first).toMatchObject({ draw: 1, sheet: '1/1', number: 1, drawStatus: 'drawn', plan: { name: '第一批' } });
    expect(first.sheets).toBe(Number(sqlite(t.db, 'SELECT COUNT(*) FROM sheets WHERE draw_id = 1')));
    expect(first.departments.map((d: any) => d.code)).toEqual(['SCJG', 'SWJ']);
    const team = JSON.parse(sqlite(t.db, 'SELECT team FROM sheets WHERE draw_id = 1 AND number = 1')) as [string, string][];
    expect(first.departments.flatMap((d: any) => d.inspectors.map((i: any) => [d.code, i.certificate])).sort()).toEqual([...team].sort());
    const outcomes = Object.fromEntries(first.departments.flatMap((d: any) => d.items.map((i: any) => [i.code, i.outcome])));
    // SCJG-03 (食品经营) applies to food businesses only (H62, F521, F522): entered 正常 by 其余 there, not listed elsewhere (as on the printed sheet)
    const food = /^(H62|F521|F522)/.test(sqlite(t.db, `SELECT industry_code FROM subjects WHERE credit_code = '${key}'`));
    expect(outcomes).toEqual({ 'SCJG-01': 'abnormal', 'SCJG-02': 'normal', ...(food ? { 'SCJG-03': 'normal' } : {}), 'SWJ-01': 'normal', 'SWJ-02': 'normal' });
    // each department's own result: SCJG's corrected once, SWJ's entered on its own day; the visit once, as corrected
    const [scjg, swj] = first.departments.map((d: any) => d.result);
    expect(scjg).toMatchObject({ inspectedOn: '2022-05-10', findings: ['pending_follow_up'], corrections: 1, joint: false, lateReason: '' });
    expect(swj).toMatchObject({ inspectedOn: '2022-05-12', findings: ['no_problem'], corrections: 0, joint: false });
    expect(first.visit).toEqual({ signed: false, refusalNote: '负责人拒绝签字', witness: '李四' });
    expect(first.result).toBeUndefined();
    expect(first.dispositions).toEqual([{ department: 'SCJG', action: 'order_correction', decidedOn: '2022-05-20', complete: true, note: '' }]);
    expect(first.publications).toHaveLength(1);
    expect(first.publications[0]).toMatchObject({ disclosure: 1, department: 'SCJG', current: false });
    expect(first.publications[0].file).toBe(join(t.dir, '公示.csv'));
  });

  it('shows the history to a person in the table, in Chinese and in English', async () => {
    const r = await t.run(['show', 'subject', key]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('检查记录（2 次，最近的在前）');
    expect(r.stdout.indexOf('计划 2023-001')).toBeLessThan(r.stdout.indexOf('计划 2022-001'));
    expect(r.stdout).toContain('检查表 1/1');
    expect(r.stdout).toContain('曲阳县市场监督管理局：2022-05-10 发现问题待后续处理；录入人');
    expect(r.stdout).toContain('国家税务总局曲阳县税务局：2022-05-12 未发现问题；录入人');
    expect(r.stdout.match(/被检查对象：拒绝签字（负责人拒绝签字；见证人：李四）/g)).toHaveLength(1);
    expect(r.stdout).toContain('后续处置（曲阳县市场监督管理局）：责令改正（2022-05-20，已完成）');
    expect(r.stdout).toContain('已公示更正前的结果：公示记录 1');
    expect(r.stdout).toContain('检查结果：尚未录入');
    expect(r.stdout).toContain('不正常');
    const en = await t.run(['--lang', 'en', 'show', 'subject', key]);
    expect(en.stdout).toContain('Published before a correction: disclosure 1');
    expect(en.stdout).toContain('国家税务总局曲阳县税务局: 2022-05-12 未发现问题; entered by');
    expect(en.stdout).toContain('The subject: refused');
  });

  it('says a subject never drawn has no history', async () => {
    expect(json(await t.run(['--json', 'show', 'subject', untouched])).history).toEqual([]);
    expect((await t.run(['show', 'subject', untouched])).stdout).toContain('检查记录：未被抽中过');
  });
});

describe('a sheet with a department none of whose items applies to the subject', () => {
  // STHJ's items apply to mining and some manufacturing only (the fixture's 适用行业代码 B;C26;C30 and B;C);
  // a subject drawn as a manufacturer that the registry now has as a software firm keeps STHJ on its sheet
  it('refuses 正常 for its items, takes 不涉及, and the history keeps the department saying so, each publication on one line', async () => {
    const t = countyDb();
    expect((await onDay('2022-03-25T02:00:00Z', () => t.run(['plan', '--name', '第一批', '--departments', 'SCJG,STHJ', '--items', 'all', '--initiator', 'SCJG',
      '--no-input', '--year', '2022', '--ratio', '5%', '--window', '2022-04-01..2022-06-30']))).code).toBe(0);
    expect((await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 'history']))).code).toBe(0);
    for (const department of ['SCJG', 'STHJ']) expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', department]))).code).toBe(0);
    const [number, key] = sqlite(t.db, `SELECT number, credit_code FROM sheets WHERE draw_id = 1 AND team LIKE '%"STHJ"%' ORDER BY number LIMIT 1`).split('|');
    sqlite(t.db, `UPDATE subjects SET industry_code = 'I6510' WHERE credit_code = '${key}'`);
    const sheet = `1/${number}`;
    const entry = ['result', sheet, '--department', 'STHJ', '--date', '2022-05-10', '--findings', '未发现开展本次抽查涉及的经营活动', '--signed'];
    const normal = await t.run([...entry, '--items', '正常']);
    expect(normal.code).toBe(5);
    expect(normal.stderr).toContain('--items');
    expect(normal.stderr).toContain('STHJ 的计划事项均不适用于该对象');
    expect((await t.run(['--lang', 'en', ...entry, '--items', '其余=正常'])).stderr).toContain('none of STHJ\'s plan items applies to this subject');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM results')).toBe('0');
    expect((await t.run([...entry, '--items', '不涉及'])).code).toBe(0);
    expect((await t.run(['result', sheet, '--department', 'SCJG', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常'])).code).toBe(0);
    expect((await t.run(['export', 'disclosure', '1', '--out', join(t.dir, '公示.csv')])).code).toBe(0);

    const h = json(await t.run(['--json', 'show', 'subject', key])).history[0];
    expect(h.departments.map((d: any) => [d.code, d.items.length > 0, d.inspectors.length > 0, d.result?.inspectedOn]))
      .toEqual([['SCJG', true, true, '2022-05-11'], ['STHJ', false, true, '2022-05-10']]);
    expect(h.publications.map((p: any) => [p.disclosure, p.department, p.current])).toEqual([[1, 'SCJG', true], [1, 'STHJ', true]]);
    const text = (await t.run(['show', 'subject', key])).stdout;
    expect(text).toContain('（本部门的抽查事项均不适用于该对象）');
    expect(text).toContain('保定市生态环境局曲阳县分局：2022-05-10 未发现开展本次抽查涉及的经营活动');
    expect(text.match(/已公示：公示记录 1（/g)).toHaveLength(1);
    expect(text).toContain('曲阳县市场监督管理局、保定市生态环境局曲阳县分局的结果');
  });
});
