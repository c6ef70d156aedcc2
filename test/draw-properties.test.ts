// Property tests of the draw core over random registries, ratios and seeds.

import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  DrawRefusedError,
  applyReplacements,
  checkFeasible,
  checkSeed,
  runDraw,
  snapshotHashes,
  stratumCount,
  type DrawInput,
  type DrawOutput,
  type ReplacementRequest,
} from '../src/core/draw/index.js';

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const NO_CONTROL = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const RUNS = { numRuns: 120 };

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const seedArb = fc.oneof(hex64, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }).filter(NO_CONTROL), fc.constant('2022-曲阳-示例'));
const ppmArb = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom(30_000, 50_000, 70_000, 125_000, 500_000, 1_000_000),
);
const stratumName = fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'A级', 'D级', '𠀀', 'ｆ', '\uE000'), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }).filter(NO_CONTROL));
const keyArb = fc.oneof(
  fc.stringMatching(/^9[123]130634MA[0-9A-HJ-NPQRTUWXY]{8}$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).filter(NO_CONTROL),
);
const departmentCode = fc.constantFrom('SCJG', 'SW', 'HBJ', 'WJ', '农业农村局', '𠀀局', 'ｆ');

interface Case {
  input: DrawInput;
  shuffleSeed: number;
}

/** A feasible random draw input. */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    seed: seedArb,
    strata: fc.uniqueArray(fc.record({ stratum: stratumName, ppm: ppmArb }), { minLength: 1, maxLength: 4, selector: (s) => s.stratum }),
    keys: fc.uniqueArray(keyArb, { minLength: 1, maxLength: 80, size: 'medium' }),
    picks: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
    departments: fc.uniqueArray(
      fc.record({ code: departmentCode, size: fc.integer({ min: 1, max: 8 }), team: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 1, maxLength: 4, selector: (d) => d.code },
    ),
    conflictPairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
    shuffleSeed: fc.integer(),
  })
  .map(({ seed, strata, keys, picks, departments: ds, conflictPairs, shuffleSeed }) => {
    const subjects = keys.map((key, i) => ({ key, stratum: strata[picks[i]! % strata.length]!.stratum }));
    const departments = ds.map((d) => ({
      code: d.code,
      teamSize: Math.min(d.team, d.size),
      inspectors: Array.from({ length: d.size }, (_, i) => `${d.code}-${i}`),
    }));
    if (departments.reduce((a, d) => a + d.teamSize, 0) < 2) {
      const d = departments[0]!;
      while (d.inspectors.length < 2) d.inspectors.push(`${d.code}-${d.inspectors.length}`);
      d.teamSize = 2;
    }
    // Keep only conflicts that leave every subject a full team in every department.
    const conflicts: DrawInput['conflicts'] = [];
    const left = new Map<string, number>();
    const all = departments.flatMap((d) => d.inspectors.map((c) => ({ d, c })));
    for (const [a, b] of conflictPairs) {
      const { d, c } = all[a % all.length]!;
      const key = keys[b % keys.length]!;
      if (conflicts.some((x) => x.certificate === c && x.key === key)) continue;
      const id = d.code + '\t' + key;
      const available = left.get(id) ?? d.inspectors.length;
      if (available - 1 < d.teamSize) continue;
      left.set(id, available - 1);
      conflicts.push({ certificate: c, key });
    }
    return { input: { seed, subjects, strata, departments, conflicts }, shuffleSeed };
  });

function shuffled<T>(items: readonly T[], rng: seedrandom.PRNG): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function reorder(input: DrawInput, seed: number): DrawInput {
  const rng = seedrandom(String(seed));
  return {
    seed: input.seed,
    subjects: shuffled(input.subjects, rng).map((s) => ({ ...s })),
    strata: shuffled(input.strata, rng),
    departments: shuffled(input.departments, rng).map((d) => ({ ...d, inspectors: shuffled(d.inspectors, rng) })),
    conflicts: shuffled(input.conflicts, rng),
  };
}

function drawnByStratum(out: DrawOutput): Map<string, string[]> {
  const m = new Map<string, string[]>(out.strata.map((s) => [s.stratum, []]));
  for (const s of out.sheets) m.get(s.stratum)!.push(s.key);
  return m;
}

function loadsOf(out: DrawOutput): Map<string, Map<string, number>> {
  const loads = new Map<string, Map<string, number>>();
  for (const p of out.pools) loads.set(p.department, new Map(p.order.map((c) => [c, 0])));
  for (const s of out.sheets) for (const i of s.inspectors) loads.get(i.department)!.set(i.certificate, loads.get(i.department)!.get(i.certificate)! + 1);
  return loads;
}

describe('draw properties', () => {
  it('the generator covers the interesting cases', () => {
    const sample = fc.sample(caseArb, { numRuns: 300, seed: 42 }).map((c) => c.input);
    const share = (f: (x: DrawInput) => boolean) => sample.filter(f).length / sample.length;
    expect(share((x) => x.conflicts.length > 0)).toBeGreaterThan(0.3);
    expect(share((x) => x.strata.length > 1)).toBeGreaterThan(0.3);
    expect(share((x) => x.departments.length > 1)).toBeGreaterThan(0.3);
    expect(share((x) => x.subjects.length >= 20)).toBeGreaterThan(0.1);
    expect(share((x) => x.departments.some((d) => d.teamSize > 1))).toBeGreaterThan(0.3);
    expect(share((x) => x.subjects.some((s) => /[\uD800-\uDFFF]/.test(s.key)))).toBeGreaterThan(0.05);
    // Conflicts that actually bind: some subject loses an inspector it would otherwise be free to get.
    expect(share((x) => x.conflicts.some((c) => x.subjects.some((s) => s.key === c.key)))).toBeGreaterThan(0.3);
  });

  it('generated inputs are feasible', () => {
    fc.assert(fc.property(caseArb, ({ input }) => {
        expect([...checkSeed(input.seed), ...checkFeasible(input)]).toEqual([]);
      }), RUNS);
  });

  it('same input ⇒ identical output', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        expect(runDraw(structuredClone(input))).toEqual(runDraw(input));
      }),
      RUNS,
    );
  });

  it('input order shuffled ⇒ identical output and identical snapshot hashes', () => {
    fc.assert(
      fc.property(caseArb, ({ input, shuffleSeed }) => {
        const other = reorder(input, shuffleSeed);
        expect(runDraw(other)).toEqual(runDraw(input));
        expect(snapshotHashes(other)).toEqual(snapshotHashes(input));
      }),
      RUNS,
    );
  });

  it('draws ceil(ratio × size) distinct subjects per stratum, sheets numbered across strata', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        const out = runDraw(input);
        const names = input.strata.map((s) => s.stratum).sort(bytewise);
        expect(out.strata.map((s) => s.stratum)).toEqual(names);
        for (const s of out.strata) {
          const members = input.subjects.filter((x) => x.stratum === s.stratum).map((x) => x.key);
          const ppm = input.strata.find((x) => x.stratum === s.stratum)!.ppm;
          expect(s.size).toBe(members.length);
          const ceil = Number((BigInt(ppm) * BigInt(members.length) + 999_999n) / 1_000_000n);
          expect(s.drawn).toBe(Math.min(members.length, ceil));
          expect(s.drawn).toBe(stratumCount(members.length, ppm));
          const drawn = drawnByStratum(out).get(s.stratum)!;
          expect(drawn).toHaveLength(s.drawn);
          for (const k of drawn) expect(members).toContain(k);
        }
        expect(out.sheets.map((s) => s.number)).toEqual(out.sheets.map((_, i) => i + 1));
        expect(new Set(out.sheets.map((s) => s.key)).size).toBe(out.sheets.length);
        const order = out.sheets.map((s) => names.indexOf(s.stratum));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('every sheet has teamSize distinct inspectors from each department, and no conflict', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        const out = runDraw(input);
        const codes = input.departments.map((d) => d.code).sort(bytewise);
        const conflict = new Set(input.conflicts.map((c) => c.certificate + '\t' + c.key));
        for (const sheet of out.sheets) {
          const expectedDepartments = codes.flatMap((c) => Array(input.departments.find((d) => d.code === c)!.teamSize).fill(c));
          expect(sheet.inspectors.map((i) => i.department)).toEqual(expectedDepartments);
          expect(new Set(sheet.inspectors.map((i) => i.certificate)).size).toBe(sheet.inspectors.length);
          for (const i of sheet.inspectors) {
            expect(input.departments.find((d) => d.code === i.department)!.inspectors).toContain(i.certificate);
            expect(conflict.has(i.certificate + '\t' + sheet.key)).toBe(false);
          }
        }
        for (const p of out.pools) {
          expect([...p.order].sort()).toEqual([...input.departments.find((d) => d.code === p.department)!.inspectors].sort());
        }
      }),
      RUNS,
    );
  });

  it('without conflicts, loads within a department differ by at most one', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        const out = runDraw({ ...input, conflicts: [] });
        for (const [, loads] of loadsOf(out)) {
          const v = [...loads.values()];
          expect(Math.max(...v) - Math.min(...v)).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('with conflicts, a higher load is chosen over a lower one only when the lower one is conflicted', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        const out = runDraw(input);
        const conflict = new Set(input.conflicts.map((c) => c.certificate + '\t' + c.key));
        const loads = new Map(input.departments.map((d) => [d.code, new Map(d.inspectors.map((c) => [c, 0]))]));
        for (const sheet of out.sheets) {
          for (const d of input.departments) {
            const chosen = sheet.inspectors.filter((i) => i.department === d.code).map((i) => i.certificate);
            const load = loads.get(d.code)!;
            const passedOver = d.inspectors.filter((c) => !chosen.includes(c) && !conflict.has(c + '\t' + sheet.key));
            for (const c of chosen) for (const p of passedOver) expect(load.get(c)!).toBeLessThanOrEqual(load.get(p)!);
            for (const c of chosen) load.set(c, load.get(c)! + 1);
          }
        }
      }),
      RUNS,
    );
  });

  it("changing one stratum's ratio does not change another stratum's drawn list", () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), ppmArb, ({ input }, which, ppm) => {
        const target = input.strata[which % input.strata.length]!.stratum;
        const changed = { ...input, strata: input.strata.map((s) => (s.stratum === target ? { ...s, ppm } : s)) };
        const a = drawnByStratum(runDraw(input));
        const b = drawnByStratum(runDraw(changed));
        for (const [stratum, list] of a) if (stratum !== target) expect(b.get(stratum)).toEqual(list);
        // Pool orders depend on neither subjects nor ratios.
        expect(runDraw(changed).pools).toEqual(runDraw(input).pools);
      }),
      RUNS,
    );
  });

  it('prefix stability: a larger ratio extends the drawn list', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), ppmArb, ppmArb, ({ input }, which, p1, p2) => {
        const target = input.strata[which % input.strata.length]!.stratum;
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const withPpm = (ppm: number) => ({ ...input, strata: input.strata.map((s) => (s.stratum === target ? { ...s, ppm } : s)) });
        const small = drawnByStratum(runDraw(withPpm(lo))).get(target)!;
        const large = drawnByStratum(runDraw(withPpm(hi))).get(target)!;
        expect(large.slice(0, small.length)).toEqual(small);
      }),
      RUNS,
    );
  });

  it('the seed matters: two different seeds rarely give the same draw', () => {
    fc.assert(
      fc.property(caseArb, hex64, hex64, ({ input: base }, s1, s2) => {
        fc.pre(s1 !== s2);
        const subjects = Array.from({ length: 40 }, (_, i) => ({ key: `K${i}`, stratum: base.strata[i % base.strata.length]!.stratum }));
        const input = { ...base, subjects, strata: base.strata.map((s) => ({ ...s, ppm: 300_000 })), conflicts: [] };
        const a = runDraw({ ...input, seed: s1 });
        const b = runDraw({ ...input, seed: s2 });
        const sig = (o: DrawOutput) => JSON.stringify([o.sheets.map((s) => s.key), o.pools]);
        expect(sig(a)).not.toBe(sig(b));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses exactly when checkFeasible or checkSeed refuses', () => {
    const loose = fc.record({
      seed: fc.oneof(fc.constant(''), fc.constant('a\nb'), seedArb),
      keys: fc.array(fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5', ''), { maxLength: 6 }),
      strata: fc.array(fc.record({ stratum: fc.constantFrom('A', 'B'), ppm: fc.constantFrom(0, 1, 500_000, 1_000_000, 2_000_000) }), { maxLength: 3 }),
      departments: fc.array(fc.record({ code: fc.constantFrom('X', 'Y', 'Z'), teamSize: fc.integer({ min: 0, max: 4 }), size: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }),
      conflicts: fc.array(fc.tuple(fc.constantFrom('X-0', 'X-1', 'Y-0', 'Y-1', 'Z-0'), fc.constantFrom('K1', 'K2', 'K3')), { maxLength: 8 }),
      strataPick: fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 6, maxLength: 6 }),
    });
    fc.assert(
      fc.property(loose, (l) => {
        const input: DrawInput = {
          seed: l.seed,
          subjects: l.keys.map((key, i) => ({ key, stratum: l.strataPick[i]! })),
          strata: l.strata,
          departments: l.departments.map((d) => ({ code: d.code, teamSize: d.teamSize, inspectors: Array.from({ length: d.size }, (_, i) => `${d.code}-${i}`) })),
          conflicts: l.conflicts.map(([certificate, key]) => ({ certificate, key })),
        };
        const refusals = [...checkSeed(input.seed), ...checkFeasible(input)];
        if (refusals.length === 0) {
          const out = runDraw(input);
          const conflict = new Set(input.conflicts.map((c) => c.certificate + '\t' + c.key));
          for (const s of out.sheets) for (const i of s.inspectors) expect(conflict.has(i.certificate + '\t' + s.key)).toBe(false);
        } else {
          let error: unknown;
          try {
            runDraw(input);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DrawRefusedError);
          expect((error as DrawRefusedError).refusals).toEqual(refusals);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replacements obey the rules and replay identically', () => {
    const requestsArb = fc.array(fc.record({ sheet: fc.nat(), slot: fc.nat(), extraConflict: fc.option(fc.nat()), active: fc.option(fc.nat()) }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(caseArb, requestsArb, ({ input }, raw) => {
        const out = runDraw(input);
        const requests: ReplacementRequest[] = [];
        let state = applyReplacements(out, []).state;
        for (const r of raw) {
          const sheet = state.sheets[r.sheet % state.sheets.length]!;
          const slot = sheet.inspectors[r.slot % sheet.inspectors.length]!;
          const pool = input.departments.find((d) => d.code === slot.department)!.inspectors;
          const conflicts = r.extraConflict === null ? input.conflicts : [...input.conflicts, { certificate: pool[r.extraConflict % pool.length]!, key: sheet.key }];
          const req: ReplacementRequest = {
            sheet: sheet.number,
            department: slot.department,
            certificate: slot.certificate,
            conflicts,
            ...(r.active === null ? {} : { activeInspectors: pool.filter((_, i) => (i + r.active!) % 2 === 0) }),
          };
          requests.push(req);
          const before = state;
          const { outcomes, state: after } = applyReplacements(out, requests);
          const outcome = outcomes[outcomes.length - 1]!;
          const onSheet = new Set(sheet.inspectors.map((i) => i.certificate));
          const ok = (c: string) =>
            !onSheet.has(c) &&
            !conflicts.some((x) => x.certificate === c && x.key === sheet.key) &&
            (req.activeInspectors === undefined || req.activeInspectors.includes(c));
          if (outcome.kind === 'replaced') {
            expect(pool).toContain(outcome.substitute);
            expect(ok(outcome.substitute)).toBe(true);
            const newSheet = after.sheets.find((s) => s.number === sheet.number)!;
            expect(newSheet.inspectors.map((i) => i.certificate)).toContain(outcome.substitute);
            expect(newSheet.inspectors.map((i) => i.certificate)).not.toContain(slot.certificate);
            // The substitute is the first eligible one from the cursor on.
            const order = out.pools.find((p) => p.department === slot.department)!.order;
            const start = before.cursors[slot.department]!;
            for (let k = 0; order[(start + k) % order.length] !== outcome.substitute; k++) expect(ok(order[(start + k) % order.length]!)).toBe(false);
          } else {
            expect(outcome.kind).toBe('none-left');
            expect(pool.filter(ok)).toEqual([]);
            expect(after).toEqual(before);
          }
          state = after;
        }
        // A replay from a fresh draw gives the same substitutes and the same final sheets.
        const replay = applyReplacements(runDraw(reorder(input, 1)), requests);
        expect(replay.state).toEqual(state);
      }),
      { numRuns: 80 },
    );
  });
});
