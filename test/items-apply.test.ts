import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { countyDb, FIXTURES, freshDb, readCsvText, sqlite, writeCsv, type Run, seeded } from './helpers.js';
import { makeXlsx } from './xlsx-maker.js';
import { closeDb, openDb } from '../src/store/db.js';
import { departmentsFor } from '../src/core/applicability.js';
import { parseIndustries, parseSubjectClasses, scopeOf } from '../src/core/item-scope.js';

/** Issue 10: where an item applies (适用行业代码, 适用主体类别), the plan's reach per department, the team rule, the sheets. */

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);
const lines = (text: string) => (text ? text.split('\n') : []);
const HEAD = ['部门', '事项编码', '检查项目', '检查方式'];

async function withDepartments() {
  const t = freshDb();
  ok(await t.run(['import', 'departments', join(FIXTURES, 'departments.csv')]));
  return t;
}

/** code → [industries, subject_classes] as `draw list items --json` gives them. */
async function scopes(t: { run: (a: string[]) => Promise<Run> }): Promise<Record<string, [string, string]>> {
  const items = json(await t.run(['--json', 'list', 'items'])) as { code: string; industries: string; subject_classes: string }[];
  return Object.fromEntries(items.map((i) => [i.code, [i.industries, i.subject_classes]]));
}

describe('the item list says where each item applies', () => {
  // The same three items written as clerks write them: separators 、，; and full-width letters.
  const rows = [
    ['SCJG', 'A-1', '食品经营', '实地核查', 'H62、F521，Ｈ61', '企业；个体工商户'],
    ['STHJ', 'A-2', '排污许可', '实地核查、检验检测', 'C30;B', ''],
    ['SWJ', 'A-3', '纳税申报', '信息比对', '', '农民专业合作社 其他'],
  ];
  const expected = { 'A-1': ['F521;H61;H62', 'enterprise;individual'], 'A-2': ['B;C30', ''], 'A-3': ['', 'cooperative;other'] };

  it('reads them from a UTF-8 CSV, a GBK CSV and an .xlsx alike, under either header', async () => {
    const utf8 = await withDepartments();
    const f1 = writeCsv(utf8.dir, 'items.csv', [[...HEAD, '适用行业代码', '适用主体类别'], ...rows], { bom: true });
    expect(ok(await utf8.run(['import', 'items', f1])).stdout).toContain('新增 3');
    expect(await scopes(utf8)).toEqual(expected);

    const gbk = await withDepartments();
    const f2 = join(gbk.dir, 'items-gbk.csv');
    writeFileSync(f2, iconv.encode([[...HEAD, '适用行业', '适用主体类型'], ...rows].map((r) => r.join(',').replace(/，/g, '、')).join('\r\n'), 'gbk'));
    const r2 = ok(await gbk.run(['import', 'items', f2]));
    expect(r2.stdout).toContain('gb18030');
    expect(await scopes(gbk)).toEqual(expected);

    const xlsx = await withDepartments();
    const f3 = join(xlsx.dir, 'items.xlsx');
    // Excel keeps a division typed alone (62) as a number cell
    await makeXlsx(f3, [{ name: '抽查事项清单', rows: [[...HEAD, '适用行业代码', '适用主体类别'], ...rows, ['SCJG', 'A-4', '餐饮', '实地核查', { n: '62' }, '']] }]);
    ok(await xlsx.run(['import', 'items', f3]));
    expect(await scopes(xlsx)).toEqual({ ...expected, 'A-4': ['62', ''] });
  });

  it('refuses a bad industry or class, naming the line and the field, in Chinese and in English; the good rows go in', async () => {
    for (const lang of ['zh', 'en']) {
      const t = await withDepartments();
      const file = writeCsv(t.dir, 'bad.csv', [[...HEAD, '适用行业代码', '适用主体类别'],
        ['SCJG', 'B-1', '好的', '实地核查', 'H62', ''],
        ['SCJG', 'B-2', '门类不符', '实地核查', 'H62;C62', ''], // 62 is a division of H, not of C
        ['SCJG', 'B-3', '写了名称', '实地核查', '餐饮业', ''],
        ['SCJG', 'B-4', '太短', '实地核查', 'H6', ''],
        ['SCJG', 'B-5', '类别', '实地核查', '', '企业;公司'],
      ]);
      const r = await t.run(['--lang', lang, 'import', 'items', file]);
      expect(r.code).toBe(3); // some rows refused
      expect(r.stdout + r.stderr).toContain('bad.rejects.csv');
      const [header, ...rejected] = readCsvText(readFileSync(join(t.dir, 'bad.rejects.csv'), 'utf8'));
      expect(header.slice(0, 3)).toEqual(lang === 'zh' ? ['行号', '列', '原因'] : ['line', 'column', 'reason']);
      expect(rejected.map((x) => [x[0], x[1]])).toEqual([['3', '适用行业代码'], ['4', '适用行业代码'], ['5', '适用行业代码'], ['6', '适用主体类别']]);
      const reasons = rejected.map((x) => x[2]);
      if (lang === 'zh') {
        expect(reasons[0]).toBe('适用行业“C62”不是 GB/T 4754 行业代码或其前缀（如 H62、F521、C30 或 62；门类字母须与大类相符），多个以分号分隔');
        expect(reasons[1]).toContain('“餐饮业”');
        expect(reasons[2]).toContain('“H6”');
        expect(reasons[3]).toBe('适用主体类别“公司”应为 企业、个体工商户、农民专业合作社 或 其他，多个以分号分隔');
      } else {
        expect(reasons[0]).toContain('applicable industry "C62" is not a GB/T 4754 industry code or prefix');
        expect(reasons[3]).toContain('applicable subject class "公司" should be 企业 (enterprise)');
      }
      // nothing of a refused row is stored; the good row is
      expect(sqlite(t.db, 'SELECT group_concat(code) FROM items')).toBe('B-1');
    }
  });

  it('a change of where an item applies makes a new version, the same list rewritten does not; a plan keeps its version', async () => {
    const t = countyDb();
    ok(await t.run(['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']));
    const original = readFileSync(join(FIXTURES, 'items.csv'), 'utf8');
    const rewrite = (from: string, to: string) => {
      const file = join(t.dir, 'items.csv');
      expect(original).toContain(from);
      writeFileSync(file, original.replace(from, to));
      return file;
    };
    // the same prefixes in another order, with other separators: unchanged
    const same = json(await t.run(['--json', 'import', 'items', rewrite(',H62;F521;F522,', ',F522、H62，F521,')]));
    expect(same).toMatchObject({ inserted: 0, updated: 0, unchanged: 24 });
    // hotels too: a new version of SCJG-03
    const more = json(await t.run(['--json', 'import', 'items', rewrite(',H62;F521;F522,', ',H62;F521;F522;H61,')]));
    expect(more).toMatchObject({ updated: 1, unchanged: 23 });
    const show = json(await t.run(['--json', 'show', 'item', 'SCJG-03']));
    expect(show.versions.map((v: any) => [v.version, v.industries, v.current])).toEqual([[1, 'F521;F522;H62', false], [2, 'F521;F522;H61;H62', true]]);
    // a class added is a change too
    const classes = json(await t.run(['--json', 'import', 'items', rewrite(',H62;F521;F522,', ',H62;F521;F522,个体工商户')]));
    expect(classes).toMatchObject({ updated: 1 });
    expect(sqlite(t.db, "SELECT version || ':' || subject_classes FROM items WHERE code = 'SCJG-03' AND current = 1")).toBe('3:individual');
    // the plan made before still holds version 1, with where it applied then
    const plan = json(await t.run(['--json', 'plan', 'show', '1']));
    expect(plan.items.find((i: any) => i.code === 'SCJG-03')).toMatchObject({ version: 1, industries: 'F521;F522;H62', subject_classes: '' });
  });

  it('list items shows where each applies, 不限 where an item names nothing', async () => {
    const t = countyDb();
    const zh = ok(await t.run(['list', 'items', '--department', 'NYJ'])).stdout;
    expect(zh).toContain('适用行业');
    expect(zh).toMatch(/NYJ-01 .*F5166、F5167 .*不限/);
    expect(zh).toMatch(/NYJ-02 .*不限 .*农民专业合作社/);
    const en = ok(await t.run(['--lang', 'en', 'list', 'items', '--department', 'NYJ'])).stdout;
    expect(en).toMatch(/NYJ-02 .*any .*cooperative/);
  });
});

describe('reading a cell of where an item applies', () => {
  it('takes a section\'s divisions from either edition of GB/T 4754 and refuses another section\'s', () => {
    // 79 was 居民服务业 (O) in the 2011 edition and is 商务服务 (N) in 2017: registry exports carry both
    expect(parseIndustries('O7990；N79，Ｃ３０ 62')).toEqual({ ok: true, values: ['62', 'C30', 'N79', 'O7990'] });
    for (const bad of ['H10', 'A06', 'T98', 'U', 'H6', 'H62100', '6', 'X62']) expect(parseIndustries(bad), bad).toEqual({ ok: false, value: bad });
    expect(parseIndustries('H')).toEqual({ ok: true, values: ['H'] }); // a section letter alone is a prefix
    expect(parseIndustries(' 不限 ')).toEqual({ ok: true, values: [] });
    expect(parseSubjectClasses('其他、企业，合作社 个体')).toEqual({ ok: true, values: ['enterprise', 'individual', 'cooperative', 'other'] });
    expect(parseSubjectClasses('企业;constructor')).toEqual({ ok: false, value: 'constructor' });
  });
});

describe('a plan shows, per department, the subjects its items apply to', () => {
  const PLAN = ['plan', '--year', '2022', '--name', 'x', '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input', '--items', 'all'];

  it('counts them over the scope, as the fixture county\'s registry gives them', async () => {
    const t = countyDb();
    const created = json(await t.run(['--json', ...PLAN, '--departments', 'SCJG,STHJ,NYJ', '--town', '恒州镇']));
    const inScope = "in_registry = 1 AND status = 'active' AND township = '恒州镇'";
    const count = (where: string) => Number(sqlite(t.db, `SELECT COUNT(*) FROM subjects WHERE ${inScope} AND (${where})`));
    // Worked out here from the fixture's item list: SCJG-01 applies everywhere; STHJ-01/02 to B, C26, C30 and C;
    // NYJ-01 to F5166/F5167 (none in the county), NYJ-02 to cooperatives. A blank industry is not ruled out.
    const expected = {
      SCJG: count('1'),
      STHJ: count("industry_code = '' OR substr(industry_code, 1, 1) IN ('B', 'C')"),
      NYJ: count("type_class = 'cooperative' OR industry_code = '' OR substr(industry_code, 1, 5) IN ('F5166', 'F5167')"),
    };
    expect(created.population).toBe(expected.SCJG);
    expect(expected.STHJ).toBeGreaterThan(0);
    expect(expected.STHJ).toBeLessThan(expected.SCJG);
    expect(expected.NYJ).toBeGreaterThan(0);
    const reach = Object.fromEntries(created.reach.map((r: any) => [r.department, r.subjects]));
    expect(reach).toEqual(expected);
    // plan show says the same, in its table
    const shown = ok(await t.run(['plan', 'show', '1'])).stdout;
    expect(shown).toContain('事项适用的检查对象');
    expect(shown).toMatch(new RegExp(`STHJ 保定市生态环境局曲阳县分局\\s+│ 2\\s+│ ${expected.STHJ.toLocaleString('en-US')} / ${expected.SCJG.toLocaleString('en-US')}`));
    expect(json(await t.run(['--json', 'plan', 'show', '1'])).reach).toEqual(created.reach);
    const en = ok(await t.run(['--lang', 'en', 'plan', 'show', '1'])).stdout;
    expect(en).toContain('subjects its items apply to');
    expect(en).toContain('(applies to: B、C26、C30)');
  });

  it('refuses a department whose items apply to no subject of the scope: it would be on no sheet', async () => {
    const t = countyDb();
    // ZJJ-02 (燃气经营) applies to D45, which the fixture county has none of
    const base = ['plan', '--year', '2022', '--name', 'x', '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
    const r = await t.run([...base, '--departments', 'SCJG,ZJJ', '--items', 'SCJG-01,ZJJ-02']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('部门 ZJJ 的抽查事项不适用于抽查范围内的任何检查对象');
    expect(r.stderr).not.toContain('部门 SCJG 的抽查事项');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
    // with its building-permit item it reaches the county's builders
    const ok2 = json(await t.run(['--json', ...base, '--departments', 'SCJG,ZJJ', '--items', 'SCJG-01,ZJJ-01,ZJJ-02']));
    expect(ok2.reach.find((x: any) => x.department === 'ZJJ').subjects)
      .toBe(Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active' AND ((industry_code LIKE 'E%' AND type_class = 'enterprise') OR industry_code LIKE 'D45%')")));
  });

  it('counts, per department, the subjects one of whose items applies, subject by subject, blank and digits-only codes included', async () => {
    const t = countyDb();
    // Registry exports write codes with or without the section letter, in either case, and leave some blank.
    sqlite(t.db, "UPDATE subjects SET industry_code = substr(industry_code, 2) WHERE rowid % 7 = 0");
    sqlite(t.db, "UPDATE subjects SET industry_code = '' WHERE rowid % 11 = 0");
    sqlite(t.db, "UPDATE subjects SET industry_code = lower(industry_code) WHERE rowid % 13 = 0");
    sqlite(t.db, "UPDATE subjects SET type_class = 'other' WHERE rowid % 17 = 0");
    // items scoped by digits only, by section and class, by class alone, by a 4-digit class and a class
    const file = writeCsv(t.dir, 'scoped.csv', [[...HEAD, '适用行业代码', '适用主体类别'],
      ['RSJ', 'X1', '数字前缀', '书面检查', '62;5211', ''], ['JTJ', 'X2', '门类和类别', '书面检查', 'F', '个体工商户;农民专业合作社'],
      ['WLJ', 'X3', '其他主体', '书面检查', '', '其他'], ['ZRZY', 'X4', '小类', '书面检查', 'C3032', '企业']]);
    ok(await t.run(['import', 'items', file]));
    const created = json(await t.run(['--json', 'plan', '--year', '2022', '--name', 'x', '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30',
      '--departments', 'SCJG,STHJ,RSJ,JTJ,WLJ,ZRZY', '--items', 'SCJG-01,SCJG-03,STHJ-01,STHJ-02,X1,X2,X3,X4', '--team-size', 'SCJG=2,STHJ=2,RSJ=1,JTJ=1,WLJ=1,ZRZY=1', '--no-input']));
    // subject by subject, with core/applicability, over every row of the population
    const opened = openDb(t.db);
    try {
      const db = opened.db;
      const items = (db.prepare('SELECT i.department, i.industries, i.subject_classes FROM plan_items p JOIN items i ON i.code = p.item_code AND i.version = p.item_version WHERE p.plan_id = 1')
        .all() as { department: string; industries: string; subject_classes: string }[]).map((i) => ({ ...scopeOf(i), department: i.department }));
      const subjects = db.prepare("SELECT industry_code AS industryCode, type_class AS typeClass FROM subjects WHERE in_registry = 1 AND status = 'active'").all() as { industryCode: string; typeClass: string }[];
      const bySubject: Record<string, number> = {};
      for (const s of subjects) for (const d of departmentsFor(items, s)) bySubject[d] = (bySubject[d] ?? 0) + 1;
      expect(Object.fromEntries(created.reach.map((r: any) => [r.department, r.subjects]))).toEqual(bySubject);
    } finally {
      closeDb(opened.db);
    }
    // and by hand for the digits-only item: restaurants (H62…, 62…) and department stores (F5211, 5211), any case, or no code
    expect(created.reach.find((r: any) => r.department === 'RSJ').subjects).toBe(Number(sqlite(t.db, `SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active'
      AND (industry_code = '' OR upper(industry_code) GLOB 'H62*' OR industry_code GLOB '62*' OR upper(industry_code) GLOB 'F5211*' OR industry_code GLOB '5211*')`)));
  });
});

describe('the team rule: two inspectors of a department on site, one for desk checks only', () => {
  const PLAN = ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG',
    '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

  it('refuses a department that inspects on site with one inspector, naming the rule and the department, and stores nothing', async () => {
    const t = countyDb();
    const zh = await t.run([...PLAN, '--team-size', 'SCJG=1,SWJ=1']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('计划不符合规定，未保存');
    expect(zh.stderr).toContain('部门 SCJG 每张检查表只派 1 名执法人员，但其事项 SCJG-01、SCJG-02、SCJG-03 须到现场检查（实地核查）：每张检查表至少需要该部门 2 名执法人员，只有全部事项为书面检查、信息比对、网络监测时可派 1 名（《行政处罚法》第四十二条）');
    expect(zh.stderr).not.toContain('部门 SWJ'); // SWJ's items are 书面检查 and 信息比对
    const en = await t.run(['--lang', 'en', ...PLAN, '--team-size', 'SCJG=1,SWJ=2']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('department SCJG sends 1 inspector per sheet, but its items SCJG-01、SCJG-02、SCJG-03 are inspected on site (实地核查)');
    expect(en.stderr).toContain('Administrative Penalty Law art. 42');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'plan.create'")).toBe('0');
  });

  it('allows one where every item of the department is a desk check, and a plan of desk checks alone', async () => {
    const t = countyDb();
    ok(await t.run([...PLAN, '--team-size', 'SCJG=2,SWJ=1']));
    expect(sqlite(t.db, "SELECT group_concat(department || '=' || team_size) FROM plan_departments WHERE plan_id = 1")).toBe('SCJG=2,SWJ=1');
    // one inspector per sheet in all: the old rule of two per sheet in total is gone with the per-department one
    ok(await t.run(['plan', '--year', '2022', '--name', 'y', '--departments', 'SWJ', '--items', 'all', '--initiator', 'SWJ',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--team-size', '1', '--no-input']));
  });

  it('takes 现场检查 as on site, and an item naming no method as not shown to be a desk check', async () => {
    const t = countyDb();
    const file = writeCsv(t.dir, 'more.csv', [HEAD, ['SWJ', 'SWJ-03', '发票查验', '现场检查'], ['RSJ', 'RSJ-09', '用工备案', ''], ['RSJ', 'RSJ-08', '网上公示', '网络监测']]);
    ok(await t.run(['import', 'items', file]));
    const onSite = await t.run([...PLAN, '--team-size', 'SCJG=2,SWJ=1']);
    expect(onSite.code).toBe(2);
    expect(onSite.stderr).toContain('但其事项 SWJ-03 须到现场检查（现场检查）');
    const unstated = await t.run(['plan', '--year', '2022', '--name', 'z', '--departments', 'SCJG,RSJ', '--items', 'SCJG-01,RSJ-08,RSJ-09', '--initiator', 'SCJG',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--team-size', 'SCJG=2,RSJ=1', '--no-input']);
    expect(unstated.code).toBe(2);
    expect(unstated.stderr).toContain('部门 RSJ 每张检查表只派 1 名执法人员，但其事项 RSJ-09 未注明检查方式');
    ok(await t.run(['plan', '--year', '2022', '--name', 'w', '--departments', 'SCJG,RSJ', '--items', 'SCJG-01,RSJ-08', '--initiator', 'SCJG',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--team-size', 'SCJG=2,RSJ=1', '--no-input']));
  });
});

describe('a printed sheet lists the items of its departments that apply to its subject', () => {
  it('no food licence at a stone works, no pollution permit where it does not apply; a department none of whose items applies any more says so', async () => {
    const t = countyDb();
    ok(await t.run(['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']));
    ok(await seeded(t, ['run', '2022-001', '--seed', 'items-apply']));
    const sheetOf = (like: string) => Number(sqlite(t.db, `SELECT MIN(x.number) FROM sheets x JOIN subjects s ON s.credit_code = x.credit_code WHERE x.draw_id = 1 AND s.industry_code LIKE '${like}'`));
    const stone = sheetOf('C3032%');
    const restaurant = sheetOf('H62%');
    const carver = sheetOf('C2439%');
    expect([stone, restaurant, carver].every((n) => n > 0)).toBe(true);
    const dir = join(t.dir, 'out');
    const codesOn = async (n: number) => {
      ok(await t.run(['export', 'sheets', '1', '--out', dir, '--format', 'csv', '--force']));
      const [header, ...rows] = readCsvText(readFileSync(join(dir, 'sheets-1.csv'), 'utf8'));
      return rows.filter((r) => r[header.indexOf('表号')] === String(n)).map((r) => r[header.indexOf('事项编码')]).sort();
    };
    expect(await codesOn(stone)).toEqual(['SCJG-01', 'SCJG-02', 'STHJ-01', 'STHJ-02', 'SWJ-01', 'SWJ-02']);
    expect((await codesOn(restaurant)).filter((c) => c.startsWith('SCJG'))).toEqual(['SCJG-01', 'SCJG-02', 'SCJG-03']);
    expect((await codesOn(carver)).filter((c) => c.startsWith('STHJ'))).not.toContain('STHJ-01'); // 排污许可 is for B, C26, C30
    // the HTML sheet says the same
    ok(await t.run(['export', 'sheets', '1', '--out', dir, '--force']));
    const section = readFileSync(join(dir, 'sheets-1.html'), 'utf8').split('<section class="sheet">')[stone];
    expect(section).toContain('排污许可执行情况检查');
    expect(section).not.toContain('食品经营监督检查');
    // The stone works re-registered as a restaurant after the draw: SCJG now takes its food licence there;
    // STHJ keeps its place and team on the sheet with no item, and the paper says so (as its entry does).
    const key = sqlite(t.db, `SELECT credit_code FROM sheets WHERE draw_id = 1 AND number = ${stone}`);
    sqlite(t.db, `UPDATE subjects SET industry_code = 'H6210' WHERE credit_code = '${key}'`);
    expect(await codesOn(stone)).toEqual(['SCJG-01', 'SCJG-02', 'SCJG-03', 'SWJ-01', 'SWJ-02']);
    ok(await t.run(['export', 'sheets', '1', '--out', dir, '--force']));
    const changed = readFileSync(join(dir, 'sheets-1.html'), 'utf8').split('<section class="sheet">')[stone];
    expect(changed).toContain('<tr><td>保定市生态环境局曲阳县分局</td><td colspan="7">本部门的抽查事项均不适用于该对象');
    expect(changed).not.toContain('排污许可执行情况检查');
    for (const name of lines(sqlite(t.db, `SELECT i.name FROM sheets x, json_each(x.team) j JOIN inspectors i ON i.certificate = json_extract(j.value, '$[1]') WHERE x.draw_id = 1 AND x.number = ${stone} AND json_extract(j.value, '$[0]') = 'STHJ'`))) {
      expect(changed).toContain(name);
    }
  });
});
