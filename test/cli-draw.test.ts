import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCountyDb, countyDb, sqlite, writeCsv, draw, seeded } from './helpers.js';

const json = (r: { stdout: string; stderr: string; code: number }) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`); }
};
const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 73915';

type Sheet = { number: number; key: string; stratum: string; inspectors: { department: string; certificate: string }[] };
const core = (sheets: Sheet[]) => sheets.map((s) => ({ number: s.number, key: s.key, stratum: s.stratum, inspectors: s.inspectors.map((i) => [i.department, i.certificate]) }));

describe('plans', () => {
  let t: ReturnType<typeof countyDb>;
  beforeAll(() => { t = countyDb(); });

  it('creates a plan from flags, with its population and expected draw', async () => {
    const p = json(await t.run(['--json', ...PLAN]));
    expect(p).toMatchObject({ number: '2022-001', year: 2022, initiator: 'SCJG', ratioPpm: 50_000 });
    expect(p.departments.map((d: { code: string }) => d.code)).toEqual(['SCJG', 'STHJ', 'SWJ']);
    expect(p.items.every((i: { version: number }) => i.version === 1)).toBe(true);
    expect(p.expectedDraw).toBe(Math.ceil(p.population * 0.05));
    expect(json(await t.run(['--json', 'plan', 'list'])).length).toBe(1);
    expect(json(await t.run(['--json', 'plan', 'show', '2022-001'])).name).toBe('2022年第一批');
  });

  it('without a terminal, a missing value is an error naming its flag', async () => {
    const r = await t.run(['plan', '--year', '2022', '--name', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--departments');
    expect(r.stderr).toContain('--ratio');
  });

  it.each([
    [['--departments', 'SCJG,NOPE'], /部门“NOPE”不存在/],
    [['--items', 'SCJG-01,SCJG-99'], /SCJG-99/],
    [['--items', 'SCJG-04'], /SCJG-04 不适用随机抽查（第二十七条）/],
    [['--departments', 'SCJG', '--items', 'SCJG-01', '--team-size', '1'], /部门 SCJG 每张检查表只派 1 名执法人员，但其事项 SCJG-01 须到现场检查（实地核查）：每张检查表至少需要该部门 2 名/],
    [['--window', '2022-11-01..2023-01-31'], /不在 2022 年内/],
    [['--ratio', '150%'], /--ratio/],
    [['--team-size', '-1'], /--team-size/],
    [['--window', '2022-02-30..2022-03-31'], /--window/],
  ])('refuses %j', async (change, message) => {
    const args = [...PLAN];
    for (let i = 0; i < change.length; i += 2) {
      const at = args.indexOf(change[i]);
      if (at >= 0) args[at + 1] = change[i + 1]; else args.push(change[i], change[i + 1]);
    }
    const before = sqlite(t.db, 'SELECT COUNT(*) FROM plans');
    const r = await t.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe(before);
  });

  it('lets per-grade ratios go below 3% when the whole reaches it, and puts abnormal subjects in D', async () => {
    const p = json(await t.run(['--json', ...PLAN, '--ratio', '3%', '--ratio-by-grade', 'A=1%,B=3%,C=10%,D=20%', '--number', 'G-1']));
    const per = Object.fromEntries(p.strata.map((s: { stratum: string; size: number; drawn: number }) => [s.stratum, s]));
    expect(per.A.drawn).toBe(Math.ceil(per.A.size * 0.01));
    expect(per.D.drawn).toBe(Math.ceil(per.D.size * 0.2));
    const abnormal = Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active' AND (abnormal = 1 OR serious_violation = 1 OR credit_grade = 'D')"));
    expect(per.D.size).toBe(abnormal);
    // a task under 3% is a task like any other: the floor is the year's, checked when the annual plan is filed (test/annual-plan.test.ts)
    const low = json(await t.run(['--json', ...PLAN, '--ratio', '1%', '--ratio-by-grade', 'A=1%,B=1%,C=1%,D=1%', '--number', 'G-2']));
    expect(low.expectedDraw * 100).toBeLessThan(low.population * 3);
    expect(sqlite(t.db, "SELECT annual_plan_id = (SELECT id FROM annual_plans WHERE year = 2022) FROM plans WHERE number = 'G-2'")).toBe('1');
  });
});

describe('the draw', () => {
  it('gives identical sheets from the same inputs and seed in two fresh databases, and from the package', async () => {
    const a = await buildCountyDb(); // built here from the fixtures, not copied: two independent databases
    const b = countyDb();
    for (const t of [a, b]) expect((await t.run(PLAN)).code).toBe(0);
    const ra = json(await seeded(a, ['--json', 'run', '2022-001', '--seed', SEED]));
    const rb = json(await seeded(b, ['--json', 'run', '2022-001', '--seed', SEED]));
    expect(ra.commitment).toBe(rb.commitment);
    expect(ra.resultHash).toBe(rb.resultHash);
    expect(core(ra.sheets)).toEqual(core(rb.sheets));
    expect(ra.sheets.length).toBe(ra.strata[0].drawn);
    const pkg = join(a.dir, 'pkg.json');
    expect((await a.run(['export', 'package', String(ra.draw), '--out', pkg])).code).toBe(0);
    const replay = await draw(['--json', 'replay', '--package', pkg]); // no --db: no database at all
    expect(replay.code).toBe(0);
    expect(json(replay)).toMatchObject({ match: true, source: 'package', sheets: ra.sheets.length });
    expect(core(JSON.parse(readFileSync(pkg, 'utf8')).expected.sheets)).toEqual(core(ra.sheets));
    // a different seed gives a different draw
    const c = countyDb();
    await c.run(PLAN);
    expect(json(await seeded(c, ['--json', 'run', '2022-001', '--seed', `${SEED}!`])).resultHash).not.toBe(ra.resultHash);
  });

  it('puts the team of every department whose items apply on each sheet (draw-core/2), never a conflicted inspector, with balanced loads', async () => {
    const t = countyDb();
    // a conflict for every SWJ inspector but two with one subject: it can only get those two
    const swj = sqlite(t.db, "SELECT certificate FROM inspectors WHERE department = 'SWJ' AND active = 1 AND valid_until >= '2022-06-30' ORDER BY certificate").split('\n');
    const subject = sqlite(t.db, "SELECT credit_code FROM subjects WHERE status = 'active' AND in_registry = 1 ORDER BY credit_code LIMIT 1");
    const rows = [['执法证号', '统一社会信用代码', '利害关系'], ...swj.slice(2).map((c) => [c, subject, '亲属'])];
    expect((await t.run(['import', 'conflicts', writeCsv(t.dir, 'c.csv', rows)])).code).toBe(0);
    await t.run([...PLAN, '--ratio', '100%', '--town', sqlite(t.db, `SELECT township FROM subjects WHERE credit_code = '${subject}'`)]);
    const r = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const conflicts = new Set(sqlite(t.db, 'SELECT certificate || \'|\' || credit_code FROM conflicts WHERE active = 1').split('\n'));
    const loads: Record<string, Record<string, number>> = {};
    // fixtures/items.csv: SCJG and SWJ have items for every subject, STHJ's apply to sections B and C only
    const industry = new Map(sqlite(t.db, "SELECT credit_code || '|' || industry_code FROM subjects").split('\n').map((l) => l.split('|') as [string, string]));
    for (const s of r.sheets as Sheet[]) {
      for (const dept of ['SCJG', 'STHJ', 'SWJ']) {
        const team = s.inspectors.filter((i) => i.department === dept).map((i) => i.certificate);
        const on = dept !== 'STHJ' || /^[BC]|^$/.test(industry.get(s.key)!);
        expect(team.length).toBe(on ? 2 : 0);
        if (!on) continue;
        expect(new Set(team).size).toBe(2);
        for (const c of team) {
          expect(conflicts.has(`${c}|${s.key}`)).toBe(false);
          loads[dept] ??= {};
          loads[dept][c] = (loads[dept][c] ?? 0) + 1;
        }
      }
      if (s.key === subject) expect(s.inspectors.filter((i) => i.department === 'SWJ').map((i) => i.certificate).sort()).toEqual(swj.slice(0, 2));
    }
    for (const dept of ['SCJG', 'STHJ']) {
      const v = Object.values(loads[dept]);
      expect(Math.max(...v) - Math.min(...v)).toBeLessThanOrEqual(1);
    }
  });

  it('refuses before drawing when a pool is smaller than a team or a subject has too few unconflicted inspectors', async () => {
    const t = countyDb();
    // A plan whose pool is too small is refused when it is made; one that shrinks after the plan, when it is drawn.
    const early = await t.run([...PLAN, '--team-size', 'SCJG=2,SWJ=2,STHJ=40']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/STHJ 可抽取的执法人员只有 \d+ 名，少于每表 40 名/);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
    await t.run([...PLAN, '--team-size', 'SCJG=2,SWJ=2,STHJ=2']);
    sqlite(t.db, "UPDATE inspectors SET active = 0 WHERE department = 'STHJ' AND certificate <> (SELECT MIN(certificate) FROM inspectors WHERE department = 'STHJ' AND active = 1 AND (valid_until IS NULL OR valid_until >= '2022-12-31'))");
    const r = await seeded(t, ['run', '2022-001', '--seed', SEED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STHJ 可抽取的执法人员只有 [01] 名，少于每表 2 名/);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'draw.refused'")).toBe('1');

    const u = countyDb();
    const swj = sqlite(u.db, "SELECT certificate FROM inspectors WHERE department = 'SWJ' AND active = 1").split('\n');
    const subject = sqlite(u.db, "SELECT credit_code FROM subjects WHERE status = 'active' AND in_registry = 1 LIMIT 1");
    await u.run(['import', 'conflicts', writeCsv(u.dir, 'c.csv', [['执法证号', '统一社会信用代码', '利害关系'], ...swj.map((c) => [c, subject, '亲属'])])]);
    await u.run(PLAN);
    const v = await seeded(u, ['run', '2022-001']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(subject);
    expect(sqlite(u.db, 'SELECT COUNT(*) FROM sheets')).toBe('0');
  });

  it('commits before the seed exists, then draws with the seed chosen in public', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const c = json(await t.run(['--json', 'run', '2022-001', '--commit-only', '--seed-source', '公开摇号']));
    expect(c.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(sqlite(t.db, 'SELECT seed IS NULL FROM draws')).toBe('1');
    expect((await t.run(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号'])).code).toBe(2);
    // the registry changes after the commitment: the draw uses the committed snapshot
    sqlite(t.db, "UPDATE subjects SET status = 'deregistered'");
    const r = json(await t.run(['--json', 'run', '2022-001', '--seed', SEED]));
    expect(r.commitment).toBe(c.commitment);
    expect(r.sheets.length).toBeGreaterThan(0);
    const log = json(await t.run(['--json', 'audit', 'log', '--draw', String(r.draw)]));
    // the second --commit-only was refused, and that attempt is on the record too
    expect(log.map((e: { action: string }) => e.action)).toEqual(['draw.commit', 'draw.refused', 'draw.run']);
    expect(log[0].seq).toBeLessThan(log[2].seq);
    expect(log[0].detail.seed).toBeUndefined();
  });

  it('reports, for the draw it has just made, the time stored with it (run --json and show draw agree)', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const before = Date.now();
    const r = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const after = Date.now();
    expect(typeof r.drawnAt).toBe('string');
    expect(r.drawnAt).toBe(sqlite(t.db, `SELECT drawn_at FROM draws WHERE id = ${r.draw}`));
    expect(Date.parse(r.drawnAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(r.drawnAt)).toBeLessThanOrEqual(after + 1000);
    expect(json(await t.run(['--json', 'show', 'draw', String(r.draw)])).drawnAt).toBe(r.drawnAt);
    // and after a commitment made earlier, the draw's own time, not the commitment's
    const u = countyDb();
    await u.run(PLAN);
    const c = json(await u.run(['--json', 'run', '2022-001', '--commit-only', '--seed-source', '公开摇号']));
    sqlite(u.db, `UPDATE draws SET committed_at = '2022-03-01T00:00:00.000Z' WHERE id = ${c.draw}`);
    const d = json(await u.run(['--json', 'run', '2022-001', '--seed', SEED]));
    expect(d.drawnAt).toBe(sqlite(u.db, `SELECT drawn_at FROM draws WHERE id = ${d.draw}`));
    expect(d.drawnAt).not.toBe('2022-03-01T00:00:00.000Z');
  });

  it('refuses a seed that is not valid text (U+FFFD from undecodable bytes, a lone surrogate) before anything is written', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const audit = sqlite(t.db, 'SELECT COUNT(*) FROM audit_log');
    for (const seed of ['2022-04-01 \uFFFD 73915', 'a\ud800b']) {
      const r = await t.run(['run', '2022-001', '--seed', seed]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--seed');
      expect(r.stderr).toContain('有效的 UTF-8');
    }
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM audit_log')).toBe(audit);
    // the same seed without the replacement character draws
    expect((await seeded(t, ['run', '2022-001', '--seed', '2022-04-01 73915'])).code).toBe(0);
  });

  it('one plan, one effective draw: a second run is refused and logged; void, then run again; reports show both', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const first = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const again = await seeded(t, ['run', '2022-001', '--seed', 'another']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('draw void');
    expect((await t.run(['void', String(first.draw), '--reason', '范围设置错误'])).code).toBe(2); // no approver
    expect((await t.run(['void', String(first.draw), '--reason', '范围设置错误', '--approved-by', '张局长'])).code).toBe(0);
    const second = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', 'another']));
    expect(second.draw).not.toBe(first.draw);
    const shown = json(await t.run(['--json', 'show', 'draw', String(second.draw)]));
    expect(shown.otherDraws).toEqual([{ id: first.draw, status: 'voided', voidReason: '范围设置错误' }]);
    const plan = json(await t.run(['--json', 'plan', 'show', '2022-001']));
    expect(plan.draws.map((d: { status: string }) => d.status)).toEqual(['voided', 'drawn']);
    const actions = json(await t.run(['--json', 'audit', 'log'])).map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('draw.'))).toEqual(['draw.commit', 'draw.run', 'draw.refused', 'draw.void', 'draw.commit', 'draw.run']);
    expect((await t.run(['replay', String(first.draw)])).code).toBe(0);
  });

  it('never draws a subject more than twice a year, across plans, every stratum capped at 2', async () => {
    const t = countyDb();
    // listed and grade-D subjects are uncapped by default (issue 11, test/risk-caps.test.ts): cap them here too
    for (const key of ['year_cap_listed', 'year_cap_d']) expect((await t.run(['config', key, '2'])).code).toBe(0);
    const town = ['--town', '恒州镇', '--ratio', '100%'];
    for (const n of ['A', 'B', 'C']) expect((await t.run([...PLAN, ...town, '--number', n])).code).toBe(0);
    const a = json(await seeded(t, ['--json', 'run', 'A', '--seed', '1']));
    const b = json(await seeded(t, ['--json', 'run', 'B', '--seed', '2']));
    expect(b.sheets.length).toBe(a.sheets.length);
    const c = await seeded(t, ['run', 'C', '--seed', '3']);
    expect(c.code).toBe(2); // everyone in the scope has been drawn twice this year
    expect(c.stderr).toContain('没有可抽取的检查对象');
    // another year's plan is not affected
    const args = [...PLAN, ...town, '--number', 'D', '--year', '2023', '--window', '2023-04-01..2023-06-30'];
    expect((await t.run(args)).code).toBe(0);
    expect(json(await seeded(t, ['--json', 'run', 'D', '--seed', '4'])).sheets.length).toBe(a.sheets.length);
  });

  it('rounds each stratum up: ceil(ratio × size), the whole stratum when smaller', async () => {
    const t = countyDb();
    await t.run([...PLAN, '--ratio', '3%', '--ratio-by-grade', 'A=3%,B=7%,C=50%,D=100%']);
    const r = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const ppm: Record<string, number> = { A: 30000, B: 70000, C: 500000, D: 1000000, ungraded: 30000 };
    for (const s of r.strata) {
      expect(s.drawn).toBe(Math.min(s.size, Math.ceil((s.size * ppm[s.stratum]) / 1e6 - 1e-9)));
      expect(r.sheets.filter((x: Sheet) => x.stratum === s.stratum).length).toBe(s.drawn);
    }
  });
});

describe('tampering', () => {
  it('one changed byte in a package is caught (exit 4)', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const r = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const pkg = join(t.dir, 'pkg.json');
    await t.run(['export', 'package', String(r.draw), '--out', pkg]);
    const text = readFileSync(pkg, 'utf8');
    const key = r.sheets[3].key as string;
    const at = text.indexOf(key, text.indexOf('"expected"'));
    const changed = text.slice(0, at + 10) + (text[at + 10] === '1' ? '2' : '1') + text.slice(at + 11);
    writeFileSync(pkg, changed);
    const bad = await draw(['replay', '--package', pkg]);
    expect(bad.code).toBe(4);
    expect(bad.stdout).toMatch(/复核不一致/);
    // a changed subject in the snapshot
    const snap = text.indexOf(key, text.indexOf('"snapshots"'));
    writeFileSync(pkg, text.slice(0, snap + 12) + (text[snap + 12] === 'A' ? 'B' : 'A') + text.slice(snap + 13));
    const bad2 = await draw(['--json', 'replay', '--package', pkg]);
    expect(bad2.code).toBe(4);
    expect(JSON.parse(bad2.stdout).differences.map((d: { what: string }) => d.what)).toContain('snapshot');
    writeFileSync(pkg, text.slice(0, 200));
    expect((await draw(['replay', '--package', pkg])).code).toBe(2);
  });

  it('an inspector changed on a sheet with the sqlite3 CLI fails the replay', async () => {
    const t = countyDb();
    await t.run(PLAN);
    const r = json(await seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
    const first = r.sheets[0].inspectors.find((i: { department: string }) => i.department === 'SCJG').certificate;
    const onSheet = new Set(r.sheets[0].inspectors.map((i: { certificate: string }) => i.certificate));
    const other = sqlite(t.db, "SELECT certificate FROM inspectors WHERE department = 'SCJG'").split('\n').find((c) => !onSheet.has(c));
    sqlite(t.db, `UPDATE sheets SET team = replace(team, '"${first}"', '"${other}"') WHERE draw_id = ${r.draw} AND number = 1`);
    const bad = await t.run(['replay', String(r.draw)]);
    expect(bad.code).toBe(4);
    expect(bad.stdout).toContain('第 1 号检查表');
  });

  it('a log row changed after dropping the triggers is found by audit verify (exit 4, naming it)', async () => {
    const t = countyDb();
    await t.run(PLAN);
    await seeded(t, ['run', '2022-001', '--seed', SEED]);
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
    const seq = sqlite(t.db, "SELECT seq FROM audit_log WHERE action = 'draw.run'");
    sqlite(t.db, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = replace(detail, '73915', '73916') WHERE seq = ${seq};`);
    const r = await t.run(['audit', 'verify']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`第 ${seq} 条`);
    expect((await t.run(['replay', '1'])).code).toBe(4);
  });

  it('a deleted log entry is a gap', async () => {
    const t = countyDb();
    sqlite(t.db, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;');
    const r = await t.run(['--json', 'audit', 'verify']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).broken).toMatchObject({ seq: 3, problem: 'gap' });
  });
});
