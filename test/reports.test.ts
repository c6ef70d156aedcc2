import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countyDb, drawProcess, onDay, sqlite, tmp, type Db, type Run } from './helpers.js';

/**
 * Issue 11, the year's reports (art. 17, 26, 32), on a season counted by hand: one township of
 * four subjects, a task of SCJG and SWJ drawing all four, a second SCJG task not drawn.
 * `draw report performance` and `draw report coverage` as tables, --json and printed HTML
 * (headless Chromium, A4, each section on a page of its own: read from the PDF's outline).
 */

const CHROMIUM = '/usr/bin/chromium';
const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);
const TOWN = '试点镇';
const on = (day: string, t: Db, args: string[]) => onDay(`${day}T02:00:00Z`, () => t.run(args)).then(ok);

/** The season; returns the four subjects by grade. */
async function season(t: Db) {
  const keys = sqlite(t.db, "SELECT credit_code FROM subjects WHERE status = 'active' AND in_registry = 1 AND abnormal = 0 AND serious_violation = 0 ORDER BY credit_code LIMIT 4").split('\n');
  ['A', 'B', 'D', null].forEach((g, k) => sqlite(t.db, `UPDATE subjects SET township = '${TOWN}', credit_grade = ${g ? `'${g}'` : 'NULL'}, grade_as_of = '2022-03-25' WHERE credit_code = '${keys[k]}'`));
  const task = ['plan', '--year', '2022', '--initiator', 'SCJG', '--ratio', '100%', '--window', '2022-04-01..2022-06-30', '--town', TOWN, '--no-input'];
  await on('2022-03-25', t, [...task, '--name', '第一批', '--departments', 'SCJG,SWJ', '--items', 'SCJG-01,SWJ-02']);
  await on('2022-03-25', t, [...task, '--name', '第二批', '--departments', 'SCJG', '--items', 'SCJG-01']);
  await on('2022-04-01', t, ['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']);
  await on('2022-04-01', t, ['run', '2022-001', '--seed', 'report-season']);
  // SCJG confirms on the day of the draw (on time) and rejects sheet 1: nobody there, the sheet is
  // cancelled and, the whole township drawn, no substitute is left
  await on('2022-04-01', t, ['confirm', '1', '--department', 'SCJG', '--reject', '1=not_found:查无此户']);
  // SWJ confirms its three sheets weeks late
  await on('2022-04-20', t, ['confirm', '1', '--department', 'SWJ']);
  const entry = (sheet: number, dept: string, extra: string[] = []) => ['result', `1/${sheet}`, '--department', dept, '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', ...extra];
  // on time, a problem found: it takes a follow-up
  await on('2022-05-10', t, ['result', '1/2', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正', '--items', 'SCJG-01=不正常', '--signed']);
  await on('2022-05-11', t, entry(2, 'SWJ')); // on time
  await on('2022-05-12', t, ['dispose', '1/2', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-12']); // open
  await on('2022-05-20', t, ['export', 'disclosure', '1', '--out', join(t.dir, 'disclosure.csv')]); // publishes the two results: on time
  await on('2022-06-01', t, entry(3, 'SCJG', ['--signed'])); // late (due 2022-05-17), never published
  return keys;
}

describe('the year’s reports, counted by hand', () => {
  it('performance per department, with the deadlines frozen with the draw', async () => {
    const t = countyDb();
    await season(t);
    // a later change of the settings does not change what applied to the draw
    ok(await t.run(['config', 'entry_days', '30']));
    const r = json(await t.run(['--json', 'report', 'performance', '--year', '2022']));
    const pick = (code: string) => r.departments.find((d: { department: string }) => d.department === code);
    expect(r.departments.map((d: { department: string }) => d.department)).toEqual(['SCJG', 'SWJ']);
    expect(pick('SCJG')).toMatchObject({ name: '曲阳县市场监督管理局', tasks: 2, drawnTasks: 1, sheets: 3, rejections: 1, confirmed: 3, confirmedOnTime: 3,
      entered: 2, enteredOnTime: 1, published: 1, publishedOnTime: 1, publishOverdue: 1, followUps: 1, followUpsOpen: 1 });
    expect(pick('SWJ')).toMatchObject({ tasks: 1, drawnTasks: 1, sheets: 3, rejections: 0, confirmed: 3, confirmedOnTime: 0,
      entered: 1, enteredOnTime: 1, published: 1, publishedOnTime: 1, publishOverdue: 0, followUps: 0, followUpsOpen: 0 });
    expect(r.draws).toEqual([expect.objectContaining({ task: '2022-001', draw: 1, drawnOn: '2022-04-01', deadlines: { confirmDays: 1, entryDays: 5, publishDays: 20 } })]);

    const table = ok(await t.run(['report', 'performance', '--year', '2022'])).stdout;
    expect(table).toContain('2022 年度各部门双随机抽查工作情况');
    expect(table).toMatch(/曲阳县市场监督管理局（SCJG）\s*│\s*2（已抽取 1）\s*│\s*3\s*│\s*1\s*│\s*3\/3\s*│\s*1\/2\s*│\s*1\/1\s*│\s*1\s*│\s*1\/1/);
    expect(table).toContain('确认 1 · 录入 5 · 公示 20');
    // a year with nothing drawn says so
    expect(ok(await t.run(['report', 'performance', '--year', '2023'])).stdout).toContain('2023 年没有已抽取的任务');
  });

  it('coverage of the item list and of the registry, against the floor', async () => {
    const t = countyDb();
    const keys = await season(t);
    const r = json(await t.run(['--json', 'report', 'coverage', '--year', '2022']));
    const item = (code: string) => r.items.find((i: { code: string }) => i.code === code);
    expect(item('SCJG-01').tasks).toEqual([{ number: '2022-001', state: 'drawn' }, { number: '2022-002', state: 'planned' }]);
    expect(item('SWJ-02').tasks).toEqual([{ number: '2022-001', state: 'drawn' }]);
    expect(item('SCJG-04')).toMatchObject({ random: false, tasks: [] });
    const random = Number(sqlite(t.db, 'SELECT COUNT(*) FROM items WHERE current = 1 AND active = 1 AND random = 1'));
    expect(r.uncovered).toHaveLength(random - 2);
    expect(r.uncovered).not.toContain('SCJG-01');
    expect(r.uncovered).not.toContain('SCJG-04');
    // four subjects drawn (the cancelled sheet's too), all of the township
    const registry = Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE status = 'active' AND in_registry = 1"));
    expect(r.total).toEqual({ registry, drawn: 4, ratio: 4 / registry, floor: 0.03, meetsFloor: false });
    expect(r.shares.township.find((g: { group: string }) => g.group === TOWN)).toEqual({ group: TOWN, registry: 4, drawn: 4, ratio: 1 });
    expect(r.shares.township.filter((g: { drawn: number }) => g.drawn > 0)).toHaveLength(1);
    const grades = Object.fromEntries(r.shares.grade.map((g: { group: string; drawn: number }) => [g.group, g.drawn]));
    expect(grades).toEqual({ A: 1, B: 1, C: 0, D: 1, ungraded: 1 });
    const sum = (by: string, k: 'registry' | 'drawn') => r.shares[by].reduce((a: number, g: Record<string, number>) => a + g[k], 0);
    for (const by of ['township', 'class', 'grade']) expect([sum(by, 'registry'), sum(by, 'drawn')]).toEqual([registry, 4]);
    const classes = sqlite(t.db, `SELECT type_class, COUNT(*) FROM subjects WHERE credit_code IN (${keys.map((k) => `'${k}'`).join(',')}) GROUP BY 1`).split('\n')
      .map((l) => l.split('|'));
    for (const [c, n] of classes) expect(r.shares.class.find((g: { group: string }) => g.group === c).drawn).toBe(Number(n));

    const table = ok(await t.run(['report', 'coverage', '--year', '2022'])).stdout;
    expect(table).toMatch(/SCJG-01\s*│\s*SCJG\s*│\s*2022-001（已抽取）；2022-002（未抽取）/);
    expect(table).toMatch(/SCJG-04\s*│\s*SCJG\s*│\s*不纳入随机抽查（第二十七条）/);
    expect(table).toContain(`清单共 24 项，其中随机抽查事项 ${random} 项：已被本年度任务覆盖 2 项，未覆盖 ${random - 2} 项`);
    expect(table).toContain(`本年度已抽取 4 户，占名录库存续主体 ${registry.toLocaleString('en-US')} 户的 ${((4 / registry) * 100).toFixed(2)}%；年度下限 3%：未达到`);
    expect(ok(await t.run(['--lang', 'en', 'report', 'coverage', '--year', '2022'])).stdout).toContain('yearly floor 3%: not met');
  });
});

/**
 * The outline Chromium (Skia) writes for the headings (--generate-pdf-document-outline): each entry's
 * title (UTF-16BE) and the page object its /Dest points at, written right after it.
 */
function outline(pdf: Buffer): { title: string; page: string }[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/Title\s*<FEFF([0-9A-Fa-f]*)>\s*\/Dest\s*\[(\d+) 0 R/g)].map((m) => ({
    title: Buffer.from(m[1], 'hex').swap16().toString('utf16le'), page: m[2],
  }));
}

function print(html: string): Buffer {
  const dir = tmp('draw-report-print-');
  const pdf = join(dir, 'report.pdf');
  const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', '--generate-pdf-document-outline',
    pathToFileURL(html).href], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${CHROMIUM} did not run (${r.error.message}); install it: apt-get install -y chromium`);
  if (r.status !== 0 || !existsSync(pdf)) throw new Error(`${CHROMIUM} exit ${r.status}: ${r.stderr}`);
  return readFileSync(pdf);
}

describe('the reports printed', () => {
  it.each([
    ['performance', ['各部门', '各次抽取及其期限']],
    ['coverage', ['抽查事项清单的覆盖', '按乡镇', '按主体类型', '按信用风险等级']],
  ])('%s: A4, every section on a page of its own, charts inline, the audit head as its anchor', async (kind, sections) => {
    const t = countyDb();
    await season(t);
    const out = join(t.dir, `${kind}.html`);
    const written = json(await t.run(['--json', 'report', kind, '--year', '2022', '--out', out]));
    expect(written.file.out).toBe(out);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect((html.match(/<svg class="chart"/g) ?? []).length).toBeGreaterThanOrEqual(kind === 'coverage' ? 4 : 1);
    const head = sqlite(t.db, 'SELECT seq || \':\' || hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(html).toContain(`<meta name="draw-audit-head" content="${head}">`);
    // the paper is an anchor the log still holds
    expect(drawProcess(['--db', t.db, 'audit', 'verify', '--anchor', out]).code).toBe(0);

    const pdf = print(out);
    const text = pdf.toString('latin1');
    const boxes = [...text.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1].trim().split(/\s+/).map((n) => Math.round(Number(n))).join(' '));
    expect(new Set(boxes)).toEqual(new Set(['0 0 595 842']));
    const pages = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
    const entries = outline(pdf);
    const found = sections.map((s) => entries.find((e) => e.title === s));
    expect(found.map((e) => e?.title)).toEqual(sections);
    // each section starts a page no other section starts on, and the paper has no more pages than sections
    expect(new Set(found.map((e) => e!.page)).size).toBe(sections.length);
    expect(pages).toBe(sections.length);
  });
});
