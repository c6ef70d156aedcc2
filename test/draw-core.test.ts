// Unit tests of the pure draw core (src/core/draw).

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  DRAW_ALGORITHM,
  DRAW_ALGORITHMS,
  DrawRefusedError,
  Stream,
  applyReplacements,
  checkFeasible,
  checkSeed,
  compareUtf8,
  deriveStreamHex,
  formatPpm,
  hashSortedLines,
  initialReplacementState,
  matchDepartment,
  parseRatio,
  partialFisherYates,
  replaceInspector,
  runDraw,
  shuffle,
  snapshotHashes,
  sortByUtf8,
  sortUtf8,
  sortedIndex,
  stratumCount,
  subjectLines,
  uniformInt,
  type DrawInput,
  type Int32Source,
  type Refusal,
} from '../src/core/draw/index.js';

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** A fake generator that returns the given int32 values in turn (as seedrandom does: signed). */
function fake(values: number[]): Int32Source & { used: number } {
  let at = 0;
  return {
    get used() {
      return at;
    },
    int32() {
      if (at >= values.length) throw new Error('fake rng exhausted');
      return values[at++]! | 0;
    },
  };
}

function baseInput(overrides: Partial<DrawInput> = {}): DrawInput {
  return {
    seed: 'test-seed',
    subjects: Array.from({ length: 40 }, (_, i) => ({ key: `K${String(i).padStart(3, '0')}`, stratum: i % 4 === 0 ? 'D' : 'A' })),
    strata: [
      { stratum: 'A', ppm: 100_000 },
      { stratum: 'D', ppm: 500_000 },
    ],
    departments: [
      { code: 'SCJG', teamSize: 2, inspectors: ['S1', 'S2', 'S3', 'S4', 'S5'] },
      { code: 'SW', teamSize: 1, inspectors: ['W1', 'W2', 'W3'] },
    ],
    conflicts: [],
    ...overrides,
  };
}

describe('ordering (bytewise UTF-8)', () => {
  it('puts a character above U+FFFF after U+FF46, unlike UTF-16 order', () => {
    const astral = '\u{20000}'; // 𠀀, a surrogate pair in UTF-16
    const fullwidth = '\uFF46'; // ｆ
    expect(astral < fullwidth).toBe(true); // JavaScript compares UTF-16 code units
    expect(compareUtf8(astral, fullwidth)).toBeGreaterThan(0);
    expect(compareUtf8(fullwidth, astral)).toBeLessThan(0);
    expect(sortUtf8([astral, fullwidth, 'a', '\uE000', '中'])).toEqual(['a', '中', '\uE000', fullwidth, astral]);
  });

  it('orders prefixes first, digits as bytes, upper case before lower case', () => {
    expect(sortUtf8(['9', '10', 'a', 'A', 'Z', 'AB', ''])).toEqual(['', '10', '9', 'A', 'AB', 'Z', 'a']);
    expect(compareUtf8('abc', 'abc')).toBe(0);
    expect(compareUtf8('ab', 'abc')).toBeLessThan(0);
  });

  it('agrees with Buffer.compare on arbitrary Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(sign(compareUtf8(a, b))).toBe(sign(bytewise(a, b)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 60 }), (values) => {
        expect(sortUtf8([...values])).toEqual([...values].sort(bytewise));
      }),
    );
  });

  it('sorts large arrays (radix path) exactly like Buffer.compare', () => {
    const rng = seedrandom('large');
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const codes = Array.from({ length: 5000 }, () =>
      Array.from({ length: 10 + Math.floor(rng() * 9) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join(''),
    );
    codes.push(codes[7]!, codes[8]!); // duplicates
    expect(sortUtf8([...codes])).toEqual([...codes].sort(bytewise));
    const chinese = Array.from({ length: 3000 }, () => String.fromCharCode(0x4e00 + Math.floor(rng() * 300), 0x4e00 + Math.floor(rng() * 300)));
    expect(sortUtf8([...chinese])).toEqual([...chinese].sort(bytewise));
    // With surrogates and the U+E000–U+FFFF range mixed in: the comparison fallback.
    const mixed = [...chinese.slice(0, 2500), '\u{20000}', '\uFF46', '\u{1F600}x', '\uFFFFa', '\u{10000}'];
    expect(sortUtf8([...mixed])).toEqual([...mixed].sort(bytewise));
  });

  it('sortedIndex is stable and sortByUtf8 sorts objects by a field', () => {
    const values = Array.from({ length: 4000 }, (_, i) => `k${i % 1000}`);
    const order = sortedIndex(values);
    for (let i = 1; i < order.length; i++) {
      const c = bytewise(values[order[i - 1]!]!, values[order[i]!]!);
      expect(c < 0 || (c === 0 && order[i - 1]! < order[i]!)).toBe(true);
    }
    const objs = [{ k: 'b' }, { k: '\u{20000}' }, { k: '\uFF46' }, { k: 'a' }];
    expect(sortByUtf8(objs, (o) => o.k).map((o) => o.k)).toEqual(['a', 'b', '\uFF46', '\u{20000}']);
  });
});

describe('derived streams', () => {
  it('hashes UTF-8(seed) ‖ 0x1f ‖ labels joined by 0x1f (fixed vectors)', () => {
    const bytes = Buffer.concat([Buffer.from('2022-曲阳-示例'), Buffer.from([0x1f]), Buffer.from('subjects'), Buffer.from([0x1f]), Buffer.from('A级')]);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(deriveStreamHex('2022-曲阳-示例', ['subjects', 'A级'])).toBe(expected);
    expect(expected).toBe('bc4db000af8e953b823db0357b692bfb505482b0cd074c62996d7caffd93f984');
    expect(deriveStreamHex('abc', ['match', 'SCJG'])).toBe(createHash('sha256').update('abc\x1fmatch\x1fSCJG').digest('hex'));
  });

  it('feeds the 64-hex key to seedrandom ARC4 and returns its int32 values', () => {
    const stream = new Stream('2022-曲阳-示例', ['subjects', 'A级']);
    expect(stream.hex).toBe('bc4db000af8e953b823db0357b692bfb505482b0cd074c62996d7caffd93f984');
    const sr = seedrandom(stream.hex);
    const first = stream.int32();
    expect(first).toBe(sr.int32());
    expect(first >>> 0).toBe(2556946155);
    for (let i = 0; i < 100; i++) expect(stream.int32()).toBe(sr.int32());
  });

  it('never touches Math.random', () => {
    const before = Math.random;
    runDraw(baseInput());
    expect(Math.random).toBe(before);
  });

  it('different labels and different seeds give unrelated keys', () => {
    const a = deriveStreamHex('s', ['subjects', 'A']);
    expect(deriveStreamHex('s', ['subjects', 'B'])).not.toBe(a);
    expect(deriveStreamHex('t', ['subjects', 'A'])).not.toBe(a);
    expect(deriveStreamHex('s', ['inspectors', 'A'])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('unbiased integers', () => {
  it('rejects at the boundary 2^32 − (2^32 mod n)', () => {
    // n = 3: 2^32 mod 3 = 1, so the limit is 2^32 − 1 and only u = 0xFFFFFFFF is rejected.
    const r = fake([0xffffffff, 0xfffffffe]);
    expect(uniformInt(r, 3)).toBe(0xfffffffe % 3);
    expect(r.used).toBe(2);
    // n = 2^31 + 1: the limit is 2^31 + 1, so 2^31 + 1 is rejected and 2^31 accepted.
    const n = 2 ** 31 + 1;
    const r2 = fake([2 ** 31 + 1, 0xffffffff, 2 ** 31]);
    expect(uniformInt(r2, n)).toBe(2 ** 31);
    expect(r2.used).toBe(3);
    // Just below the limit is accepted.
    expect(uniformInt(fake([2 ** 31]), n)).toBe(2 ** 31);
  });

  it('reads unsigned values (int32() >>> 0) and takes u mod n', () => {
    // -7 is 0xFFFFFFF9 = 4294967289, below the limit 2^32 − 6 for n = 10; -1 (0xFFFFFFFF) is above it.
    expect(uniformInt(fake([-7]), 10)).toBe(4294967289 % 10);
    expect(uniformInt(fake([-1, -7]), 10)).toBe(9);
    expect(uniformInt(fake([-2147483648]), 7)).toBe(2 ** 31 % 7);
    expect(uniformInt(fake([12345]), 2 ** 32)).toBe(12345);
  });

  it('consumes one value even for n = 1, and refuses a bad n', () => {
    const r = fake([42]);
    expect(uniformInt(r, 1)).toBe(0);
    expect(r.used).toBe(1);
    expect(() => uniformInt(fake([1]), 0)).toThrow(RangeError);
    expect(() => uniformInt(fake([1]), 1.5)).toThrow(RangeError);
    expect(() => uniformInt(fake([1]), 2 ** 32 + 1)).toThrow(RangeError);
  });

  it('is uniform on a small range (chi-square sanity check)', () => {
    const s = new Stream('uniformity', ['test']);
    const counts = new Array<number>(6).fill(0);
    const N = 60_000;
    for (let i = 0; i < N; i++) counts[s.uniform(6)]!++;
    const chi = counts.reduce((acc, c) => acc + (c - N / 6) ** 2 / (N / 6), 0);
    expect(chi).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });
});

describe('counts per stratum', () => {
  it('is the exact ceiling, capped at the size', () => {
    expect(stratumCount(100, 70_000)).toBe(7); // 0.07 × 100 = 7.000000000000001 in floating point
    expect(stratumCount(1, 30_000)).toBe(1);
    expect(stratumCount(8, 300_000)).toBe(3);
    expect(stratumCount(4, 500_000)).toBe(2);
    expect(stratumCount(0, 500_000)).toBe(0);
    expect(stratumCount(5, 1_000_000)).toBe(5);
    expect(stratumCount(1_000_000, 1)).toBe(1);
    expect(stratumCount(8_000_000, 1)).toBe(8);
    expect(stratumCount(1_000_000, 999_999)).toBe(999_999);
    expect(stratumCount(1_000_001, 999_999)).toBe(1_000_000);
    expect(stratumCount(300, 10_000)).toBe(3);
    expect(stratumCount(301, 10_000)).toBe(4);
  });

  it('agrees with BigInt arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (size, ppm) => {
        const c = Number((BigInt(size) * BigInt(ppm) + 999_999n) / 1_000_000n);
        expect(stratumCount(size, ppm)).toBe(Math.min(size, c));
      }),
    );
  });

  it('refuses bad arguments', () => {
    expect(() => stratumCount(10, 0)).toThrow(RangeError);
    expect(() => stratumCount(10, 1_000_001)).toThrow(RangeError);
    expect(() => stratumCount(-1, 5)).toThrow(RangeError);
  });
});

describe('parseRatio', () => {
  const cases: [string, number | null][] = [
    ['5%', 50_000],
    ['0.05', 50_000],
    ['.05', 50_000],
    ['12.5%', 125_000],
    ['3‰', 3_000],
    ['3.5‰', 3_500],
    ['5‱', 500],
    ['0.07', 70_000],
    ['7%', 70_000],
    ['0.10', 100_000],
    ['100%', 1_000_000],
    ['1', 1_000_000],
    ['1.0', 1_000_000],
    ['0.000001', 1],
    ['0.0001%', 1],
    ['5.000000%', 50_000],
    [' 5 % ', 50_000],
    ['\u30005%\u3000', 50_000],
    ['５％', 50_000],
    ['０．０５', 50_000],
    ['0005%', 50_000],
    ['0', null],
    ['0%', null],
    ['0.0', null],
    ['101%', null],
    ['1.000001', null],
    ['1.5', null],
    ['5', null],
    ['5.', null],
    ['-5%', null],
    ['+5%', null],
    ['5e-2', null],
    ['0.0000001', null],
    ['0.00001%', null],
    ['1.0000000001', null],
    ['abc', null],
    ['', null],
    ['%', null],
    ['.', null],
    ['5%%', null],
    ['0.05%5', null],
    ['5,5%', null],
    ['0x10%', null],
  ];
  it.each(cases)('%j → %j', (text, ppm) => {
    expect(parseRatio(text)).toBe(ppm);
  });

  it('is exact for every whole percentage and per mille', () => {
    for (let p = 1; p <= 100; p++) {
      expect(parseRatio(`${p}%`)).toBe(p * 10_000);
      expect(parseRatio((p / 100).toFixed(2))).toBe(p * 10_000);
    }
    for (let p = 1; p <= 1000; p++) expect(parseRatio(`${p}‰`)).toBe(p * 1_000);
  });

  it('round-trips through formatPpm', () => {
    expect(formatPpm(125_000)).toBe('12.5%');
    expect(formatPpm(70_000)).toBe('7%');
    expect(formatPpm(1)).toBe('0.0001%');
    expect(formatPpm(1_000_000)).toBe('100%');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (ppm) => {
        expect(parseRatio(formatPpm(ppm))).toBe(ppm);
      }),
    );
  });
});

describe('sampling', () => {
  it('is a partial Fisher–Yates: j = i + uniform(n − i)', () => {
    // n = 5, draws: u mod 5 = 3, u mod 4 = 0, u mod 3 = 2
    const out = partialFisherYates(['a', 'b', 'c', 'd', 'e'], 3, fake([3, 4, 5]));
    // i=0: swap 0,3 → d b c a e; i=1: swap 1,1; i=2: swap 2,4 → d b e a c
    expect(out).toEqual(['d', 'b', 'e']);
  });

  it('is prefix-stable and does not modify its input', () => {
    const items = Array.from({ length: 50 }, (_, i) => `x${i}`);
    const copy = [...items];
    const small = partialFisherYates(items, 5, new Stream('p', ['q']));
    const large = partialFisherYates(items, 20, new Stream('p', ['q']));
    expect(large.slice(0, 5)).toEqual(small);
    expect(items).toEqual(copy);
    expect(new Set(large).size).toBe(20);
    const full = shuffle(items, new Stream('p', ['q']));
    expect(full.slice(0, 20)).toEqual(large);
    expect([...full].sort()).toEqual([...items].sort());
  });
});

describe('matching', () => {
  const run = (m: number, t: number, sheets: number, conflicts: Map<number, Set<number>> = new Map(), seed = 'm') =>
    matchDepartment({ poolSize: m, teamSize: t, sheetCount: sheets, conflictsOfSheet: (s) => conflicts.get(s), rng: new Stream(seed, ['match', 'X']) });

  it('gives every sheet t distinct inspectors and balances loads to within one', () => {
    for (const [m, t, n] of [[5, 2, 37], [3, 3, 10], [50, 2, 1000], [7, 1, 1], [4, 2, 3]] as const) {
      const out = run(m, t, n);
      const load = new Array<number>(m).fill(0);
      for (let s = 0; s < n; s++) {
        const team = Array.from(out.slice(s * t, s * t + t));
        expect(new Set(team).size).toBe(t);
        for (const i of team) load[i]!++;
      }
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
      expect(load.reduce((a, b) => a + b, 0)).toBe(n * t);
    }
  });

  it('keeps loads within one after every sheet, not only at the end', () => {
    const m = 6;
    const t = 4;
    const out = run(m, t, 30);
    const load = new Array<number>(m).fill(0);
    for (let s = 0; s < 30; s++) {
      for (const i of out.slice(s * t, s * t + t)) load[i]!++;
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    }
  });

  it('never puts a conflicted inspector on a sheet, and only then prefers a higher load', () => {
    // Inspector 0 is conflicted with every even sheet.
    const conflicts = new Map<number, Set<number>>();
    for (let s = 0; s < 40; s += 2) conflicts.set(s, new Set([0]));
    const m = 4;
    const t = 2;
    const out = run(m, t, 40, conflicts);
    const load = new Array<number>(m).fill(0);
    for (let s = 0; s < 40; s++) {
      const team = Array.from(out.slice(s * t, s * t + t));
      if (s % 2 === 0) expect(team).not.toContain(0);
      const eligible = [...Array(m).keys()].filter((i) => !conflicts.get(s)?.has(i));
      for (const j of eligible.filter((j) => !team.includes(j))) {
        for (const i of team) expect(load[i]!).toBeLessThanOrEqual(load[j]!);
      }
      for (const i of team) load[i]!++;
    }
  });

  it('varies the pairings from round to round', () => {
    const out = run(4, 2, 200);
    const pairs = new Set<string>();
    for (let s = 0; s < 200; s++) pairs.add([out[2 * s]!, out[2 * s + 1]!].sort().join('-'));
    expect(pairs.size).toBe(6); // all C(4,2) pairs occur
  });

  it('throws rather than understaff when the input is infeasible', () => {
    expect(() => run(3, 2, 2, new Map([[1, new Set([0, 1])]]))).toThrow(/sheet 2/);
  });
});

describe('runDraw', () => {
  it('draws per stratum, numbers sheets across strata, staffs every sheet', () => {
    const out = runDraw(baseInput());
    expect(out.strata).toEqual([
      { stratum: 'A', size: 30, drawn: 3 },
      { stratum: 'D', size: 10, drawn: 5 },
    ]);
    expect(out.sheets.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.sheets.map((s) => s.stratum)).toEqual(['A', 'A', 'A', 'D', 'D', 'D', 'D', 'D']);
    for (const s of out.sheets) {
      expect(s.inspectors.map((i) => i.department)).toEqual(['SCJG', 'SCJG', 'SW']);
      expect(new Set(s.inspectors.map((i) => i.certificate)).size).toBe(3);
    }
    expect(out.pools.map((p) => p.department)).toEqual(['SCJG', 'SW']);
    expect([...out.pools[0]!.order].sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
  });

  it('keeps conflicted inspectors off their subjects', () => {
    const input = baseInput();
    const first = runDraw(input);
    const key = first.sheets[0]!.key;
    const onIt = first.sheets[0]!.inspectors.map((i) => i.certificate);
    const conflicts = onIt.map((certificate) => ({ certificate, key }));
    const again = runDraw({ ...input, conflicts });
    const sheet = again.sheets.find((s) => s.key === key)!;
    for (const c of onIt) expect(sheet.inspectors.map((i) => i.certificate)).not.toContain(c);
    // Subjects do not depend on conflicts.
    expect(again.sheets.map((s) => s.key)).toEqual(first.sheets.map((s) => s.key));
  });

  it('treats a 64-hex seed as text, and different seeds differ', () => {
    const hex = 'ab'.repeat(32);
    const a = runDraw(baseInput({ seed: hex }));
    const b = runDraw(baseInput({ seed: hex.toUpperCase() }));
    expect(a.sheets.map((s) => s.key)).not.toEqual(b.sheets.map((s) => s.key));
  });

  it('returns frozen shared inspector entries that survive JSON', () => {
    const out = runDraw(baseInput());
    expect(Object.isFrozen(out.sheets[0]!.inspectors[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('throws DrawRefusedError with every refusal', () => {
    try {
      runDraw(baseInput({ seed: '', subjects: [] }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DrawRefusedError);
      expect((e as DrawRefusedError).refusals.map((r) => r.code)).toEqual(['invalid-seed', 'empty-population']);
    }
  });

  it('exposes the algorithm new draws use, and draws every earlier one', () => {
    expect(DRAW_ALGORITHM).toBe('draw-core/2');
    expect(DRAW_ALGORITHMS).toEqual(['draw-core/1', 'draw-core/2']);
  });
});

describe('refusals (checkFeasible, checkSeed)', () => {
  const codes = (r: Refusal[]) => r.map((x) => x.code);

  it('accepts a sound input', () => {
    expect(checkFeasible(baseInput())).toEqual([]);
    expect(checkSeed('2022-曲阳-示例')).toEqual([]);
  });

  it('refuses bad seeds', () => {
    expect(checkSeed('')).toEqual([{ code: 'invalid-seed', reason: 'empty' }]);
    expect(checkSeed('a\nb')).toEqual([{ code: 'invalid-seed', reason: 'control-character' }]);
    expect(checkSeed('a\uD800')).toEqual([{ code: 'invalid-seed', reason: 'lone-surrogate' }]);
    expect(checkSeed('\u{20000}')).toEqual([]);
  });

  it('refuses an empty population and a pool smaller than the team', () => {
    const r = checkFeasible(baseInput({ subjects: [], departments: [{ code: 'X', teamSize: 3, inspectors: ['a', 'b'] }] }));
    expect(r).toEqual([
      { code: 'empty-population' },
      { code: 'pool-too-small', department: 'X', pool: 2, teamSize: 3 },
    ]);
  });

  it('refuses bad team sizes and fewer than two inspectors per sheet', () => {
    expect(checkFeasible(baseInput({ departments: [{ code: 'X', teamSize: 1, inspectors: ['a', 'b'] }] }))).toEqual([
      { code: 'team-too-small', inspectorsPerSheet: 1, minimum: 2 },
    ]);
    expect(checkFeasible(baseInput({ departments: [] }))).toEqual([{ code: 'team-too-small', inspectorsPerSheet: 0, minimum: 2 }]);
    const r = checkFeasible(
      baseInput({
        departments: [
          { code: 'X', teamSize: 0, inspectors: ['a', 'b'] },
          { code: 'Y', teamSize: 1.5, inspectors: ['c', 'd'] },
          { code: 'Z', teamSize: 2, inspectors: ['e', 'f'] },
        ],
      }),
    );
    expect(r).toEqual([
      { code: 'invalid-team-size', department: 'X', teamSize: 0 },
      { code: 'invalid-team-size', department: 'Y', teamSize: 1.5 },
    ]);
  });

  it('refuses a subject left without a full team by conflicts, for every such subject', () => {
    const input = baseInput({
      conflicts: [
        { certificate: 'W1', key: 'K005' },
        { certificate: 'W2', key: 'K005' },
        { certificate: 'W3', key: 'K005' },
        { certificate: 'W3', key: 'K005' }, // duplicate: counted once
        { certificate: 'S1', key: 'K001' },
        { certificate: 'S2', key: 'K001' },
        { certificate: 'S3', key: 'K001' },
        { certificate: 'S4', key: 'K001' },
        { certificate: 'S1', key: 'K002' },
        { certificate: 'S2', key: 'K002' },
        { certificate: 'S3', key: 'K002' },
        { certificate: 'S1', key: 'NOT-IN-POPULATION' },
        { certificate: 'NOBODY', key: 'K003' },
      ],
    });
    expect(checkFeasible(input)).toEqual([
      { code: 'subject-all-conflicted', department: 'SCJG', key: 'K001', available: 1, teamSize: 2 },
      { code: 'subject-all-conflicted', department: 'SW', key: 'K005', available: 0, teamSize: 1 },
    ]);
  });

  it('refuses duplicates, unknown strata, bad ratios and bad text', () => {
    const input: DrawInput = {
      seed: 's',
      subjects: [
        { key: 'K1', stratum: 'A' },
        { key: 'K1', stratum: 'A' },
        { key: 'K2', stratum: 'Q' },
        { key: 'K3', stratum: 'Q' },
        { key: 'K\t4', stratum: 'A' },
        { key: '', stratum: 'A' },
      ],
      strata: [
        { stratum: 'A', ppm: 0 },
        { stratum: 'B', ppm: 1.5 },
        { stratum: 'B', ppm: 10 },
      ],
      departments: [
        { code: 'D1', teamSize: 1, inspectors: ['X', 'Y'] },
        { code: 'D1', teamSize: 1, inspectors: ['X\uDC00', 'Z'] },
        { code: 'D2', teamSize: 1, inspectors: ['Y', 'W'] },
      ],
      conflicts: [],
    };
    const r = checkFeasible(input);
    expect(codes(r)).toEqual([
      'invalid-text',
      'invalid-text',
      'invalid-text',
      'duplicate-subject',
      'duplicate-stratum',
      'invalid-ratio',
      'invalid-ratio',
      'unknown-stratum',
      'duplicate-department',
      'duplicate-inspector',
    ]);
    expect(r).toContainEqual({ code: 'invalid-text', field: 'subject.key', value: 'K\t4', reason: 'control-character' });
    expect(r).toContainEqual({ code: 'invalid-text', field: 'subject.key', value: '', reason: 'empty' });
    expect(r).toContainEqual({ code: 'invalid-text', field: 'certificate', value: 'X\uDC00', reason: 'lone-surrogate' });
    expect(r).toContainEqual({ code: 'duplicate-subject', key: 'K1' });
    expect(r).toContainEqual({ code: 'unknown-stratum', stratum: 'Q', subjects: 2 });
    expect(r).toContainEqual({ code: 'invalid-ratio', stratum: 'A', ppm: 0 });
    expect(r).toContainEqual({ code: 'duplicate-inspector', certificate: 'Y', departments: ['D1', 'D2'] });
  });

  it('finds duplicate keys in a large population (radix path)', () => {
    const subjects = Array.from({ length: 5000 }, (_, i) => ({ key: `91130634MA${String(i).padStart(8, '0')}`, stratum: 'A' }));
    subjects.push({ key: subjects[1234]!.key, stratum: 'A' }, { key: subjects[1234]!.key, stratum: 'A' });
    const r = checkFeasible(baseInput({ subjects, strata: [{ stratum: 'A', ppm: 30_000 }] }));
    expect(r).toEqual([{ code: 'duplicate-subject', key: '91130634MA00001234' }]);
  });
});

describe('snapshot hashes', () => {
  const own = (lines: string[]) => createHash('sha256').update(lines.sort(bytewise).map((l) => l + '\n').join(''), 'utf8').digest('hex');

  it('hashes the canonical texts with their row counts', () => {
    const input = baseInput({ conflicts: [{ certificate: 'S1', key: 'K001' }, { certificate: 'S1', key: 'K001' }, { certificate: 'W2', key: 'K000' }] });
    const h = snapshotHashes(input);
    expect(h.subjects).toEqual({ rows: 40, sha256: own(input.subjects.map((s) => `${s.key}\t${s.stratum}`)) });
    expect(h.inspectors).toEqual({ rows: 8, sha256: own(input.departments.flatMap((d) => d.inspectors.map((c) => `${d.code}\t${c}`))) });
    expect(h.conflicts).toEqual({ rows: 2, sha256: own(['S1\tK001', 'W2\tK000']) });
  });

  it('hashes an empty list as SHA-256 of nothing', () => {
    const h = snapshotHashes({ subjects: [], departments: [], conflicts: [] });
    expect(h.subjects).toEqual({ rows: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
  });

  it('gives the same digest on the fast path (many distinct keys) and the general path', () => {
    const rng = seedrandom('snap');
    const subjects = Array.from({ length: 6000 }, (_, i) => ({ key: `9113${Math.floor(rng() * 1e9)}-${i}`, stratum: ['A级', 'B', '𠀀'][i % 3]! }));
    expect(snapshotHashes({ subjects, departments: [], conflicts: [] }).subjects).toEqual(hashSortedLines(subjectLines(subjects)));
    expect(snapshotHashes({ subjects, departments: [], conflicts: [] }).subjects.sha256).toBe(own(subjectLines(subjects)));
    // Keys that are prefixes of one another: the tab must sort below every other character.
    const prefixes = Array.from({ length: 3000 }, (_, i) => ({ key: 'K' + '1'.repeat(i % 50) + String.fromCharCode(0x21 + (i % 90)), stratum: 'S' }));
    const unique = [...new Map(prefixes.map((p) => [p.key, p])).values()];
    expect(snapshotHashes({ subjects: unique, departments: [], conflicts: [] }).subjects.sha256).toBe(own(subjectLines(unique)));
  });
});

describe('replacement', () => {
  const input = baseInput();
  const out = runDraw(input);

  it('takes the next eligible inspector in pool order and advances the cursor', () => {
    const state = initialReplacementState(out);
    const sheet = out.sheets[0]!;
    const replaced = sheet.inspectors[0]!;
    const order = out.pools.find((p) => p.department === replaced.department)!.order;
    const r = replaceInspector(state, { sheet: 1, department: replaced.department, certificate: replaced.certificate, conflicts: [] });
    expect(r.kind).toBe('replaced');
    if (r.kind !== 'replaced') return;
    const onSheet = new Set(sheet.inspectors.map((i) => i.certificate));
    const expected = order.findIndex((c) => !onSheet.has(c));
    expect(r.position).toBe(expected);
    expect(r.substitute).toBe(order[expected]);
    expect(r.state.cursors[replaced.department]).toBe((expected + 1) % order.length);
    expect(r.state.sheets[0]!.inspectors[0]).toEqual({ department: replaced.department, certificate: r.substitute });
    // Pure: the old state and the draw are untouched.
    expect(state.sheets[0]!.inspectors[0]).toEqual(replaced);
    expect(out.sheets[0]!.inspectors[0]).toEqual(replaced);
    expect(state.cursors[replaced.department]).toBe(0);
  });

  it('skips conflicted, inactive and already-present inspectors, and reports when nobody is left', () => {
    const sheet = out.sheets[2]!;
    const sw = sheet.inspectors.find((i) => i.department === 'SW')!;
    const others = ['W1', 'W2', 'W3'].filter((c) => c !== sw.certificate);
    const state = initialReplacementState(out);
    const conflicted = replaceInspector(state, { sheet: 3, department: 'SW', certificate: sw.certificate, conflicts: [{ certificate: others[0]!, key: sheet.key }] });
    expect(conflicted.substitute).toBe(others[1]);
    const inactive = replaceInspector(state, { sheet: 3, department: 'SW', certificate: sw.certificate, conflicts: [], activeInspectors: [others[0]!] });
    expect(inactive.substitute).toBe(others[0]);
    const none = replaceInspector(state, { sheet: 3, department: 'SW', certificate: sw.certificate, conflicts: [{ certificate: others[0]!, key: sheet.key }], activeInspectors: [sw.certificate, others[0]!] });
    expect(none.kind).toBe('none-left');
    expect(none.substitute).toBeNull();
    expect(none.state).toBe(state);
  });

  it('refuses requests that do not match the draw', () => {
    const state = initialReplacementState(out);
    expect(replaceInspector(state, { sheet: 99, department: 'SW', certificate: 'W1', conflicts: [] })).toMatchObject({ kind: 'refused', refusal: { code: 'unknown-sheet', sheet: 99 } });
    expect(replaceInspector(state, { sheet: 1, department: 'NOPE', certificate: 'W1', conflicts: [] })).toMatchObject({ kind: 'refused', refusal: { code: 'unknown-department' } });
    const notOn = ['S1', 'S2', 'S3', 'S4', 'S5'].find((c) => !out.sheets[0]!.inspectors.some((i) => i.certificate === c))!;
    expect(replaceInspector(state, { sheet: 1, department: 'SCJG', certificate: notOn, conflicts: [] })).toMatchObject({ kind: 'refused', refusal: { code: 'not-on-sheet' } });
  });

  it('is reproducible: replaying the recorded requests gives the same substitutes', () => {
    const requests = out.sheets.slice(0, 6).map((s) => {
      const i = s.inspectors[s.number % s.inspectors.length]!;
      return { sheet: s.number, department: i.department, certificate: i.certificate, conflicts: [] };
    });
    const first = applyReplacements(out, requests);
    const second = applyReplacements(runDraw(structuredClone(input)), requests);
    expect(second.outcomes.map((o) => o.substitute)).toEqual(first.outcomes.map((o) => o.substitute));
    expect(second.state).toEqual(first.state);
    expect(first.outcomes.every((o) => o.kind === 'replaced')).toBe(true);
    // The cursor moves: consecutive replacements in one department walk the pool order.
    const scjg = first.outcomes.filter((_, k) => requests[k]!.department === 'SCJG');
    expect(new Set(scjg.map((o) => (o.kind === 'replaced' ? o.position : -1))).size).toBeGreaterThan(1);
  });
});
