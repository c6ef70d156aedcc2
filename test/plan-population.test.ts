import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countyDb, sqlite, type Db, seeded } from './helpers.js';

/**
 * Issue 10: what a plan says it will draw is what `draw run` draws. A subject none of the plan's
 * items applies to is left out of the draw (draw-core/2), so the plan's population, expected draw,
 * 3% floor and reach count only the subjects one of its items applies to, and say how many of the
 * scope are left out.
 */

const json = (r: { code: number; stdout: string; stderr: string }) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};
const BASE = ['--year', '2022', '--name', 'x', '--ratio', '3%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const ACTIVE = "in_registry = 1 AND status = 'active'";
const strataOf = (list: { stratum: string; size: number; drawn: number }[]) => list.map((s) => ({ stratum: s.stratum, size: s.size, drawn: s.drawn }));

async function planAndDraw(t: Db, flags: string[]) {
  const created = json(await t.run(['--json', 'plan', ...BASE, ...flags]));
  const shown = json(await t.run(['--json', 'plan', 'show', created.number]));
  const drawn = json(await seeded(t, ['--json', 'run', created.number, '--seed', 'plan-population']));
  return { created, shown, drawn };
}

describe('the plan counts the population the draw will take', () => {
  it.each([
    ['only STHJ (mining and manufacturing), by grade', ['--departments', 'STHJ', '--items', 'STHJ-01,STHJ-02', '--initiator', 'STHJ', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%']],
    ['only SCJG-03 (food trade and restaurants)', ['--departments', 'SCJG', '--items', 'SCJG-03', '--initiator', 'SCJG']],
    ['SCJG-03 and STHJ in one township', ['--departments', 'SCJG,STHJ', '--items', 'SCJG-03,STHJ-01,STHJ-02', '--initiator', 'SCJG', '--town', '恒州镇']],
    ['every item (SCJG-01 applies everywhere)', ['--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG']],
  ])('%s: plan create, plan show and draw run agree per stratum', async (_name, flags) => {
    const t = countyDb();
    const { created, shown, drawn } = await planAndDraw(t, flags);
    // the expected draw at plan time is the draw's, stratum by stratum
    expect(strataOf(created.strata)).toEqual(strataOf(drawn.strata));
    expect(strataOf(shown.strata)).toEqual(strataOf(drawn.strata));
    // and `show draw` reads the same sizes back from the stored draw-core/2 snapshot
    const stored = json(await t.run(['--json', 'show', 'draw', String(drawn.draw ?? drawn.id ?? 1)]));
    expect(strataOf(stored.strata)).toEqual(strataOf(drawn.strata));
    expect(created.population).toBe(drawn.strata.reduce((a: number, s: any) => a + s.size, 0));
    expect(created.expectedDraw).toBe(drawn.sheets.length);
    expect(created.population).toBe(drawn.snapshots.subjects.rows);
    // the scope's subjects are the population and those left out, no more, no fewer
    const town = flags.includes('--town') ? " AND township = '恒州镇'" : '';
    const inScope = Number(sqlite(t.db, `SELECT COUNT(*) FROM subjects WHERE ${ACTIVE}${town}`));
    expect(created.population + created.leftOut).toBe(inScope);
    expect(shown.leftOut).toBe(created.leftOut);
    // each department's reach is the sheets it is on
    const onSheets = (code: string) => drawn.sheets.filter((s: any) => s.inspectors.some((m: any) => m.department === code)).length;
    for (const r of created.reach) {
      expect(r.subjects).toBeGreaterThan(0);
      expect(r.subjects).toBeLessThanOrEqual(created.population);
      expect(onSheets(r.department)).toBeGreaterThan(0);
    }
    expect(shown.reach).toEqual(created.reach);
    if (flags.includes('all')) expect(created.leftOut).toBe(0);
    else expect(created.leftOut).toBeGreaterThan(0);
  });

  it('says in plan create, plan show and export plan how many subjects of the scope no item applies to', async () => {
    const t = countyDb();
    const created = json(await t.run(['--json', 'plan', ...BASE, '--departments', 'SCJG', '--items', 'SCJG-03', '--initiator', 'SCJG']));
    const left = created.leftOut.toLocaleString('en-US');
    const sum = created.population.toLocaleString('en-US');
    const shown = await t.run(['plan', 'show', '1']);
    expect(shown.stdout).toMatch(new RegExp(`合计\\s+│\\s+│ ${sum}\\s+│ ${created.expectedDraw}`));
    expect(shown.stdout).toContain(`抽查范围内另有 ${left} 户，计划的抽查事项都不适用，不参加抽取`);
    // the department's reach is out of the draw's population, not the scope's
    expect(shown.stdout).toMatch(new RegExp(`│ ${sum} / ${sum}\\s+│`));
    const en = await t.run(['--lang', 'en', 'plan', 'show', '1']);
    expect(en.stdout).toContain(`${left} more subjects of the scope are left out of the draw: none of the plan's items applies to them`);
    const out = join(t.dir, 'plan.md');
    json(await t.run(['--json', 'export', 'plan', '1', '--out', out]));
    const md = readFileSync(out, 'utf8');
    expect(md).toContain(`| 合计 | | ${created.population} | ${created.expectedDraw} |`);
    expect(md).toContain(`抽查范围内另有 ${created.leftOut} 户`);
    expect(md).toContain(`| 曲阳县市场监督管理局（SCJG） | ${created.population} / ${created.population} |`);
    // a plan whose items apply everywhere says nothing of it
    json(await t.run(['--json', 'plan', ...BASE, '--departments', 'SCJG', '--items', 'SCJG-01', '--initiator', 'SCJG']));
    expect((await t.run(['plan', 'show', '2'])).stdout).not.toContain('抽查范围内另有');
  });

  it('refuses no task and no draw for a ratio under 3% of its population: the floor is the year\'s (art. 17), at filing', async () => {
    const t = countyDb();
    const flags = ['--departments', 'SCJG', '--items', 'SCJG-03', '--initiator', 'SCJG', '--ratio-by-grade', 'A=1%'];
    json(await t.run(['--json', 'plan', ...BASE, ...flags]));
    // The registry changes: the B-graded of those subjects are graded A now, and 1% of them is under 3% of the task's population.
    sqlite(t.db, `UPDATE subjects SET credit_grade = 'A' WHERE credit_grade = 'B' AND abnormal = 0 AND serious_violation = 0 AND (industry_code GLOB 'H62*' OR industry_code GLOB 'F521*' OR industry_code GLOB 'F522*')`);
    const shown = json(await t.run(['--json', 'plan', 'show', '1']));
    expect(shown.expectedDraw * 100).toBeLessThan(shown.population * 3);
    const again = await t.run(['--json', 'plan', ...BASE, ...flags]);
    expect(again.code, again.stderr).toBe(0);
    const drawn = await seeded(t, ['--json', 'run', '1', '--seed', 'x']);
    expect(drawn.code, drawn.stderr).toBe(0);
    // what the task said it would draw is what the draw drew
    expect(json(drawn).sheets.length).toBe(shown.expectedDraw);
  });

  it('refuses a plan none of whose items applies to any subject of the scope, naming the departments, not an empty scope', async () => {
    const t = countyDb();
    // ZJJ-02 (燃气经营) applies to D45, which the fixture county has none of
    const r = await t.run(['plan', ...BASE, '--departments', 'ZJJ', '--items', 'ZJJ-02', '--initiator', 'ZJJ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('部门 ZJJ 的抽查事项不适用于抽查范围内的任何检查对象');
    expect(r.stderr).not.toContain('抽查范围内没有检查对象');
    // a scope that is empty is still said to be so
    const empty = await t.run(['plan', ...BASE, '--departments', 'SCJG', '--items', 'SCJG-01', '--initiator', 'SCJG', '--town', '无此镇']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('抽查范围内没有检查对象');
  });
});
