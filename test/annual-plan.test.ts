import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countyDb, draw, drawProcess, onDay, ROOT, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * The annual plan (issue 11, art. 14 and 17): tasks of a year, the yearly floor checked on the year
 * at filing (not on each task), `plan show YEAR` against a hand count, the migration of a database
 * made before annual plans existed, and `status` near the year's end.
 */

const json = (r: Run) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`); }
};
const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const WINDOW = ['--window', '2022-04-01..2022-06-30', '--no-input'];
/** a 5% task of the whole registry, three departments: 不定向 */
const WHOLE = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%', ...WINDOW];
/** a 1% task of the individual businesses, one item that applies everywhere: 定向 */
const NARROW = ['plan', '--year', '2022', '--name', '个体工商户定向抽查', '--departments', 'SCJG', '--items', 'SCJG-01', '--initiator', 'SCJG', '--ratio', '1%', '--type', '个体工商户', ...WINDOW];

/** ⌈n × ppm / 10⁶⌉, as a clerk counts it on paper */
const share = (n: number, percent: number) => Math.ceil((n * percent) / 100);
const count = (db: string, where: string) => Number(sqlite(db, `SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active' AND ${where}`));

describe('the annual plan and the yearly floor', () => {
  it('accepts a 1% task, files the year once its tasks reach the floor, and shows the year as counted by hand', async () => {
    const t = countyDb();
    const first = json(ok(await t.run(['--json', ...WHOLE])));
    // 1% of the individual businesses: refused on its own scope before, a task like any other now
    const second = json(ok(await t.run(['--json', ...NARROW])));
    expect(second.number).toBe('2022-002');
    expect(second.ratioPpm).toBe(10_000);

    // the hand count: the registry's active subjects; the whole registry (SCJG-01 applies everywhere) at 5%; the individuals at 1%
    const registry = count(t.db, '1');
    const individuals = count(t.db, "type_class = 'individual'");
    expect(individuals).toBeGreaterThan(0);
    expect(individuals).toBeLessThan(registry);
    const expected = share(registry, 5) + share(individuals, 1);
    const needed = share(registry, 3);
    expect(first.expectedDraw).toBe(share(registry, 5));
    expect(second.expectedDraw).toBe(share(individuals, 1));

    const year = json(ok(await t.run(['--json', 'plan', 'show', '2022'])));
    expect(year).toMatchObject({ year: 2022, registry, floorPpm: 30_000, needed, expected, achieved: 0, meetsFloor: true });
    expect(year.annualPlan.filedAt).toBeNull();
    expect(year.tasks.map((x: any) => [x.number, x.type, x.state, x.expected, x.ratioPpm])).toEqual([
      ['2022-001', 'undirected', 'planned', share(registry, 5), 50_000],
      ['2022-002', 'directed', 'planned', share(individuals, 1), 10_000],
    ]);
    expect(year.tasks[1].departments).toEqual(['SCJG']);
    expect(year.tasks[1].items).toEqual(['SCJG-01']);
    const shown = ok(await t.run(['plan', 'show', '2022'])).stdout;
    expect(shown).toContain('定向');
    expect(shown).toContain('不定向');
    // the column is headed 参与部门（每表人数）: each department with its team size
    expect(shown).toContain('SCJG ×2、STHJ ×2、SWJ ×2');
    expect(shown).toContain(`2 个抽查任务预计抽取 ${expected.toLocaleString('en-US')} 户`);
    // a task is shown as before
    expect(json(ok(await t.run(['--json', 'plan', 'show', '2022-002']))).name).toBe('个体工商户定向抽查');

    // the 1% task draws: no floor on a task's draw either
    const drawn = json(ok(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-002', '--seed', '2022-04-01 公开摇号 1']))));
    expect(drawn.sheets.length).toBe(share(individuals, 1));
    // and its type is published: the disclosure of a directed task says 定向
    ok(await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG'])));
    ok(await onDay('2022-05-11T02:00:00Z', () => t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed'])));
    const disclosure = join(t.dir, '公示.csv');
    ok(await t.run(['export', 'disclosure', '1', '--out', disclosure]));
    expect(readFileSync(disclosure, 'utf8').split(/\r?\n/)[1]!.split(',').slice(1, 6)).toEqual(['2022-002', '个体工商户定向抽查', '130634-2022-002', '个体工商户定向抽查', '定向']);

    const filed = await onDay('2022-03-20T02:00:00Z', () => t.run(['--json', 'plan', 'file', '2022']));
    expect(filed.code, filed.stderr).toBe(0);
    expect(json(filed).filedAt).toBe('2022-03-20T02:00:00.000Z');
    const event = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'annual.file'"));
    expect(event).toMatchObject({ year: 2022, registry, needed, expected, floorPpm: 30_000 });
    expect(event.tasks.map((x: any) => [x.number, x.expected, x.directed])).toEqual([
      ['2022-001', share(registry, 5), false], ['2022-002', share(individuals, 1), true],
    ]);
    expect(sqlite(t.db, 'SELECT filed_at, filed_by FROM annual_plans WHERE year = 2022')).toBe('2022-03-20T02:00:00.000Z|tester');

    // achieved coverage: the distinct subjects on the year's sheets, and the drawn task's state
    const after = json(ok(await t.run(['--json', 'plan', 'show', '2022'])));
    expect(after.achieved).toBe(Number(sqlite(t.db, 'SELECT COUNT(DISTINCT credit_code) FROM sheets')));
    expect(after.achieved).toBe(share(individuals, 1));
    expect(after.tasks[1]).toMatchObject({ state: 'drawn', drawn: share(individuals, 1), expected: share(individuals, 1) });
    expect(after.annualPlan.filedAt).toBe('2022-03-20T02:00:00.000Z');

    // the terminal gives the filing day in China, as the paper does: 17:30 UTC is the next morning there
    ok(await onDay('2022-03-20T17:30:00Z', () => t.run(['plan', 'file', '2022'])));
    expect(ok(await t.run(['plan', 'show', '2022'])).stdout).toContain('已于 2022-03-21 报备上级（tester）');
  });

  it('refuses to file a year below the floor with the figures (exit 5), writing nothing; the floor is an office setting', async () => {
    const t = countyDb();
    ok(await t.run(['plan', '--year', '2022', '--name', '全县1%', '--departments', 'SCJG', '--items', 'SCJG-01', '--initiator', 'SCJG', '--ratio', '1%', ...WINDOW]));
    const registry = count(t.db, '1');
    const expected = share(registry, 1);
    const needed = share(registry, 3);
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM audit_log');
    // the built CLI, for the exit code as the shell sees it
    const r = drawProcess(['--db', t.db, 'plan', 'file', '2022']);
    expect(r.code).toBe(5);
    const n = (x: number) => x.toLocaleString('en-US');
    expect(r.stderr).toContain(`各抽查任务预计抽取合计 ${n(expected)} 户，低于名录库存续主体 ${n(registry)} 户的 3%（至少 ${n(needed)} 户，第十七条）`);
    expect(sqlite(t.db, 'SELECT filed_at IS NULL FROM annual_plans WHERE year = 2022')).toBe('1');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM audit_log')).toBe(before);
    const en = drawProcess(['--db', t.db, '--lang', 'en', 'plan', 'file', '2022']);
    expect(en.code).toBe(5);
    expect(en.stderr).toContain(`the tasks expect to draw ${n(expected)} in all, under 3% of the registry's ${n(registry)} active subjects (${n(needed)} at least`);
    // a year with no annual plan is a usage error; one with the office's floor lowered to 1% files
    expect(drawProcess(['--db', t.db, 'plan', 'file', '2023']).code).toBe(2);
    ok(await t.run(['config', 'year_floor_ppm', '10000']));
    expect(drawProcess(['--db', t.db, 'plan', 'file', '2022']).code).toBe(0);
    expect(JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'annual.file'"))).toMatchObject({ floorPpm: 10_000, needed: share(registry, 1), expected });
  });

  it('status warns from November when the distinct subjects drawn this year are under the floor, and not before', async () => {
    const t = countyDb();
    ok(await t.run(NARROW));
    ok(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 's'])));
    const registry = count(t.db, '1');
    const drawn = Number(sqlite(t.db, 'SELECT COUNT(DISTINCT credit_code) FROM sheets'));
    expect(drawn).toBeLessThan(share(registry, 3));
    const october = json(ok(await t.run(['--json', 'status', '--year', '2022', '--on', '2022-10-31'])));
    expect(october.coverage).toMatchObject({ subjects: drawn, registry, needed: share(registry, 3), meetsFloor: false, yearEndWarning: false });
    const november = await t.run(['status', '--year', '2022', '--on', '2022-11-02']);
    expect(november.stdout).toContain(`注意：2022 年将尽，本年只抽取了 ${drawn} 户，距年度最低 ${share(registry, 3).toLocaleString('en-US')} 户还差`);
    ok(await t.run(['config', 'floor_warn_month', '12']));
    expect(json(ok(await t.run(['--json', 'status', '--year', '2022', '--on', '2022-11-02']))).coverage.yearEndWarning).toBe(false);
  });
});

describe('the annual plan against the audit log', () => {
  it('audit verify names a filing or a task link changed outside the tool (exit 4)', async () => {
    const t = countyDb();
    ok(await t.run(WHOLE));
    ok(await t.run(NARROW));
    ok(await t.run(['plan', 'file', '2022']));
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
    const copy = join(t.dir, 'copy.db');
    writeFileSync(copy, readFileSync(t.db));
    // the filing's figures raised by hand
    sqlite(t.db, "UPDATE annual_plans SET filing = json_set(filing, '$.expected', 9999) WHERE year = 2022");
    const changed = drawProcess(['--db', t.db, 'audit', 'verify']);
    expect(changed.code).toBe(4);
    expect(changed.stdout + changed.stderr).toMatch(/annual_plans 表的记录 2022 .*（filing）/);
    // a task taken out of its year's annual plan
    sqlite(copy, "UPDATE plans SET annual_plan_id = NULL WHERE number = '2022-002'");
    const moved = drawProcess(['--db', copy, 'audit', 'verify']);
    expect(moved.code).toBe(4);
    expect(moved.stdout + moved.stderr).toMatch(/annual_plans 表的记录 2022 .*（tasks）/);
  });
});

describe('the task notice', () => {
  it('publishes a task before its draw: items with their basis, scope, time, departments, type; no subject, no grade', async () => {
    const t = countyDb();
    ok(await t.run(['plan', '--year', '2022', '--name', '个体工商户定向抽查', '--departments', 'SCJG,SWJ', '--items', 'SCJG-01,SWJ-01', '--initiator', 'SCJG',
      '--ratio', '5%', '--ratio-by-grade', 'A=3%,D=20%', '--type', '个体工商户', ...WINDOW]));
    const out = join(t.dir, '抽查任务公告.html');
    const r = json(ok(await t.run(['--json', 'export', 'notice', '2022-001', '--kind', 'task', '--out', out])));
    const html = readFileSync(out, 'utf8');
    const items = sqlite(t.db, "SELECT code || '|' || basis FROM items WHERE code IN ('SCJG-01', 'SWJ-01') AND current = 1 ORDER BY code").split('\n');
    for (const line of items) {
      const [code, basis] = line.split('|');
      expect(html).toContain(`<td>${code}</td>`);
      expect(html).toContain(basis);
    }
    for (const text of ['抽查任务公告', '2022-001 个体工商户定向抽查', '<td>定向</td>', '存续；个体工商户', '2022-04-01', '2022-06-30', '曲阳县市场监督管理局（发起）', '国家税务总局曲阳县税务局'])
      expect(html).toContain(text);
    expect(html).toContain(`约 ${r.expected} 户`);
    // no subject (by credit code or name) and no credit grade ratio on a public paper before the draw
    const subjects = sqlite(t.db, "SELECT credit_code || '|' || name FROM subjects WHERE type_class = 'individual' LIMIT 200").split('\n').map((l) => l.split('|'));
    for (const [code, name] of subjects) {
      expect(html).not.toContain(code);
      expect(html).not.toContain(`>${name}<`);
    }
    expect(html).not.toMatch(/A=3%|20%/);
    // an anchor the log still holds
    expect((await t.run(['audit', 'verify', '--anchor', out])).code).toBe(0);
  });
});

describe('a database made before annual plans', () => {
  it('migrates: its plan becomes a task of its year\'s annual plan, drawn, and the year can be filed', async () => {
    const db = join(tmp(), 'draw.db');
    writeFileSync(db, gunzipSync(readFileSync(join(ROOT, 'test', 'fixtures', 'draw-core-1', 'draw.db.gz'))));
    const created = sqlite(db, 'SELECT created_at, operator FROM plans WHERE id = 1');
    const year = await draw(['--db', db, '--json', 'plan', 'show', '2022']);
    expect(year.code, year.stderr).toBe(0);
    expect(sqlite(db, 'SELECT annual_plan_id FROM plans')).toBe('1');
    expect(sqlite(db, 'SELECT year, created_at, created_by, filed_at IS NULL FROM annual_plans')).toBe(`2022|${created}|1`);
    const y = JSON.parse(year.stdout);
    expect(y.tasks).toHaveLength(1);
    // the old draw's 78 sheets, none of them a substitute (draw-core/1 had none)
    expect(y.tasks[0]).toMatchObject({ number: '2022-001', state: 'drawn', drawn: 78, expected: 78, type: 'undirected' });
    expect(y.achieved).toBe(Number(sqlite(db, 'SELECT COUNT(DISTINCT credit_code) FROM sheets')));
    // the task commands still work on it, and the old draw still replays
    expect(JSON.parse((await draw(['--db', db, '--json', 'plan', 'show', '2022-001'])).stdout).number).toBe('2022-001');
    expect((await draw(['--db', db, 'replay', '1'])).code).toBe(0);
    const registry = Number(sqlite(db, "SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active'"));
    expect(y).toMatchObject({ registry, needed: share(registry, 3), expected: 78 });
    // it was a 3% draw of the whole registry: the year reaches the floor, and files
    expect(78).toBeGreaterThanOrEqual(share(registry, 3));
    expect((await draw(['--db', db, 'plan', 'file', '2022'])).code).toBe(0);
    expect(sqlite(db, 'SELECT filed_at IS NOT NULL FROM annual_plans')).toBe('1');
  });
});
