import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { countyDb, readCsvText, sqlite, type Db, type Run, seeded } from './helpers.js';
import { pdfPages, printToPdf } from './pdf.js';
import { zh as zhCore } from '../src/i18n/zh.js';
import { zhPapers } from '../src/i18n/zh-papers.js';

const zh = { ...zhCore, ...zhPapers };

/**
 * The public notices (issue 13): the commitment notice of a committed draw and the draw notice of
 * a drawn one, as HTML printed by headless Chromium and as CSV, held to the county database's
 * real subjects: no credit grade, no address, representative, inspector name, certificate or phone.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--window', '2022-04-01..2022-06-30', '--ratio', '10%', '--town', '恒州镇', '--no-input'];
const SEED = '2022-04-01 公开摇号 73915';

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const lines = (text: string) => (text ? text.split('\n') : []);

/** What must never be on a public notice: of the drawn subjects and their teams, as the database holds them. */
function privateOf(t: Db, draw: number) {
  const subjects = lines(sqlite(t.db, `SELECT s.credit_code, b.credit_grade, b.address, b.representative FROM sheets s JOIN subjects b ON b.credit_code = s.credit_code WHERE s.draw_id = ${draw}`))
    .map((l) => { const [key, grade, address, representative] = l.split('|'); return { key, grade, address, representative }; });
  const inspectors = lines(sqlite(t.db, `SELECT DISTINCT i.certificate, i.name, i.phone FROM sheets s, json_each(s.team) j JOIN inspectors i ON i.certificate = json_extract(j.value, '$[1]') WHERE s.draw_id = ${draw}`))
    .map((l) => { const [certificate, name, phone] = l.split('|'); return { certificate, name, phone }; });
  const names = lines(sqlite(t.db, `SELECT DISTINCT b.name FROM sheets s JOIN subjects b ON b.credit_code = s.credit_code WHERE s.draw_id = ${draw}`));
  return { subjects, inspectors, names };
}

function expectNothingPrivate(text: string, cells: string[][], p: ReturnType<typeof privateOf>): void {
  expect(p.subjects.length).toBeGreaterThan(3);
  // the county's subjects have grades, addresses and representatives: the checks below bite
  expect(p.subjects.filter((s) => s.grade).length).toBeGreaterThan(0);
  expect(p.subjects.filter((s) => s.address.length > 4 && s.representative.length > 1).length).toBeGreaterThan(0);
  // a sole trader's name often holds its representative's (曲阳县恒州镇徐思食品厂, 徐思): the public
  // names are taken out of the text first, so that what remains must not name a person
  let rest = text;
  for (const name of p.names.sort((a, b) => b.length - a.length)) if (name) rest = rest.split(name).join('');
  for (const s of p.subjects) {
    if (s.address) expect(rest).not.toContain(s.address);
    if (s.representative.length > 1) expect(rest).not.toContain(s.representative);
  }
  for (const i of p.inspectors) {
    expect(rest).not.toContain(i.certificate);
    if (i.name) expect(rest).not.toContain(i.name);
    if (i.phone) expect(rest).not.toContain(i.phone);
  }
  // no grade in any wording (A 级, 未评级, 信用等级) nor as a cell of its own
  for (const label of [zh['stratum.A'], zh['stratum.B'], zh['stratum.C'], zh['stratum.ungraded'], '信用等级', '风险等级']) expect(text).not.toContain(label);
  for (const row of cells) for (const cell of row) expect(['A', 'B', 'C', 'D']).not.toContain(cell.trim());
}

const cellsOfHtml = (html: string) => [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => [m[1].replace(/<[^>]+>/g, '')]);

describe('the commitment notice', () => {
  it('names the task, its items with their basis, the commitment, the snapshots and the declared seed source, and prints on A4', async () => {
    const t = countyDb();
    ok(await t.run(PLAN));
    ok(await t.run(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']));
    // as a commitment made before issue 13 stands: no declaration on record
    const logged = sqlite(t.db, 'SELECT seed_declaration FROM draws WHERE id = 1');
    sqlite(t.db, 'UPDATE draws SET seed_declaration = NULL WHERE id = 1');
    const commitment = sqlite(t.db, 'SELECT commitment FROM draws WHERE id = 1');
    const file = join(t.dir, '承诺公告.html');
    // no --kind: a committed draw gives its commitment notice; by task number as by draw number
    const r = ok(await t.run(['--json', 'export', 'notice', '2022-001', '--out', file]));
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'commitment', draw: 1, task: '2022-001' });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(zh['notice.title.commitment']);
    expect(html).toContain(commitment);
    const digests = lines(sqlite(t.db, 'SELECT rows, sha256 FROM draw_snapshots WHERE draw_id = 1'));
    expect(digests.length).toBe(3);
    for (const d of digests) { const [rows, sha] = d.split('|'); expect(html).toContain(`${rows} 行，SHA-256 ${sha}`); }
    expect(Number(sqlite(t.db, 'SELECT COUNT(*) FROM plan_items WHERE plan_id = 1'))).toBeGreaterThan(2);
    for (const basis of lines(sqlite(t.db, "SELECT DISTINCT i.basis FROM plan_items p JOIN items i ON i.code = p.item_code AND i.version = p.item_version WHERE p.plan_id = 1 AND i.basis <> ''"))) expect(html).toContain(basis.replace(/&/g, '&amp;'));
    expect(html).toContain('恒州镇');
    // no seed source declared at commitment: the notice says so rather than leave it blank
    expect(html).toContain(`<tr><th>${zh['notice.seedSource']}</th><td>${zh['notice.seedSourceNone']}</td></tr>`);
    const head = sqlite(t.db, 'SELECT seq || \':\' || hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(html).toContain(`<meta name="draw-audit-head" content="${head}">`);
    // a drawn notice of a draw not drawn is refused
    expect((await t.run(['export', 'notice', '1', '--kind', 'draw', '--out', join(t.dir, 'x.html')])).code).toBe(2);

    // the declaration as the ceremony stores it (core/ceremony.ts): printed with the parties
    sqlite(t.db, `UPDATE draws SET seed_declaration = ${q(JSON.stringify({ parties: [{ name: '县纪委监委', sha256: 'ab'.repeat(32) }, { name: '企业代表' }], source: '两方各给一部分，现场掷骰' }))} WHERE id = 1`);
    ok(await t.run(['export', 'notice', '1', '--out', file, '--force']));
    const declared = readFileSync(file, 'utf8');
    expect(declared).toContain('两方各给一部分，现场掷骰');
    expect(declared).toContain('县纪委监委');
    expect(declared).toContain('ab'.repeat(32));
    const pages = pdfPages(printToPdf(file));
    expect(pages.count).toBeGreaterThanOrEqual(1);
    expect(new Set(pages.mediaBoxes)).toEqual(new Set(['0 0 595 842']));

    const csv = join(t.dir, '承诺公告.csv');
    ok(await t.run(['export', 'notice', '1', '--out', csv, '--encoding', 'gb18030']));
    const rows = readCsvText(iconv.decode(readFileSync(csv), 'gb18030'));
    expect(rows[0]).toEqual([zh['notice.col.field'], zh['notice.col.value']]);
    expect(rows).toContainEqual([zh['notice.commitment'], commitment]);
    expect(rows).toContainEqual([zh['notice.seedSource'], '两方各给一部分，现场掷骰']);
    // never onto the database, even with --force
    const onto = await t.run(['export', 'notice', '1', '--out', t.db, '--force']);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toContain('是数据库');
    // every notice is an anchor: audit verify finds its head in the HTML and in the CSV (once the row
    // holds again the declaration its commitment logged: audit verify reports the edits above as tampering)
    expect((await t.run(['audit', 'verify'])).code).toBe(4);
    sqlite(t.db, `UPDATE draws SET seed_declaration = ${q(logged)} WHERE id = 1`);
    for (const f of [file, csv]) expect((await t.run(['audit', 'verify', '--anchor', f])).code, f).toBe(0);
  });
});

describe('the draw notice', () => {
  it('lists the drawn subjects by name and credit code with their departments, the seed and its ceremony, and nothing private', async () => {
    const t = countyDb();
    ok(await t.run(PLAN));
    ok(await seeded(t, ['run', '2022-001', '--seed', SEED]));
    // as a draw made before issue 13 stands: no ceremony on record
    sqlite(t.db, 'UPDATE draws SET ceremony = NULL WHERE id = 1');
    const file = join(t.dir, '抽取公告.html');
    const r = ok(await t.run(['--json', 'export', 'notice', '1', '--out', file]));
    const sheets = Number(sqlite(t.db, 'SELECT COUNT(*) FROM sheets WHERE draw_id = 1'));
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'draw', draw: 1, subjects: sheets });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(zh['notice.title.draw']);
    expect(html).toContain(SEED);
    expect(html).toContain(sqlite(t.db, 'SELECT result_hash FROM draws WHERE id = 1'));
    // every drawn subject by name and credit code, with the names of its sheet's departments
    for (const l of lines(sqlite(t.db, "SELECT s.number, s.credit_code, b.name FROM sheets s JOIN subjects b USING (credit_code) WHERE s.draw_id = 1"))) {
      const [number, key, name] = l.split('|');
      expect(html).toMatch(new RegExp(`<td>${number}</td><td>${name.replace(/[()（）.*+?[\]\\]/g, '\\$&')}</td><td>${key}</td><td>[^<]*市场监督管理局`));
    }
    // an older draw: no ceremony recorded, which the notice says rather than leaving blank
    expect(html).toContain(zh['notice.notRecorded']);
    expectNothingPrivate(html, cellsOfHtml(html), privateOf(t, 1));

    // a cancelled sheet and its substitute are marked; the ceremony as stored is printed
    const key1 = sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = 1');
    ok(await t.run(['confirm', '1', '--department', 'SCJG', '--reject', '1=not_found']));
    sqlite(t.db, `UPDATE draws SET ceremony = ${q(JSON.stringify({ oneStep: true, parts: [{ name: '县纪委监委', value: '73915' }], witnesses: [{ name: '张某', role: '公证员' }] }))} WHERE id = 1`);
    ok(await t.run(['export', 'notice', '1', '--out', file, '--force']));
    const marked = readFileSync(file, 'utf8');
    expect(marked).toContain('县纪委监委=73915');
    expect(marked).toContain('张某（公证员）');
    expect(marked).toContain(zh['notice.oneStep']);
    expect(marked).toMatch(new RegExp(`<td>1</td><td>[^<]*</td><td>${key1}</td><td>[^<]*</td><td>已作废`));
    const substitute = sqlite(t.db, 'SELECT number FROM sheets WHERE draw_id = 1 AND substitute_for = 1');
    expect(substitute).toMatch(/^\d+$/);
    expect(marked).toMatch(new RegExp(`<td>${substitute}</td>(<td>[^<]*</td>){3}<td>替补（代替第 1 号检查表）</td>`));
    expectNothingPrivate(marked, cellsOfHtml(marked), privateOf(t, 1));
    const pages = pdfPages(printToPdf(file));
    expect(pages.count).toBeGreaterThanOrEqual(1);
    expect(new Set(pages.mediaBoxes)).toEqual(new Set(['0 0 595 842']));

    // CSV, UTF-8 with BOM: one row per sheet, each with the draw's facts
    const csv = join(t.dir, '抽取公告.csv');
    ok(await t.run(['export', 'notice', '2022-001', '--out', csv]));
    const bytes = readFileSync(csv);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readCsvText(bytes.toString('utf8').slice(1));
    const header = rows[0];
    expect(rows.length - 1).toBe(Number(sqlite(t.db, 'SELECT COUNT(*) FROM sheets WHERE draw_id = 1')));
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((x) => x[col(zh['paper.col.creditCode'])]).sort()).toEqual(lines(sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1')).sort());
    expect(new Set(rows.slice(1).map((x) => x[col(zh['notice.seed'])]))).toEqual(new Set([SEED]));
    expect(new Set(rows.slice(1).map((x) => x[col(zh['notice.witnesses'])]))).toEqual(new Set(['张某（公证员）']));
    expectNothingPrivate(bytes.toString('utf8'), rows, privateOf(t, 1));

    // in English, as every paper follows --lang
    const en = join(t.dir, 'notice-en.html');
    ok(await t.run(['--lang', 'en', 'export', 'notice', '1', '--out', en]));
    expect(readFileSync(en, 'utf8')).toContain('<html lang="en">');
    expect(readFileSync(en, 'utf8')).toContain('<h1>Notice of a random inspection draw</h1>');
    // the witness worded as on every other paper of the draw, in the paper's language
    expect(readFileSync(en, 'utf8')).toContain('张某 (公证员)');
    // a voided draw has no notice: it is never published
    ok(await t.run(['void', '1', '--reason', '抽取范围设置错误', '--approved-by', '张局长', '--with-results']));
    const voided = await t.run(['export', 'notice', '1', '--out', join(t.dir, 'voided.html')]);
    expect(voided.code).toBe(2);
    expect(existsSync(join(t.dir, 'voided.html'))).toBe(false);
  });
});
