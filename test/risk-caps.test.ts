import { describe, expect, it } from 'vitest';
import { countyDb, drawProcess, onDay, seeded, sqlite, type Db, type Run } from './helpers.js';
import { capStratumOf, yearCapsOf } from '../src/core/year-caps.js';

/**
 * Issue 11, risk-based frequency (art. 17, 24, 28): the yearly cap is per stratum. Subjects on the
 * abnormal or serious-violation list and grade D are not capped by default, the others by
 * `year_cap`, grade A by `year_cap_a` when set. And a commitment warns of, and logs, credit grades
 * older than `grade_stale_days`. Real county database, the CLI's entry (and bin/draw for exit codes).
 */

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);
const TOWN = '试点镇';
const TASK = ['--year', '2022', '--departments', 'SCJG', '--items', 'SCJG-01', '--initiator', 'SCJG', '--ratio', '100%',
  '--window', '2022-04-01..2022-06-30', '--town', TOWN, '--no-input'];

/** Five active subjects moved to a township of their own: listed (grade B), D, B, A and ungraded. */
function testTown(t: Db): { listed: string; d: string; b: string; a: string; none: string } {
  const keys = sqlite(t.db, "SELECT credit_code FROM subjects WHERE status = 'active' AND in_registry = 1 AND industry_code LIKE 'H%' ORDER BY credit_code LIMIT 5").split('\n');
  const [listed, d, b, a, none] = keys;
  const set = (key: string, sql: string) => sqlite(t.db, `UPDATE subjects SET township = '${TOWN}', abnormal = 0, serious_violation = 0, ${sql} WHERE credit_code = '${key}'`);
  set(listed, "abnormal = 1, credit_grade = 'B'");
  set(d, "credit_grade = 'D'");
  set(b, "credit_grade = 'B'");
  set(a, "credit_grade = 'A'");
  set(none, 'credit_grade = NULL, grade_as_of = NULL');
  return { listed, d, b, a, none };
}

async function drawTask(t: Db, n: number): Promise<string[]> {
  ok(await t.run(['plan', ...TASK, '--name', `第${n}批`]));
  const drawn = json(await seeded(t, ['--json', 'run', `2022-00${n}`, '--seed', `cap-${n}`]));
  return drawn.sheets.map((s: { key: string }) => s.key).sort();
}

describe('the yearly cap per risk stratum', () => {
  it('a listed and a grade-D subject are drawn a third time while uncapped; B is held at year_cap, A at year_cap_a; capped, they are not eligible', async () => {
    const t = countyDb();
    const s = testTown(t);
    ok(await t.run(['config', 'year_cap_a', '1']));
    expect(await drawTask(t, 1)).toEqual([s.listed, s.d, s.b, s.a, s.none].sort());
    // A has had its one draw of the year
    expect(await drawTask(t, 2)).toEqual([s.listed, s.d, s.b, s.none].sort());
    // B and the ungraded have had year_cap = 2; the listed and D are drawn a third time
    const third = await drawTask(t, 3);
    expect(third).toEqual([s.listed, s.d].sort());
    expect(Number(sqlite(t.db, `SELECT COUNT(*) FROM sheets WHERE credit_code = '${s.listed}'`))).toBe(3);
    expect(Number(sqlite(t.db, `SELECT COUNT(*) FROM sheets WHERE credit_code = '${s.d}'`))).toBe(3);
    // the caps that applied are in the committed parameters (and so in the commitment)
    const params = JSON.parse(sqlite(t.db, 'SELECT parameters FROM draws WHERE id = 3'));
    expect(params.yearCaps).toEqual({ listed: null, gradeD: null, gradeA: 1, others: 2 });
    expect(params.yearCap).toBe(2);

    // capped at 3, the listed subject is no longer eligible; D still is
    ok(await t.run(['config', 'year_cap_listed', '3']));
    expect(await drawTask(t, 4)).toEqual([s.d]);
    // D capped too, between the task and its draw: nobody of the township is eligible any more, and
    // the draw is refused before anything is committed (exit 2); a new task is refused at once
    ok(await t.run(['plan', ...TASK, '--name', '第5批']));
    ok(await t.run(['config', 'year_cap_d', '4']));
    const refused = drawProcess(['--db', t.db, 'run', '2022-005', '--commit-only', '--seed-source', '公开摇号']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('抽查范围内没有可抽取的检查对象');
    expect(Number(sqlite(t.db, "SELECT COUNT(*) FROM draws WHERE plan_id = (SELECT id FROM plans WHERE number = '2022-005')"))).toBe(0);
    const planRefused = drawProcess(['--db', t.db, 'plan', ...TASK, '--name', '第6批']);
    expect(planRefused.code).toBe(2);
    expect(planRefused.stderr).toContain('抽查范围内没有检查对象');
    // the replay of a draw made under the old caps does not ask who is eligible now
    expect(drawProcess(['--db', t.db, 'replay', '3']).code).toBe(0);
  });

  it('grade A is never capped above the general cap (art. 28: fewer checks for good credit, not more)', async () => {
    expect(yearCapsOf({ general: 2, listed: 0, gradeD: 0, gradeA: 5 }).gradeA).toBe(2);
    expect(yearCapsOf({ general: 2, listed: 0, gradeD: 0, gradeA: 1 }).gradeA).toBe(1);
    const t = countyDb();
    ok(await t.run(['config', 'year_cap_a', '5']));
    expect(ok(await t.run(['status'])).stdout).toContain('A 级 2，其他 2');
  });

  it('the SQL cap rule is core/year-caps capStratumOf, subject by subject', async () => {
    const t = countyDb();
    const rows = sqlite(t.db, `SELECT credit_code, abnormal, serious_violation, ifnull(credit_grade, ''),
      CASE WHEN abnormal = 1 OR serious_violation = 1 THEN 'listed' WHEN credit_grade = 'D' THEN 'gradeD' WHEN credit_grade = 'A' THEN 'gradeA' ELSE 'others' END
      FROM subjects`).split('\n').map((l) => l.split('|'));
    const strata = new Set(rows.map((r) => r[4]));
    expect(strata).toEqual(new Set(['listed', 'gradeD', 'gradeA', 'others']));
    for (const [, abnormal, serious, grade, sql] of rows) {
      expect(capStratumOf({ abnormal: Number(abnormal), serious_violation: Number(serious), credit_grade: grade || null })).toBe(sql);
    }
  });
});

describe('stale credit grades at the commitment', () => {
  it('counts, names and logs the grades older than grade_stale_days (31) or undated; a grade exactly 31 days old is fresh', async () => {
    const t = countyDb();
    const s = testTown(t);
    const asOf = (key: string, day: string | null) => sqlite(t.db, `UPDATE subjects SET grade_as_of = ${day ? `'${day}'` : 'NULL'} WHERE credit_code = '${key}'`);
    asOf(s.listed, '2021-12-01'); // stale
    asOf(s.d, null); // graded, undated: stale
    asOf(s.b, '2022-01-20'); // 31 days before 2022-02-20: fresh
    asOf(s.a, '2022-01-19'); // 32 days: stale
    ok(await t.run(['plan', ...TASK, '--name', '第1批', '--window', '2022-02-21..2022-06-30']));
    const r = ok(await onDay('2022-02-20T02:00:00Z', () => t.run(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号'])));
    const stale = [s.listed, s.d, s.a].sort();
    expect(r.stderr).toContain('提醒：抽取范围内 3 户的信用风险等级早于 2022-01-20（超过 31 天）或没有日期');
    expect(r.stderr).toContain(`${TOWN} 3 户`);
    const name = sqlite(t.db, `SELECT name FROM subjects WHERE credit_code = '${s.d}'`);
    expect(r.stderr).toContain(`${name}（${s.d}，D 级，无日期）`);
    const detail = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.commit'"));
    expect(detail.staleGrades).toEqual({
      days: 31, before: '2022-01-20', count: 3, byTownship: { [TOWN]: 3 },
      examples: stale.map((key) => ({ key, grade: key === s.listed ? 'B' : key === s.d ? 'D' : 'A', asOf: key === s.listed ? '2021-12-01' : key === s.a ? '2022-01-19' : null })),
    });
    // no name in the log: the examples are by credit code
    expect(JSON.stringify(detail)).not.toContain(name);
    // the log still verifies with the new member
    expect(drawProcess(['--db', t.db, 'audit', 'verify']).code).toBe(0);

    // with every grade fresh under a longer setting, there is no warning and no member
    const u = countyDb();
    testTown(u);
    sqlite(u.db, `UPDATE subjects SET grade_as_of = '2022-02-01' WHERE township = '${TOWN}'`);
    ok(await u.run(['plan', ...TASK, '--name', '第1批', '--window', '2022-02-21..2022-06-30']));
    const quiet = ok(await onDay('2022-02-20T02:00:00Z', () => u.run(['--json', 'run', '2022-001', '--commit-only', '--seed-source', '公开摇号'])));
    expect(quiet.stderr).not.toContain('信用风险等级早于');
    expect(JSON.parse(quiet.stdout).staleGrades).toBeUndefined();
    expect(JSON.parse(sqlite(u.db, "SELECT detail FROM audit_log WHERE action = 'draw.commit'")).staleGrades).toBeUndefined();
  });
});
