// draw-core/2 through the CLI on a real database, and rejections with their substitutes replayed
// from the database and from a package. The rejection rows are written here as the confirmation
// writes them (one rejection row, the team or cancelled_by of its sheet, the substitute sheet),
// from what the core computes: the replay must then find the same, and a changed row must fail it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { departmentsFor, splitScopeColumn } from '../src/core/applicability.js';
import { applySheetChanges, runDraw, type RejectChange } from '../src/core/draw/index.js';
import { fromTexts, type DrawParameters, type SnapshotTexts } from '../src/core/snapshot.js';
import { countyDb, draw, sqlite, type Db, seeded } from './helpers.js';

const json = (r: { stdout: string; stderr: string; code: number }) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`); }
};
const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '3%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 替补';

type Team = [string, string][];
interface Package { parameters: DrawParameters; snapshots: SnapshotTexts; draw: { seed: string }; expected: { sheets: { number: number; key: string; inspectors: { department: string; certificate: string }[]; cancelledBy?: number; substituteFor?: number }[] }; rejections?: unknown[] }

async function exported(t: Db, name: string): Promise<{ file: string; pkg: Package }> {
  const file = join(t.dir, name);
  const r = await t.run(['export', 'package', '1', '--out', file]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { file, pkg: JSON.parse(readFileSync(file, 'utf8')) };
}

/** A drawn plan whose STHJ items apply to manufacturing (C) only and SWJ's to enterprises only. */
async function drawn(): Promise<Db> {
  const t = countyDb();
  sqlite(t.db, "UPDATE items SET industries = 'C' WHERE department = 'STHJ'; UPDATE items SET subject_classes = 'enterprise' WHERE department = 'SWJ';");
  expect((await t.run(PLAN)).code).toBe(0);
  const r = await seeded(t, ['run', '2022-001', '--seed', SEED]);
  expect(r.code, r.stderr).toBe(0);
  return t;
}

describe('draw run under draw-core/2', () => {
  it('puts on each sheet the departments whose items apply to its subject, and freezes them in the snapshot', async () => {
    const t = await drawn();
    const { pkg } = await exported(t, 'pkg.json');
    expect(pkg.parameters.algorithm).toBe('draw-core/2');
    const items = sqlite(t.db, "SELECT items.department || '|' || industries || '|' || subject_classes FROM items JOIN plan_items ON item_code = code AND item_version = version")
      .split('\n').map((l) => { const [department, i, c] = l.split('|'); return { department: department!, industries: splitScopeColumn(i!), classes: splitScopeColumn(c!) }; });
    const traits = new Map(sqlite(t.db, "SELECT credit_code || '|' || industry_code || '|' || type_class FROM subjects").split('\n')
      .map((l) => { const [k, industryCode, typeClass] = l.split('|'); return [k!, { industryCode: industryCode!, typeClass: typeClass! }]; }));
    const seen = new Set<string>();
    for (const s of pkg.expected.sheets) {
      const on = [...new Set(s.inspectors.map((i) => i.department))];
      const want = departmentsFor(items, traits.get(s.key)!);
      expect(on).toEqual(want);
      seen.add(on.join(','));
    }
    expect(seen.size).toBeGreaterThan(1); // the fixture county has sheets with and without STHJ
    // every snapshot line carries its subject's departments
    for (const line of pkg.snapshots.subjects.trimEnd().split('\n')) {
      const [key, , list] = line.split('\t');
      expect(list).toBe(departmentsFor(items, traits.get(key!)!).join(','));
    }
    expect(json(await t.run(['--json', 'replay', '1']))).toMatchObject({ match: true });
  });

  it('leaves out the subjects none of whose items applies', async () => {
    const t = countyDb();
    sqlite(t.db, "UPDATE items SET industries = 'C'");
    expect((await t.run(PLAN)).code).toBe(0);
    expect((await seeded(t, ['run', '2022-001', '--seed', SEED])).code).toBe(0);
    const { pkg } = await exported(t, 'pkg.json');
    const rows = pkg.snapshots.subjects.trimEnd().split('\n').length;
    const eligible = Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active' AND (industry_code LIKE 'C%' OR industry_code = '')"));
    const active = Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active'"));
    expect(rows).toBe(pkg.parameters.snapshots.subjects.rows);
    expect(rows).toBeLessThan(active);
    expect(rows).toBe(eligible); // a blank industry code is not ruled out (core/applicability)
    const codes = new Map(sqlite(t.db, "SELECT credit_code || '|' || industry_code FROM subjects").split('\n').map((l) => l.split('|') as [string, string]));
    for (const s of pkg.expected.sheets) expect(codes.get(s.key)!).toMatch(/^(C|$)/);
  });
});

describe('rejections and substitutes, replayed', () => {
  /**
   * Makes a draw's rejections through `draw confirm --reject` (one confirmation per department, in
   * seq order), and checks that what the confirmation wrote is what the core computes.
   */
  async function record(t: Db, pkg: Package, changes: RejectChange[]) {
    const input = fromTexts(pkg.snapshots, pkg.parameters, pkg.draw.seed);
    const output = runDraw(input);
    const { state, outcomes } = applySheetChanges(input, output, changes);
    const groups: { department: string; rejects: string[] }[] = [];
    for (const c of changes) {
      const last = groups.at(-1);
      const flag = `${c.sheet}=${c.cancels ? 'gone' : 'not_remit'}`;
      if (last?.department === c.department) last.rejects.push(flag);
      else groups.push({ department: c.department, rejects: [flag] });
    }
    for (const g of groups) {
      const r = await t.run(['confirm', '1', '--department', g.department, ...g.rejects.flatMap((x) => ['--reject', x])]);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const [n, c] of changes.entries()) {
      const o = outcomes[n]!;
      const substitute = o.kind === 'cancelled' && o.substitute ? String(o.substitute.number) : '';
      expect(sqlite(t.db, `SELECT number || '|' || department || '|' || cancels || '|' || IFNULL(substitute, '') FROM rejections WHERE draw_id = 1 AND seq = ${c.seq}`))
        .toBe(`${c.sheet}|${c.department}|${c.cancels ? 1 : 0}|${substitute}`);
    }
    return { state, outcomes };
  }

  it('a department rejection and a subject rejection with its substitute replay from the database and the package; a replacement after them takes the shared cursor', async () => {
    const t = await drawn();
    const { pkg } = await exported(t, 'before.json');
    const sheets = pkg.expected.sheets;
    const two = sheets.find((s) => new Set(s.inspectors.map((i) => i.department)).size >= 2)!;
    const other = sheets.find((s) => s.number !== two.number)!;
    const stranger = sheets.find((s) => s.number !== two.number && s.number !== other.number)!;
    const { state, outcomes } = await record(t, pkg, [
      { kind: 'reject', seq: 1, sheet: two.number, department: two.inspectors.at(-1)!.department, cancels: false, skipped: [], excluded: { conflicts: [], inactive: [] } },
      { kind: 'reject', seq: 2, sheet: other.number, department: other.inspectors[0]!.department, cancels: true, skipped: [], excluded: { conflicts: [], inactive: [] } },
    ]);
    const sub = outcomes[1]!.kind === 'cancelled' ? outcomes[1]!.substitute! : null;
    expect(sub).not.toBeNull();
    expect(sub!.number).toBe(sheets.length + 1);
    expect(sheets.some((s) => s.key === sub!.key)).toBe(false);

    const db = await t.run(['--json', 'replay', '1']);
    expect(db.code, db.stdout).toBe(0);
    expect(json(db)).toMatchObject({ match: true, sheets: sheets.length + 1 });

    // a replacement afterwards: seq 3, from the cursor the substitute's team left
    const leaving = stranger.inspectors[0]!;
    const r = json(await t.run(['--json', 'replace', `1/${stranger.number}`, '--inspector', leaving.certificate, '--reason', '回避', '--approved-by', '王局长']));
    expect(sqlite(t.db, `SELECT seq FROM replacements WHERE draw_id = 1`)).toBe('3');
    const pool = runDraw(fromTexts(pkg.snapshots, pkg.parameters, pkg.draw.seed)).pools.find((p) => p.department === leaving.department)!.order;
    const cursor = state.cursors[leaving.department]!;
    const onSheet = new Set(stranger.inspectors.map((i) => i.certificate));
    const conflicted = new Set(sqlite(t.db, `SELECT certificate FROM conflicts WHERE credit_code = '${stranger.key}' AND active = 1`).split('\n'));
    const expected = Array.from({ length: pool.length }, (_, k) => pool[(cursor + k) % pool.length]!).find((c) => !onSheet.has(c) && !conflicted.has(c));
    expect(r.substitute).toBe(expected);

    const { file, pkg: after } = await exported(t, 'after.json');
    expect(after.rejections).toHaveLength(2);
    expect(JSON.stringify(after.rejections)).not.toContain('"note"');
    expect(after.expected.sheets.find((s) => s.number === other.number)!.cancelledBy).toBe(2);
    expect(after.expected.sheets.at(-1)).toMatchObject({ number: sub!.number, key: sub!.key, substituteFor: other.number });
    const p = await draw(['--json', 'replay', '--package', file]);
    expect(p.code, p.stdout).toBe(0);
    expect(json(p)).toMatchObject({ match: true, source: 'package' });
    expect(json(await t.run(['--json', 'replay', '1']))).toMatchObject({ match: true });

    // a replacement on the cancelled sheet is refused
    const cancelled = await t.run(['replace', `1/${other.number}`, '--inspector', other.inspectors[0]!.certificate, '--reason', '回避', '--approved-by', '王局长']);
    expect(cancelled.code).toBe(2);
    expect(cancelled.stderr).toContain('已作废');
  });

  it('a substitute sheet that is not the rule\'s, or a rejection left out of the package, fails the replay (exit 4)', async () => {
    const t = await drawn();
    const { pkg } = await exported(t, 'before.json');
    const target = pkg.expected.sheets[0]!;
    await record(t, pkg, [{ kind: 'reject', seq: 1, sheet: target.number, department: target.inspectors[0]!.department, cancels: true, skipped: [], excluded: { conflicts: [], inactive: [] } }]);
    const { file, pkg: after } = await exported(t, 'after.json');
    expect(json(await draw(['--json', 'replay', '--package', file]))).toMatchObject({ match: true });

    // the package without its rejection (resealed integrity is not needed: the replay finds the difference)
    const { rejections: _, ...without } = after as Package & Record<string, unknown>;
    const cut = join(t.dir, 'cut.json');
    writeFileSync(cut, JSON.stringify(without));
    const c = await draw(['--json', 'replay', '--package', cut]);
    expect(c.code).toBe(4);
    expect(json(c).differences.map((d: { what: string }) => d.what)).toEqual(expect.arrayContaining(['sheet-count']));

    // another subject put on the substitute sheet in the database
    const n = pkg.expected.sheets.length + 1;
    const key = sqlite(t.db, `SELECT credit_code FROM subjects WHERE credit_code NOT IN (SELECT credit_code FROM sheets) LIMIT 1`);
    sqlite(t.db, `UPDATE sheets SET credit_code = '${key}' WHERE draw_id = 1 AND number = ${n}`);
    const d = await t.run(['--json', 'replay', '1']);
    expect(d.code).toBe(4);
    expect(json(d).differences).toContainEqual(expect.objectContaining({ what: 'sheet', number: n, field: 'subject' }));

    // a recorded substitute number the rule does not give
    sqlite(t.db, `UPDATE sheets SET credit_code = (SELECT key FROM (SELECT '${after.expected.sheets.at(-1)!.key}' AS key)) WHERE draw_id = 1 AND number = ${n}; UPDATE rejections SET substitute = NULL WHERE draw_id = 1`);
    const e = await t.run(['--json', 'replay', '1']);
    expect(e.code).toBe(4);
    expect(json(e).differences).toContainEqual(expect.objectContaining({ what: 'rejection', seq: 1, expected: String(n), found: '-' }));
  });

  it('a rejection or substitute that differs from what its confirmation logged is a replay difference (exit 4) naming it', async () => {
    const t = await drawn();
    const { pkg } = await exported(t, 'before.json');
    const [target, second] = pkg.expected.sheets;
    await record(t, pkg, [{ kind: 'reject', seq: 1, sheet: target!.number, department: target!.inspectors[0]!.department, cancels: true, skipped: [], excluded: { conflicts: [], inactive: [] } }]);
    const n = pkg.expected.sheets.length + 1;
    const audits = (r: { stdout: string }) => (json(r).differences as { what: string; detail?: string }[]).filter((d) => d.what === 'audit').map((d) => d.detail);
    expect(json(await t.run(['--json', 'replay', '1']))).toMatchObject({ match: true });
    const { file, pkg: after } = await exported(t, 'after.json');
    expect(json(await draw(['--json', 'replay', '--package', file]))).toMatchObject({ match: true });
    const keep = sqlite(t.db, 'SELECT quote(reason) FROM rejections WHERE seq = 1');

    // the reason edited (the replay itself does not depend on it: only the log tells)
    sqlite(t.db, "UPDATE rejections SET reason = 'not_found' WHERE draw_id = 1 AND seq = 1");
    let r = await t.run(['--json', '--lang', 'en', 'replay', '1']);
    expect(r.code).toBe(4);
    expect(audits(r)).toEqual([`change 1 (the rejection of sheet ${target!.number}) differs from what the department's confirmation logged`]);
    sqlite(t.db, `UPDATE rejections SET reason = ${keep} WHERE draw_id = 1 AND seq = 1`);
    expect((await t.run(['replay', '1'])).code).toBe(0);

    // a department rejection inserted behind the tool's back, its team changed to match
    const department = second!.inspectors.at(-1)!.department;
    const team = JSON.stringify(second!.inspectors.filter((i) => i.department !== department).map((i) => [i.department, i.certificate]));
    sqlite(t.db, `INSERT INTO rejections (draw_id, seq, number, department, reason, note, cancels, substitute, skipped, excluded, at, operator)
      VALUES (1, 2, ${second!.number}, '${department}', 'not_remit', '', 0, NULL, '[]', '{"conflicts":[],"inactive":[]}', '2022-04-02T01:00:00Z', 'x');
      UPDATE sheets SET team = '${team}' WHERE draw_id = 1 AND number = ${second!.number}`);
    r = await t.run(['--json', '--lang', 'en', 'replay', '1']);
    expect(r.code).toBe(4);
    expect(audits(r)).toContain(`change 2 (the rejection of sheet ${second!.number}) differs from what the department's confirmation logged`);

    // the logged rejection deleted, with its substitute (the replay then sees one sheet fewer too)
    sqlite(t.db, `DELETE FROM rejections WHERE draw_id = 1; DELETE FROM sheets WHERE draw_id = 1 AND number = ${n}; UPDATE sheets SET cancelled_by = NULL WHERE draw_id = 1`);
    r = await t.run(['--json', '--lang', 'en', 'replay', '1']);
    expect(r.code).toBe(4);
    expect(audits(r)).toContain(`the audit log has change 1 (the rejection of sheet ${target!.number}), but the database has no such rejection`);

    // in a package: the substitute's stratum edited, the rejection's reason edited
    const edited = JSON.parse(JSON.stringify(after)) as Package & { rejections: { reason: string }[]; expected: { sheets: { stratum?: string }[] } };
    edited.rejections[0]!.reason = 'other';
    edited.expected.sheets.at(-1)!.stratum = 'X';
    const cut = join(t.dir, 'edited.json');
    writeFileSync(cut, JSON.stringify(edited));
    r = await draw(['--json', '--lang', 'en', 'replay', '--package', cut]);
    expect(r.code).toBe(4);
    expect(audits(r)).toEqual(expect.arrayContaining([
      `the package's change 1 (the rejection of sheet ${target!.number}) differs from its audit entry`,
      `the package's substitute sheet ${n} (standing in for sheet ${target!.number}) differs from its audit entry`,
    ]));
  });

  it('a package of a draw without rejections carries an empty list, and verifies', async () => {
    const t = await drawn();
    const { file, pkg } = await exported(t, 'pkg.json');
    expect(pkg.rejections).toEqual([]);
    expect(json(await draw(['--json', 'replay', '--package', file]))).toMatchObject({ match: true });
  });
});
