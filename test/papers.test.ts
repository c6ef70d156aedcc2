import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, draw, drawProcess, onDay, readCsvText, ROOT, sqlite, type Run, seeded } from './helpers.js';

/** The papers: joint inspection sheets, the disclosure, the drawn list, the item list. */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 73915';

const DISCLOSURE_HEADER = ['序号', '抽查计划编号', '抽查计划名称', '抽查任务编号', '抽查任务名称', '抽查类型', '检查实施机关',
  '市场主体名称', '统一社会信用代码/注册号', '检查完成日期', '检查结果', '检查事项及结果', '备注'];
const DRAWN_HEADER = ['序号', '抽查计划编号', '抽查计划名称', '市场主体名称', '统一社会信用代码/注册号', '所属乡镇', '检查实施机关', '审计日志头（序号:哈希）', '抽取过程', '备注'];
const ITEMS_HEADER = ['部门', '事项编码', '版本', '检查项目', '检查子项', '检查内容', '检查依据', '检查方式', '事项类别', '是否随机抽查', '适用行业', '适用主体类别', '审计日志头（序号:哈希）'];
// The initiating department first, then the others by code (SCJG; STHJ, SWJ).
const BODIES = '曲阳县市场监督管理局、保定市生态环境局曲阳县分局、国家税务总局曲阳县税务局';
const [SCJG, STHJ, SWJ] = BODIES.split('、');
/** The plan's task as the publicity system numbers it: the county's division code (曲阳县 130634), then the plan number. */
const TASK = '130634-2022-001';

/** The plan made and drawn in 2022, as it says, and every department's confirmation: results are dated after them (art. 17, 30). */
async function season(t: ReturnType<typeof countyDb>, seed = SEED) {
  ok(await onDay('2022-03-25T02:00:00Z', () => t.run(PLAN)));
  ok(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', seed])));
  for (const d of ['SCJG', 'STHJ', 'SWJ']) ok(await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', d])));
}

// Subjects whose names try to become formulas, markup or paths (set after the draw: names are not part of it).
const HOSTILE: Record<number, string> = {
  1: '=HYPERLINK("x")', 2: '+1', 3: '-2', 4: '@SUM(A1)', 5: '<script>alert(1)</script>', 6: '../../x', 7: 'con',
};

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);
const lines = (text: string) => (text ? text.split('\n') : []);
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const csvOf = (file: string) => readCsvText(readFileSync(file, 'utf8'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('papers of a draw', () => {
  let t: ReturnType<typeof countyDb>;
  let keys: string[]; // keys[n] = the credit code on sheet n
  let sheetCount: number;
  let planItems: string[];
  /** the plan items sheet n lists, worked out here from the fixture's item scopes and the subject (see onSheet) */
  let onSheet: (n: number) => string[];
  let secrets: { phones: string[]; certificates: string[]; representatives: string[]; subjectNames: string[] };

  /** Nothing personal in a published file: no phone, no certificate, no legal representative (art. 4, 25). */
  const expectNothingPersonal = (text: string) => {
    expect(secrets.phones.filter((p) => text.includes(p))).toEqual([]);
    expect(secrets.certificates.filter((c) => text.includes(c))).toEqual([]);
    // An individual business's registered name holds its owner's name (曲阳县…张三小吃店), and that
    // name is public; so the representatives are looked for in what is left without the subjects' names.
    let rest = text;
    for (const n of [...secrets.subjectNames].sort((a, b) => b.length - a.length)) rest = rest.split(n).join('');
    expect(secrets.representatives.filter((r) => rest.includes(r))).toEqual([]);
    // the people entered with the results and the specialists
    for (const s of ['李四见证人', '赵工程师', 'ZY-0012', '负责人拒绝签字', '法代测试甲', '法代测试乙']) expect(text).not.toContain(s);
  };

  beforeAll(async () => {
    t = countyDb();
    await season(t);
    keys = ['', ...lines(sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 ORDER BY number'))];
    sheetCount = keys.length - 1;
    planItems = lines(sqlite(t.db, 'SELECT item_code FROM plan_items WHERE plan_id = 1 ORDER BY item_code'));
    // Which items a sheet lists: of each department on its team, the items whose industries (letter
    // prefixes in the fixture) and classes take in the subject.
    const scopes = lines(sqlite(t.db, `SELECT i.code, i.department, i.industries, i.subject_classes FROM plan_items p
      JOIN items i ON i.code = p.item_code AND i.version = p.item_version WHERE p.plan_id = 1 ORDER BY i.code`)).map((l) => l.split('|'));
    onSheet = (n) => {
      const [industry, cls] = sqlite(t.db, `SELECT industry_code, type_class FROM subjects WHERE credit_code = ${q(keys[n])}`).split('|');
      const departments = lines(sqlite(t.db, `SELECT DISTINCT json_extract(j.value, '$[0]') FROM sheets x, json_each(x.team) j WHERE x.draw_id = 1 AND x.number = ${n}`));
      return departments.flatMap((d) => {
        const own = scopes.filter(([, dept]) => dept === d);
        const fit = own.filter(([, , ind, classes]) => (classes === '' || classes.split(';').includes(cls))
          && (ind === '' || industry === '' || ind.split(';').some((p) => industry.startsWith(p))));
        return fit.map(([code]) => code);
      }).sort();
    };
    for (const [n, name] of Object.entries(HOSTILE)) sqlite(t.db, `UPDATE subjects SET name = ${q(name)} WHERE credit_code = ${q(keys[Number(n)])}`);
    sqlite(t.db, `UPDATE subjects SET representative = '法代测试甲' WHERE credit_code = ${q(keys[1])}`);
    sqlite(t.db, `UPDATE subjects SET representative = '法代测试乙' WHERE credit_code = ${q(keys[3])}`);
    sqlite(t.db, `UPDATE subjects SET address = char(9) || '=1+1' WHERE credit_code = ${q(keys[8])}`);

    // Results: SCJG's part of sheets 1–5 and 10 (10 entered twice: the correction is what counts), and
    // every department's part of sheet 2; 6–9 have none.
    const result = (sheet: string, department: string, ...args: string[]) => t.run(['result', sheet, '--department', department, ...args]);
    ok(await result('1/1', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'));
    ok(await result('1/2', 'SCJG', '--date', '2022-05-11', '--findings', '发现问题已责令改正', '--items', 'SCJG-01=不正常,其余=正常',
      '--refused', '--refusal-note', '=cmd|负责人拒绝签字', '--witness', '李四见证人'));
    ok(await result('1/2', 'STHJ', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常'));
    ok(await result('1/2', 'SWJ', '--date', '2022-05-11', '--findings', '发现问题待后续处理', '--items', 'SWJ-01=不正常,SWJ-02=正常'));
    ok(await t.run(['dispose', '1/2', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete']));
    ok(await t.run(['dispose', '1/2', '--department', 'SCJG', '--action', '行政处罚', '--date', '2022-05-25']));
    ok(await t.run(['assist', '1/2', '--department', 'STHJ', '--name', '赵工程师', '--certificate', 'ZY-0012']));
    ok(await result('1/3', 'SCJG', '--date', '2022-05-12', '--findings', '发现问题待后续处理、违反其他部门相关规定', '--items', 'SCJG-02=不正常,其余=正常', '--signed'));
    ok(await result('1/4', 'SCJG', '--date', '2022-05-12', '--findings', '未发现问题', '--items', '正常', '--signed'));
    ok(await result('1/5', 'SCJG', '--date', '2022-05-13', '--findings', '未发现问题', '--items', '正常', '--signed'));
    ok(await result('1/10', 'SCJG', '--date', '2022-05-13', '--findings', '未发现问题', '--items', '正常', '--signed'));
    ok(await result('1/10', 'SCJG', '--date', '2022-05-14', '--findings', '通过登记的住所（经营场所）无法联系', '--items', '不正常'));

    secrets = {
      phones: lines(sqlite(t.db, "SELECT phone FROM inspectors WHERE phone <> ''")),
      certificates: lines(sqlite(t.db, 'SELECT certificate FROM inspectors')),
      representatives: lines(sqlite(t.db, "SELECT DISTINCT s.representative FROM sheets x JOIN subjects s ON s.credit_code = x.credit_code WHERE s.representative <> ''")),
      subjectNames: lines(sqlite(t.db, 'SELECT s.name FROM sheets x JOIN subjects s ON s.credit_code = x.credit_code')),
    };
    expect(secrets.phones.length).toBeGreaterThan(100);
    expect(secrets.representatives.length).toBeGreaterThan(100);
  });

  it('the disclosure has one row per sheet and department that entered, in the notice\'s columns, with the dispositions', async () => {
    const file = join(t.dir, 'disclosure.csv');
    const d = json(await t.run(['--json', 'export', 'disclosure', '1', '--out', file]));
    expect(d).toMatchObject({ out: file, rows: 8, encoding: 'utf8', draws: [1] });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvOf(file);
    expect(header).toEqual(DISCLOSURE_HEADER);
    expect(rows.every((r) => r.length === DISCLOSURE_HEADER.length)).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(rows.map((r) => r[8])).toEqual([1, 2, 2, 2, 3, 4, 5, 10].map((n) => keys[n]));
    // each row is one department's: that department as 检查实施机关, the initiator first
    expect(rows.map((r) => r[6])).toEqual([SCJG, SCJG, STHJ, SWJ, SCJG, SCJG, SCJG, SCJG]);
    for (const r of rows) expect(r.slice(1, 6)).toEqual(['2022-001', '2022年第一批', TASK, '2022年第一批', '不定向']);
    const bySheet = (n: number, body = SCJG) => rows.find((r) => r[8] === keys[n] && r[6] === body)!;
    // SCJG's items that apply to each subject (SCJG-03 only to food businesses), as entered
    const scjgItems = (n: number, first: string) => [`SCJG-01 企业公示信息检查：${first}`, 'SCJG-02 登记事项检查：正常',
      ...(sqlite(t.db, `SELECT COUNT(*) FROM results WHERE number = ${n} AND department = 'SCJG' AND items LIKE '%SCJG-03%'`) !== '0' ? ['SCJG-03 食品经营监督检查：正常'] : [])].join('；');
    expect(bySheet(1).slice(9)).toEqual(['2022-05-10', '未发现问题', scjgItems(1, '正常'), '']);
    expect(bySheet(2).slice(9)).toEqual(['2022-05-11', '发现问题已责令改正', scjgItems(2, '不正常'),
      '责令改正（2022-05-20，已完成）；行政处罚（2022-05-25，未完成）']);
    // another department's row of the same sheet: its finding and items, not SCJG's dispositions
    expect(bySheet(2, SWJ).slice(9)).toEqual(['2022-05-11', '发现问题待后续处理', 'SWJ-01 发票使用情况检查：不正常；SWJ-02 纳税申报检查：正常', '']);
    expect(bySheet(2, STHJ)[10]).toBe('未发现问题');
    expect(bySheet(3)[10]).toBe('发现问题待后续处理、违反其他部门相关规定');
    expect(bySheet(5)[7]).toBe('<script>alert(1)</script>'); // CSV is not HTML: the name is written as it is
    expect(bySheet(10).slice(9, 11)).toEqual(['2022-05-14', '通过登记的住所（经营场所）无法联系']); // the correction, once
    expectNothingPersonal(bytes.toString('utf8'));
  });

  it('escapes formulas in the disclosure and the drawn list with a leading quote', async () => {
    const disclosure = join(t.dir, 'formula-disclosure.csv');
    const drawn = join(t.dir, 'formula-drawn.csv');
    ok(await t.run(['export', 'disclosure', '1', '--out', disclosure]));
    ok(await t.run(['export', 'drawn', '1', '--out', drawn]));
    const expected = [`'=HYPERLINK("x")`, "'+1", "'-2", "'@SUM(A1)"];
    expect(csvOf(disclosure).slice(1).filter((r) => r[6] === SCJG).slice(0, 4).map((r) => r[7])).toEqual(expected); // SCJG's rows of sheets 1–4
    expect(csvOf(drawn).slice(1, 5).map((r) => r[3])).toEqual(expected);
    // as the bytes stand: the quote sits inside the CSV field, before the formula sign
    expect(readFileSync(drawn, 'utf8')).toContain(`"'=HYPERLINK(""x"")"`);
    // names that are merely odd stay as they are
    expect(csvOf(drawn)[6][3]).toBe('../../x');
    expect(csvOf(drawn)[7][3]).toBe('con');
  });

  it('records each disclosure with its file hash and results, logs it and prints the new audit head', async () => {
    const before = Number(sqlite(t.db, 'SELECT COUNT(*) FROM disclosures'));
    const file = join(t.dir, 'recorded.csv');
    const r = ok(await t.run(['export', 'disclosure', '1', '--out', file]));
    const [id, at, recordedFile, hash, rows, operator] = sqlite(t.db, 'SELECT id, at, file, sha256, rows, operator FROM disclosures ORDER BY id DESC LIMIT 1').split('|');
    expect(Number(id)).toBe(before + 1);
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(recordedFile).toBe(file);
    expect(hash).toBe(sha256(file));
    expect(rows).toBe('8');
    expect(operator).toBe('tester');
    expect(lines(sqlite(t.db, `SELECT result_id FROM disclosed WHERE disclosure_id = ${id} ORDER BY result_id`)))
      .toEqual(lines(sqlite(t.db, 'SELECT id FROM results WHERE draw_id = 1 AND superseded_by IS NULL ORDER BY id')));
    const [action, detail, head] = sqlite(t.db, 'SELECT action, detail, hash FROM audit_log ORDER BY seq DESC LIMIT 1').split('|');
    expect(action).toBe('disclosure.export');
    expect(JSON.parse(detail)).toMatchObject({ disclosure: Number(id), draw: 1, file, sha256: hash, rows: 8, published: 8, corrections: 0 });
    expect(r.stdout).toContain(`审计日志头哈希：${head}`);
    expect(r.stdout).toContain(file);
    expect(ok(await t.run(['audit', 'verify'])).code).toBe(0);
    // what status calls published
    const status = json(await t.run(['--json', 'status', '--year', '2022']));
    expect(status.rows.map((r: { department: string; entered: number; published: number }) => [r.department, r.entered, r.published]))
      .toEqual([['SCJG', 6, 6], ['STHJ', 1, 1], ['SWJ', 1, 1]]);
  });

  it('the drawn list: one row per sheet, township and bodies, nothing personal', async () => {
    const file = join(t.dir, 'drawn.csv');
    const d = json(await t.run(['--json', 'export', 'drawn', '1', '--out', file]));
    expect(d).toMatchObject({ out: file, rows: sheetCount, draw: 1 });
    const [header, ...rows] = csvOf(file);
    expect(header).toEqual(DRAWN_HEADER);
    expect(rows.map((r) => r[4])).toEqual(keys.slice(1));
    expect(rows.map((r) => r[0])).toEqual(keys.slice(1).map((_, i) => String(i + 1)));
    const towns = new Map(lines(sqlite(t.db, 'SELECT s.credit_code, s.township FROM sheets x JOIN subjects s ON s.credit_code = x.credit_code')).map((l) => l.split('|') as [string, string]));
    for (const r of rows) {
      expect(r.slice(1, 3)).toEqual(['2022-001', '2022年第一批']);
      expect(r[5]).toBe(towns.get(r[4]));
      expect(r[6]).toBe(BODIES);
    }
    expect(rows[9][3]).toBe(sqlite(t.db, `SELECT name FROM subjects WHERE credit_code = ${q(keys[10])}`));
    expectNothingPersonal(readFileSync(file, 'utf8'));
    // a plan number names its effective draw
    const byPlan = join(t.dir, 'drawn-by-plan.csv');
    ok(await t.run(['export', 'drawn', '2022-001', '--out', byPlan]));
    expect(readFileSync(byPlan, 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('--encoding gb18030 writes GB18030 (no BOM, not UTF-8) with the same text', async () => {
    for (const [kind, args] of [['drawn', ['1']], ['disclosure', ['1']], ['items', []]] as const) {
      const utf8 = join(t.dir, `${kind}-u.csv`);
      const gb = join(t.dir, `${kind}-gb.csv`);
      ok(await t.run(['export', kind, ...args, '--out', utf8]));
      expect(json(await t.run(['--json', 'export', kind, ...args, '--out', gb, '--encoding', 'gb18030'])).encoding).toBe('gb18030');
      const bytes = readFileSync(gb);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const text = new TextDecoder('gb18030').decode(bytes);
      expect(text.startsWith(kind === 'items' ? '部门,' : '序号,')).toBe(true);
      expect(text).toBe(readFileSync(utf8, 'utf8').replace(/^\uFEFF/, ''));
    }
  });

  it('the sheets as HTML: one A4 section per sheet, every field escaped, certificates yes, phones never', async () => {
    const parent = join(t.dir, 'print');
    const dir = join(parent, 'sheets');
    const d = json(await t.run(['--json', 'export', 'sheets', '1', '--out', dir]));
    const file = join(dir, 'sheets-1.html');
    expect(d).toMatchObject({ out: file, format: 'html', sheets: sheetCount, draw: 1 });
    // hostile names choose nothing: one file, named by the draw, inside --out
    expect(readdirSync(dir)).toEqual(['sheets-1.html']);
    expect(readdirSync(parent)).toEqual(['sheets']);
    expect(existsSync(join(t.dir, 'x'))).toBe(false);
    expect(readdirSync(t.dir).filter((f) => /^(x|con)/i.test(f))).toEqual([]);

    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/@page\s*{\s*size:\s*A4/);
    const sections = html.split('<section class="sheet">').slice(1);
    expect(sections.length).toBe(sheetCount);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(sections[0]).toContain('=HYPERLINK(&quot;x&quot;)');
    expect(sections[5]).toContain('../../x');
    expect(secrets.phones.filter((p) => html.includes(p))).toEqual([]);

    // each sheet: its subject, its representative, its team with names and certificates, its items, seed and audit head
    const head = sqlite(t.db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    for (const n of [1, 2, 9, sheetCount]) {
      const s = sections[n - 1];
      expect(s).toContain(keys[n]);
      expect(s).toContain(`1/${n}`);
      for (const [cert, name] of lines(sqlite(t.db, `SELECT i.certificate, i.name FROM sheets x, json_each(x.team) j JOIN inspectors i ON i.certificate = json_extract(j.value, '$[1]') WHERE x.draw_id = 1 AND x.number = ${n}`)).map((l) => l.split('|'))) {
        expect(s).toContain(cert);
        expect(s).toContain(name);
      }
      // the items that apply to its subject, and none other
      for (const [code, content] of lines(sqlite(t.db, "SELECT i.code, i.content FROM plan_items p JOIN items i ON i.code = p.item_code AND i.version = p.item_version WHERE p.plan_id = 1")).map((l) => l.split('|'))) {
        if (onSheet(n).includes(code)) expect(s).toContain(content);
        else expect(s).not.toContain(content);
      }
      expect(s).toContain(SEED);
      expect(s).toContain(head);
      expect(s).toContain('拒绝签字的情况记录');
      expect(s).toContain('见证人');
    }
    expect(sections[0]).toContain('法代测试甲');
    // the ticked boxes are the entered item results of the items on the sheet: each of sheet 2's, none on sheet 6
    expect(sections[1].match(/✓/g)?.length).toBe(onSheet(2).length);
    expect(sections[5]).not.toContain('✓');
    // the refusal and its witness; the specialist apart from the drawn team
    expect(sections[1]).toContain('=cmd|负责人拒绝签字');
    expect(sections[1]).toContain('李四见证人');
    const [team, specialists] = sections[1].split('专业人员（协助检查，第九条）');
    expect(team).toContain('检查组');
    expect(team).not.toContain('赵工程师');
    expect(specialists).toContain('赵工程师');
    expect(specialists).toContain('ZY-0012');
    expect(sections[0]).not.toContain('赵工程师');
  });

  it('the sheets as CSV: one row per sheet and item, escaped, without phones', async () => {
    const dir = join(t.dir, 'sheets-csv');
    const d = json(await t.run(['--json', 'export', 'sheets', '1', '--out', dir, '--format', 'csv']));
    const file = join(dir, 'sheets-1.csv');
    const expectedRows = keys.slice(1).reduce((a, _, k) => a + onSheet(k + 1).length, 0);
    expect(d).toMatchObject({ out: file, format: 'csv', sheets: sheetCount, rows: expectedRows });
    expect(readdirSync(dir)).toEqual(['sheets-1.csv']);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csvOf(file);
    expect(header.slice(0, 10)).toEqual(['抽查计划编号', '抽查计划名称', '抽取序号', '表号', '市场主体名称', '统一社会信用代码/注册号', '住所',
      '法定代表人/负责人/经营者', '部门', '事项编码']);
    expect(rows.length).toBe(expectedRows);
    // the fixture's food item is on some sheets and not on others: the rows are not every item on every sheet
    expect(expectedRows).toBeLessThan(sheetCount * planItems.length);
    const col = (name: string) => header.indexOf(name);
    const ofSheet = (n: number) => rows.filter((r) => r[col('表号')] === String(n));
    for (const n of [1, 2, 3, sheetCount]) expect(ofSheet(n).map((r) => r[col('事项编码')]).sort()).toEqual(onSheet(n));
    expect(ofSheet(1)[0][col('市场主体名称')]).toBe(`'=HYPERLINK("x")`);
    expect(ofSheet(4)[0][col('市场主体名称')]).toBe("'@SUM(A1)");
    expect(ofSheet(8)[0][col('住所')]).toBe("'\t=1+1");
    expect(ofSheet(2)[0][col('拒绝签字的情况记录')]).toBe("'=cmd|负责人拒绝签字");
    expect(ofSheet(2).find((r) => r[col('事项编码')] === 'SWJ-01')![col('事项检查结果')]).toBe('不正常');
    expect(ofSheet(2)[0][col('专业人员')]).toContain('赵工程师');
    expect(secrets.phones.filter((p) => text.includes(p))).toEqual([]);
  });

  it('the item list: current, active items in the list\'s columns', async () => {
    sqlite(t.db, "UPDATE items SET active = 0 WHERE code = 'GAJ-02'");
    sqlite(t.db, "UPDATE items SET content = '=1+2' WHERE code = 'GAJ-01' AND current = 1");
    const file = join(t.dir, 'items.csv');
    const d = json(await t.run(['--json', 'export', 'items', '--out', file]));
    const expected = Number(sqlite(t.db, 'SELECT COUNT(*) FROM items WHERE current = 1 AND active = 1'));
    expect(d).toMatchObject({ out: file, rows: expected });
    const [header, ...rows] = csvOf(file);
    expect(header).toEqual(ITEMS_HEADER);
    expect(rows.length).toBe(expected);
    expect(rows.map((r) => r[1])).not.toContain('GAJ-02');
    const byCode = new Map(rows.map((r) => [r[1], r]));
    expect(byCode.get('SCJG-03')!.slice(0, 12)).toEqual(['曲阳县市场监督管理局', 'SCJG-03', '1', '食品经营监督检查', '食品经营许可',
      '检查是否持有有效食品经营许可证并按许可范围经营', '《中华人民共和国食品安全法》第三十五条', '实地核查', '重点', '是', 'F521、F522、H62', '不限']);
    expect(byCode.get('SCJG-04')!.slice(8, 12)).toEqual(['一般', '否', '不限', '不限']); // listed, but not open to random draws (art. 27)
    expect(byCode.get('NYJ-02')!.slice(10, 12)).toEqual(['不限', '农民专业合作社']);
    expect(byCode.get('GAJ-01')![5]).toBe("'=1+2");
  });

  it('runs the README\'s papers commands as shown', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Papers'), readme.indexOf('## Conventions'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
    const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('draw '));
    expect(commands.length).toBe(9);
    for (const line of commands) {
      const r = drawProcess(line.slice(5).split(/\s+/), { env: { DRAW_DB: t.db }, cwd: t.dir }); // as typed in the folder
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
    for (const f of ['抽查表/sheets-1.html', '抽查表/sheets-1.csv', '抽取名单.csv', '事项清单.csv', '公示.csv', '2022公示.csv', '抽取名单.xlsx', '抽查表/sheets-1.xlsx', '分乡镇/sheets-1-index.html', '分乡镇/sheets-1-001.html']) expect(existsSync(join(t.dir, f)), f).toBe(true);
    expect(csvOf(join(t.dir, '2022公示.csv')).length).toBe(9); // the header and a row per sheet and department that entered
  });

  it('refuses an unknown draw and a missing choice, writing nothing', async () => {
    const file = join(t.dir, 'nothing.csv');
    const dir = join(t.dir, 'nothing');
    for (const args of [['export', 'sheets', '99', '--out', dir], ['export', 'drawn', '99', '--out', file],
      ['export', 'disclosure', '99', '--out', file], ['export', 'drawn', '2099-001', '--out', file]]) {
      const r = await t.run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/找不到抽取 (99|2099-001)/);
    }
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM disclosures');
    expect((await t.run(['export', 'disclosure', '--out', file])).code).toBe(2);
    expect((await t.run(['export', 'disclosure', '1', '--year', '2022', '--out', file])).code).toBe(2);
    expect((await t.run(['export', 'disclosure', '--year', 'next', '--out', file])).code).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM disclosures')).toBe(before);
    // --out of the sheets is a folder, never an existing file
    const notDir = await t.run(['export', 'sheets', '1', '--out', t.db]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toContain('不是文件夹');
  });
});

describe('voided and committed draws', () => {
  it('are never disclosed and have no papers; --year takes the drawn draws only', async () => {
    const t = countyDb();
    await season(t);
    ok(await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    ok(await t.run(['result', '1/2', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
    ok(await t.run(['void', '1', '--reason', '抽取范围设置错误', '--approved-by', '张局长', '--with-results']));
    ok(await onDay('2022-04-02T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 'another'])));
    ok(await onDay('2022-04-02T03:00:00Z', () => t.run(['confirm', '2', '--department', 'SCJG'])));
    ok(await t.run(['result', '2/3', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '未发现问题', '--items', '正常', '--signed']));
    ok(await t.run([...PLAN, '--name', '2022年第二批', '--town', '恒州镇']));
    ok(await t.run(['run', '2022-002', '--commit-only', '--seed-source', '公开摇号']));

    const file = join(t.dir, 'year.csv');
    const d = json(await t.run(['--json', 'export', 'disclosure', '--year', '2022', '--out', file]));
    expect(d).toMatchObject({ rows: 1, draws: [2], year: 2022 });
    const [, ...rows] = csvOf(file);
    expect(rows.map((r) => [r[3], r[8]])).toEqual([[TASK, sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 2 AND number = 3')]]);
    expect(sqlite(t.db, 'SELECT r.draw_id FROM disclosed x JOIN results r ON r.id = x.result_id')).toBe('2');
    for (const key of lines(sqlite(t.db, 'SELECT credit_code FROM sheets WHERE draw_id = 1 AND number IN (1, 2)'))) {
      if (key !== rows[0][8]) expect(readFileSync(file, 'utf8')).not.toContain(key);
    }
    // a year without draws gives a file with its header only
    const empty = join(t.dir, 'empty.csv');
    expect(json(await t.run(['--json', 'export', 'disclosure', '--year', '2021', '--out', empty])).rows).toBe(0);
    expect(csvOf(empty)).toEqual([DISCLOSURE_HEADER]);

    for (const kind of ['disclosure', 'drawn', 'sheets']) {
      const out = join(t.dir, `voided-${kind}`);
      const voided = await t.run(['export', kind, '1', '--out', out]);
      expect(voided.code).toBe(2);
      expect(voided.stderr).toContain('抽取 1 已作废');
      const committed = await t.run(['export', kind, '3', '--out', out]);
      expect(committed.code).toBe(2);
      expect(committed.stderr).toContain('抽取 3 只有承诺');
      expect(existsSync(out)).toBe(false);
    }
  });
});
