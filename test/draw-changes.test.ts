// Unit tests of draw-core/2 and of the changes to a drawn draw (src/core/draw/changes.ts):
// rejections, cancelled sheets and their substitutes, replacements sharing the cursor.

import { describe, expect, it } from 'vitest';
import {
  DrawRefusedError,
  LABEL,
  Stream,
  StratumOrder,
  applyChange,
  applySheetChanges,
  changeContext,
  checkFeasible,
  initialChangedDraw,
  matchDepartment,
  partialFisherYates,
  runDraw,
  snapshotHashes,
  sortUtf8,
  subjectLine,
  type DrawInput,
  type RejectChange,
  type Refusal,
} from '../src/core/draw/index.js';

const DEPARTMENTS = [
  { code: 'SCJG', teamSize: 2, inspectors: ['S1', 'S2', 'S3', 'S4', 'S5'] },
  { code: 'SWJ', teamSize: 1, inspectors: ['W1', 'W2', 'W3'] },
  { code: 'HBJ', teamSize: 2, inspectors: ['H1', 'H2', 'H3', 'H4'] },
];

/** 30 subjects in two strata; under draw-core/2 each has some of the three departments. */
function input(algorithm: 'draw-core/1' | 'draw-core/2', overrides: Partial<DrawInput> = {}): DrawInput {
  const kinds = [['SCJG'], ['SCJG', 'SWJ'], ['HBJ', 'SCJG'], ['SWJ'], ['HBJ', 'SCJG', 'SWJ']];
  return {
    algorithm,
    seed: 'changes-seed',
    subjects: Array.from({ length: 30 }, (_, i) => ({
      key: `K${String(i).padStart(2, '0')}`,
      stratum: i % 3 === 0 ? 'D' : 'A',
      ...(algorithm === 'draw-core/2' ? { departments: kinds[i % kinds.length]! } : {}),
    })),
    strata: [{ stratum: 'A', ppm: 200_000 }, { stratum: 'D', ppm: 300_000 }],
    departments: DEPARTMENTS,
    conflicts: [{ certificate: 'S1', key: 'K01' }],
    ...overrides,
  };
}

const codes = (r: Refusal[]) => r.map((x) => x.code);
const reject = (seq: number, sheet: number, department: string, cancels: boolean, more: Partial<RejectChange> = {}): RejectChange => ({
  kind: 'reject', seq, sheet, department, cancels, skipped: [], excluded: { conflicts: [], inactive: [] }, ...more,
});

describe('draw-core/2', () => {
  it('puts on each sheet exactly its subject\'s departments, in code order', () => {
    const i = input('draw-core/2');
    const out = runDraw(i);
    const of = new Map(i.subjects.map((s) => [s.key, sortUtf8([...s.departments!])]));
    for (const s of out.sheets) {
      const on = [...new Set(s.inspectors.map((x) => x.department))];
      expect(on).toEqual(of.get(s.key));
      for (const d of DEPARTMENTS) expect(s.inspectors.filter((x) => x.department === d.code).length).toBe(on.includes(d.code) ? d.teamSize : 0);
    }
  });

  it('draws the same subjects and pool orders as draw-core/1, and matches each department over its own sheets only', () => {
    const v1 = runDraw(input('draw-core/1'));
    const v2 = runDraw(input('draw-core/2'));
    expect(v2.sheets.map((s) => s.key)).toEqual(v1.sheets.map((s) => s.key));
    expect(v2.pools).toEqual(v1.pools);
    for (const d of DEPARTMENTS) {
      const pool = sortUtf8([...d.inspectors]);
      const own = v2.sheets.filter((s) => s.inspectors.some((x) => x.department === d.code));
      const picks = matchDepartment({
        poolSize: pool.length, teamSize: d.teamSize, sheetCount: own.length,
        conflictsOfSheet: (r) => (d.code === 'SCJG' && own[r]!.key === 'K01' ? new Set([pool.indexOf('S1')]) : undefined),
        rng: new Stream('changes-seed', [LABEL.match, d.code]),
      });
      own.forEach((s, r) => {
        expect(s.inspectors.filter((x) => x.department === d.code).map((x) => x.certificate))
          .toEqual(Array.from(picks.slice(r * d.teamSize, (r + 1) * d.teamSize), (p) => pool[p]));
      });
    }
  });

  it('is draw-core/1 when every subject has every department', () => {
    const all = input('draw-core/2');
    all.subjects = all.subjects.map((s) => ({ ...s, departments: ['SWJ', 'HBJ', 'SCJG'] }));
    expect(runDraw(all)).toEqual(runDraw(input('draw-core/1')));
  });

  it('refuses a subject without a department, or naming one outside the draw, and a department code with a comma', () => {
    const i = input('draw-core/2');
    i.subjects[4] = { ...i.subjects[4]!, departments: [] };
    i.subjects[7] = { ...i.subjects[7]!, departments: ['SCJG', 'NOPE'] };
    i.subjects.push({ key: 'K99', stratum: 'A' });
    const r = checkFeasible(i);
    expect(r).toContainEqual({ code: 'subject-no-department', key: 'K04' });
    expect(r).toContainEqual({ code: 'subject-no-department', key: 'K99' });
    expect(r).toContainEqual({ code: 'subject-unknown-department', key: 'K07', department: 'NOPE' });
    const comma = input('draw-core/2', { departments: [...DEPARTMENTS, { code: 'A,B', teamSize: 1, inspectors: ['X1'] }] });
    expect(checkFeasible(comma)).toContainEqual({ code: 'invalid-text', field: 'department', value: 'A,B', reason: 'comma' });
    expect(() => runDraw(i)).toThrow(DrawRefusedError);
    expect(codes(checkFeasible({ ...input('draw-core/1'), algorithm: 'draw-core/9' as never }))).toEqual(['unknown-algorithm']);
  });

  it('has no total-team minimum, and checks conflicts only for a subject\'s own departments', () => {
    const one = [{ code: 'SWJ', teamSize: 1, inspectors: ['W1', 'W2'] }, { code: 'SCJG', teamSize: 1, inspectors: ['S1'] }];
    const subjects = [{ key: 'K1', stratum: 'A', departments: ['SWJ'] }, { key: 'K2', stratum: 'A', departments: ['SCJG'] }];
    const conflicts = [{ certificate: 'S1', key: 'K1' }];
    const base = { seed: 's', subjects, strata: [{ stratum: 'A', ppm: 1_000_000 }], departments: one, conflicts };
    expect(checkFeasible({ ...base, algorithm: 'draw-core/2' })).toEqual([]);
    expect(codes(checkFeasible({ ...base, subjects: subjects.map(({ departments: _, ...s }) => s) }))).toEqual(['subject-all-conflicted']);
    const alone = { ...base, departments: [one[0]!], conflicts: [], subjects: [{ key: 'K1', stratum: 'A', departments: ['SWJ'] }] };
    expect(checkFeasible({ ...alone, algorithm: 'draw-core/2' })).toEqual([]);
    expect(codes(checkFeasible({ ...alone, subjects: [{ key: 'K1', stratum: 'A' }] }))).toEqual(['team-too-small']);
    const teams = new Map(runDraw({ ...base, algorithm: 'draw-core/2' }).sheets.map((s) => [s.key, s.inspectors]));
    expect(teams.get('K2')).toEqual([{ department: 'SCJG', certificate: 'S1' }]);
    expect(teams.get('K1')).toHaveLength(1);
    expect(teams.get('K1')![0]!.department).toBe('SWJ');
  });

  it('writes a subject line with its departments sorted, and hashes it', () => {
    expect(subjectLine({ key: 'K', stratum: 'A级', departments: ['SWJ', 'HBJ', 'SWJ'] })).toBe('K\tA级\tHBJ,SWJ');
    expect(subjectLine({ key: 'K', stratum: 'A级' })).toBe('K\tA级');
    const i = input('draw-core/2');
    const v1 = snapshotHashes(input('draw-core/1'));
    const v2 = snapshotHashes(i);
    expect(v2.subjects.rows).toBe(30);
    expect(v2.subjects.sha256).not.toBe(v1.subjects.sha256);
    expect(v2.inspectors).toEqual(v1.inspectors);
  });
});

describe('the substitute rule', () => {
  it('a stratum\'s drawn order continues the partial Fisher–Yates on the same stream', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `K${i}`);
    const order = new StratumOrder('seed', 'A', keys);
    const full = partialFisherYates(keys, 12, new Stream('seed', [LABEL.subjects, 'A']));
    expect(order.at(7)).toBe(full[7]);
    expect(Array.from({ length: 12 }, (_, p) => order.at(p))).toEqual(full);
    expect(partialFisherYates(keys, 3, new Stream('seed', [LABEL.subjects, 'A']))).toEqual(full.slice(0, 3));
    expect(() => order.at(12)).toThrow(RangeError);
  });

  for (const algorithm of ['draw-core/1', 'draw-core/2'] as const) {
    it(`${algorithm}: a cancelling rejection brings in the next candidate of the stratum with a team from the cursor`, () => {
      const i = input(algorithm);
      const out = runDraw(i);
      const context = changeContext(i, out);
      const a = i.subjects.filter((s) => s.stratum === 'A').map((s) => s.key).sort();
      const full = partialFisherYates(a, a.length, new Stream(i.seed, [LABEL.subjects, 'A']));
      const k = out.strata.find((s) => s.stratum === 'A')!.drawn;
      expect(full.slice(0, k)).toEqual(out.sheets.filter((s) => s.stratum === 'A').map((s) => s.key));
      const sheet = out.sheets[1]!;
      const dept = sheet.inspectors[0]!.department;
      const { state, outcome } = applyChange(initialChangedDraw(out), reject(1, sheet.number, dept, true), context);
      expect(outcome.kind).toBe('cancelled');
      if (outcome.kind !== 'cancelled' || !outcome.substitute) throw new Error('no substitute');
      const sub = outcome.substitute;
      expect(sub).toMatchObject({ number: out.sheets.length + 1, key: full[k], stratum: 'A', position: k });
      expect(outcome.passedOver).toEqual([]);
      // its departments: draw-core/1 every one, draw-core/2 its own; each team the first of the pool order (cursor 0), no conflict here
      const own = algorithm === 'draw-core/1' ? ['HBJ', 'SCJG', 'SWJ'] : sortUtf8([...i.subjects.find((s) => s.key === sub.key)!.departments!]);
      const expected = own.flatMap((code) => {
        const d = DEPARTMENTS.find((x) => x.code === code)!;
        return out.pools.find((p) => p.department === code)!.order.slice(0, d.teamSize).map((certificate) => ({ department: code, certificate }));
      });
      expect(sub.inspectors).toEqual(expected);
      expect(state.sheets.at(-1)).toEqual({ number: sub.number, key: sub.key, stratum: 'A', inspectors: expected, substituteFor: sheet.number });
      expect(state.sheets[1]).toEqual({ ...sheet, cancelledBy: 1 }); // the cancelled sheet keeps its team
      expect(state.strataCursor.A).toBe(k + 1);
      for (const code of own) expect(state.cursors[code]).toBe(DEPARTMENTS.find((x) => x.code === code)!.teamSize);
    });
  }

  it('passes over the skipped and those without a full team, and the cursors persist over the draw\'s changes', () => {
    const i = input('draw-core/1');
    const out = runDraw(i);
    const a = i.subjects.filter((s) => s.stratum === 'A').map((s) => s.key).sort();
    const full = partialFisherYates(a, a.length, new Stream(i.seed, [LABEL.subjects, 'A']));
    const k = out.strata.find((s) => s.stratum === 'A')!.drawn;
    const swj = out.pools.find((p) => p.department === 'SWJ')!.order;
    // candidate k skipped; candidate k+1 conflicted with every SWJ inspector (no team); k+2 taken
    const conflicts = swj.map((certificate) => ({ certificate, key: full[k + 1]! }));
    const changes = [
      reject(1, 1, 'SCJG', true, { skipped: [full[k]!, 'NOT-A-CANDIDATE'], excluded: { conflicts, inactive: [] } }),
      reject(2, 2, 'SWJ', true, { excluded: { conflicts: [], inactive: [swj[1]!] } }),
    ];
    const { state, outcomes } = applySheetChanges(i, out, changes);
    const [first, second] = outcomes;
    if (first?.kind !== 'cancelled' || second?.kind !== 'cancelled') throw new Error('not cancelled');
    expect(first.passedOver).toEqual([
      { key: full[k], position: k, why: 'skipped' },
      { key: full[k + 1], position: k + 1, why: 'no-team', department: 'SWJ' },
    ]);
    expect(first.substitute).toMatchObject({ key: full[k + 2], position: k + 2, number: out.sheets.length + 1 });
    // the second substitute: the next position, numbered on; SWJ from its cursor (1) passing over the inactive swj[1]
    expect(second.substitute).toMatchObject({ key: full[k + 3], position: k + 3, number: out.sheets.length + 2 });
    expect(second.substitute!.inspectors.filter((x) => x.department === 'SWJ').map((x) => x.certificate)).toEqual([swj[2]]);
    expect(state.cursors.SWJ).toBe(0); // past position 2, wrapping
    expect(state.strataCursor.A).toBe(k + 4);
    // applied in seq order whatever order they come in
    expect(applySheetChanges(i, out, [...changes].reverse()).state).toEqual(state);
  });

  it('a replacement after a substitute starts at the cursor the substitute left, and vice versa', () => {
    const i = input('draw-core/1');
    const out = runDraw(i);
    const scjg = out.pools.find((p) => p.department === 'SCJG')!.order;
    const { state, outcomes } = applySheetChanges(i, out, [reject(1, 1, 'HBJ', true)]);
    expect(state.cursors.SCJG).toBe(2);
    const sheet = state.sheets[2]!;
    const leaving = sheet.inspectors.find((x) => x.department === 'SCJG')!.certificate;
    const onSheet = new Set(sheet.inspectors.map((x) => x.certificate));
    const next = [2, 3, 4, 0, 1].map((p) => scjg[p]!).find((c) => !onSheet.has(c) && !(c === 'S1' && sheet.key === 'K01'));
    const after = applySheetChanges(i, out, [
      reject(1, 1, 'HBJ', true),
      { kind: 'replace', seq: 2, sheet: sheet.number, department: 'SCJG', certificate: leaving, conflicts: i.conflicts },
    ]);
    expect(after.outcomes[0]).toEqual(outcomes[0]);
    expect(after.outcomes[1]).toMatchObject({ kind: 'replaced', substitute: next });
  });

  it('a department\'s rejection takes it off the sheet; the last one off cancels it; a cancelled sheet takes no change', () => {
    const i = input('draw-core/2');
    const out = runDraw(i);
    const two = out.sheets.find((s) => new Set(s.inspectors.map((x) => x.department)).size === 2)!;
    const [d1, d2] = [...new Set(two.inspectors.map((x) => x.department))] as [string, string];
    const { state, outcomes } = applySheetChanges(i, out, [
      reject(1, two.number, d1, false),
      reject(2, two.number, d1, false),
      reject(3, two.number, d2, false),
      reject(4, two.number, d2, false),
      { kind: 'replace', seq: 5, sheet: two.number, department: d2, certificate: two.inspectors.at(-1)!.certificate, conflicts: [] },
      reject(6, 999, d1, false),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['removed', 'refused', 'cancelled', 'refused', 'refused', 'refused']);
    expect(outcomes[1]).toMatchObject({ refusal: { code: 'department-not-on-sheet', sheet: two.number, department: d1 } });
    expect(outcomes[3]).toMatchObject({ refusal: { code: 'sheet-cancelled' } });
    expect(outcomes[5]).toMatchObject({ refusal: { code: 'unknown-sheet', sheet: 999 } });
    const after = state.sheets.find((s) => s.number === two.number)!;
    expect(after.cancelledBy).toBe(3);
    expect(after.inspectors).toEqual(two.inspectors.filter((x) => x.department === d2)); // as it stood when cancelled
  });

  it('finds no substitute when the stratum has none left, and says so', () => {
    const i = input('draw-core/1', { strata: [{ stratum: 'A', ppm: 1_000_000 }, { stratum: 'D', ppm: 1_000_000 }] });
    const out = runDraw(i);
    const { state, outcomes } = applySheetChanges(i, out, [reject(1, 1, 'SWJ', true)]);
    expect(outcomes[0]).toMatchObject({ kind: 'cancelled', substitute: null, passedOver: [] });
    expect(state.sheets).toHaveLength(out.sheets.length);
    expect(state.cursors).toEqual(initialChangedDraw(out).cursors);
  });
});
