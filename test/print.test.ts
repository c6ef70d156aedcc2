import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countyDb, onDay, sqlite, type Run, seeded } from './helpers.js';
import { pdfPages, printToPdf } from './pdf.js';

/**
 * The joint inspection sheets printed as a clerk prints them: headless Chromium, A4, one page per
 * sheet. Chromium must be installed (`.ci/run` installs it); the test fails without it, it never skips.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--window', '2022-04-01..2022-06-30', '--no-input'];

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

describe('printing the sheets', () => {
  it('prints one A4 page per sheet, the fullest sheet included', async () => {
    const t = countyDb();
    ok(await onDay('2022-03-25T02:00:00Z', () => t.run([...PLAN, '--ratio', '10%', '--town', '恒州镇'])));
    ok(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'])));
    for (const d of ['SCJG', 'STHJ', 'SWJ']) ok(await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', d])));
    const sheets = Number(sqlite(t.db, 'SELECT COUNT(*) FROM sheets WHERE draw_id = 1'));
    expect(sheets).toBeGreaterThan(10);

    // The fullest sheet a clerk can make: long name and address, two specialists, a refusal with its note and witness.
    const key = sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = 1');
    sqlite(t.db, `UPDATE subjects SET name = ${q('曲阳县恒州镇某某某某某某某某农产品加工销售专业合作社联合社第一分社（普通合伙）<script>')},
      address = ${q('河北省保定市曲阳县恒州镇某某村某某街道某某小区东侧某某号院内第三排平房西起第五间（原某某供销社旧址）')},
      representative = '欧阳某某' WHERE credit_code = ${q(key)}`);
    // two replaced inspectors (art. 16), one with a long reason and approver: their lines print on the sheet too
    const team = JSON.parse(sqlite(t.db, 'SELECT team FROM sheets WHERE draw_id = 1 AND number = 1')) as [string, string][];
    const [first, second] = team.filter(([d]) => d === 'SCJG' || d === 'SWJ');
    ok(await t.run(['replace', '1/1', '--inspector', first[1], '--reason', '执法人员与该主体负责人系近亲属关系，本人申请回避，经单位负责人批准更换',
      '--approved-by', '曲阳县市场监督管理局副局长欧阳某某']));
    ok(await t.run(['replace', '1/1', '--inspector', second[1], '--reason', '依法回避', '--approved-by', '王局长']));
    ok(await t.run(['assist', '1/1', '--department', 'SWJ', '--name', '赵工程师', '--certificate', 'ZY-0012']));
    ok(await t.run(['assist', '1/1', '--department', 'SCJG', '--name', '钱检验师', '--certificate', 'JY-2022-000123']));
    // every department's part, the longest findings on the sheet
    ok(await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '发现问题已责令改正、违反其他部门相关规定、未按规定公示应当公示的信息',
      '--items', 'SCJG-02=不正常,其余=正常',
      '--refused', '--refusal-note', '经营者对发票检查结论有异议，拒绝在检查表上签字，检查人员当场说明了拒签的后果并全程录像', '--witness', '村委会主任孙某某']));
    // STHJ's items apply to mining and manufacturing only: none to this subject, so under draw-core/2 STHJ is not on its sheet
    expect(team.some(([d]) => d === 'STHJ')).toBe(false);
    ok(await t.run(['result', '1/1', '--department', 'SWJ', '--date', '2022-05-11', '--findings', '发现问题待后续处理', '--items', 'SWJ-01=不正常,SWJ-02=正常']));
    ok(await t.run(['result', '1/2', '--department', 'SCJG', '--date', '2022-05-12', '--findings', '未发现问题', '--items', '正常', '--signed']));

    const out = join(t.dir, 'sheets');
    ok(await t.run(['export', 'sheets', '1', '--out', out]));
    const pdf = printToPdf(join(out, 'sheets-1.html'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf);
    expect(pages.objects).toBe(sheets);
    expect(pages.count).toBe(sheets);
    // A4 portrait in points (210 × 297 mm), every page
    expect(pages.mediaBoxes.length).toBe(sheets);
    expect(new Set(pages.mediaBoxes)).toEqual(new Set(['0 0 595 842']));

    // Split into files of 4 sheets (issue 14): the first file, the fullest sheet in it, prints its
    // 4 sheets on 4 A4 pages, as the whole file does; the index names the file and its sheets.
    const split = join(t.dir, 'split');
    ok(await t.run(['export', 'sheets', '1', '--out', split, '--split', '4']));
    const part = printToPdf(join(split, 'sheets-1-001.html'));
    const partPages = pdfPages(part);
    expect(partPages.objects).toBe(4);
    expect(partPages.count).toBe(4);
    expect(new Set(partPages.mediaBoxes)).toEqual(new Set(['0 0 595 842']));
    const index = readFileSync(join(split, 'sheets-1-index.html'), 'utf8');
    expect([...index.matchAll(/<tr data-sheet="(\d+)">.*?<td>(sheets-1-\d+\.html)<\/td><\/tr>/g)].filter((m) => m[2] === 'sheets-1-001.html').map((m) => Number(m[1])))
      .toEqual([1, 2, 3, 4]);

    // This machine may have no Chinese font: Chromium then draws each character as a narrow
    // missing-glyph box, and a sheet looks shorter than it will on the office's printer. So the
    // same file again with every Chinese character replaced by a W, about as wide as a Chinese
    // glyph (1 em): the sheets must still take one page each.
    const html = readFileSync(join(out, 'sheets-1.html'), 'utf8');
    const style = html.indexOf('</style>');
    const wide = join(out, 'wide.html');
    writeFileSync(wide, html.slice(0, style) + html.slice(style).replace(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/g, 'W'));
    const widePages = pdfPages(printToPdf(wide));
    expect(widePages.objects).toBe(sheets);
    expect(widePages.count).toBe(sheets);
  });
});

describe('printing the replacements filing list', () => {
  it('prints on A4 landscape, over as many pages as its rows need', async () => {
    const t = countyDb();
    ok(await t.run([...PLAN, '--ratio', '10%', '--town', '恒州镇']));
    ok(await seeded(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']));
    // every drawn inspector replaced once: more rows than one page holds
    const teams = sqlite(t.db, "SELECT x.number, json_extract(j.value, '$[1]') FROM sheets x, json_each(x.team) j WHERE x.draw_id = 1 ORDER BY x.number, j.key").split('\n');
    expect(teams.length).toBeGreaterThan(40);
    for (const line of teams) {
      const [n, cert] = line.split('|');
      ok(await t.run(['replace', `1/${n}`, '--inspector', cert, '--reason', '依法回避', '--approved-by', '王局长']));
    }
    const file = join(t.dir, '更换执法人员备案表.html');
    ok(await t.run(['export', 'replacements', '--year', '2022', '--out', file]));
    const pages = pdfPages(printToPdf(file));
    expect(pages.count).toBeGreaterThan(1);
    expect(new Set(pages.mediaBoxes)).toEqual(new Set(['842 595'].map((s) => `0 0 ${s}`)));
  });
});

describe('printing the annual plan as filed', () => {
  it('prints on A4 portrait: the year on the first page, then every task section on a page of its own', async () => {
    const t = countyDb();
    // the fullest task the fixture county allows: every department, every drawable item, per-grade ratios, a long name
    // (WLJ's items apply to no subject of the fixture county: a task with it is refused)
    const departments = sqlite(t.db, "SELECT group_concat(code) FROM (SELECT DISTINCT department AS code FROM items WHERE random = 1 AND current = 1 AND department <> 'WLJ' ORDER BY 1)");
    ok(await t.run(['plan', '--year', '2022', '--name', '2022年度全县“双随机、一公开”跨部门联合抽查第一批（覆盖全部行业和全部乡镇的综合性抽查任务）',
      '--departments', departments, '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%',
      '--window', '2022-04-01..2022-06-30', '--no-input']));
    ok(await t.run([...PLAN, '--ratio', '1%', '--town', '恒州镇', '--type', '个体工商户']));
    ok(await t.run([...PLAN.slice(0, 4), '2022年第三批', ...PLAN.slice(5), '--ratio', '2%', '--departments', 'SCJG', '--items', 'SCJG-01']));
    const tasks = 3;
    ok(await t.run(['plan', 'file', '2022']));
    const file = join(t.dir, '2022年度抽查计划.html');
    ok(await t.run(['export', 'plan', '2022', '--out', file]));
    const html = readFileSync(file, 'utf8');
    expect(html.match(/<section class="page task">/g)).toHaveLength(tasks);
    expect(html).toContain('报备日期');
    // the paper is an anchor: the log still holds the head it was made at
    expect((await t.run(['audit', 'verify', '--anchor', file])).code).toBe(0);
    const pages = pdfPages(printToPdf(file));
    expect(pages.objects).toBe(tasks + 1);
    expect(pages.count).toBe(tasks + 1);
    expect(new Set(pages.mediaBoxes)).toEqual(new Set(['0 0 595 842']));
    // as with the sheets: every Chinese character a W (about 1 em), in case this machine has no Chinese font
    const style = html.indexOf('</style>');
    const wide = join(t.dir, 'wide.html');
    writeFileSync(wide, html.slice(0, style) + html.slice(style).replace(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/g, 'W'));
    expect(pdfPages(printToPdf(wide)).count).toBe(tasks + 1);
  });
});
