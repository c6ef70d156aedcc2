import fc from 'fast-check';
import { runDraw, DrawRefusedError, type DrawInput } from '../src/core/draw/index.js';
import { toTexts } from '../src/core/snapshot.js';

/**
 * What the snapshot-text and chunked draw property tests share: a draw's outcome (its output or
 * its refusals), the arbitrary input (keys given by each test: each probes its own awkward ones),
 * and the snapshot text that input makes.
 */
export const outcome = (input: DrawInput) => {
  try {
    return { output: runDraw(input) };
  } catch (error) {
    if (error instanceof DrawRefusedError) return { refused: error.refusals };
    throw error;
  }
};

/** The arbitrary draw input's fields, over subjects with these keys (a test adds its own beside them). */
export const drawInputFields = (key: fc.Arbitrary<string>) => ({
  algorithm: fc.constantFrom('draw-core/1' as const, 'draw-core/2' as const),
  subjects: fc.array(fc.record({
    key,
    stratum: fc.constantFrom('A', 'B', 'C', 'all', ''),
    departments: fc.subarray(['SCJG', 'SWJ', 'STHJ', 'NONE'], { minLength: 0 }),
  }), { minLength: 0, maxLength: 80 }),
  ppm: fc.integer({ min: 1, max: 1_000_000 }),
  seed: fc.constantFrom('s1', 'seed two', ''),
  conflictOn: fc.nat(),
  shuffle: fc.boolean(),
});

interface Drawn {
  algorithm: 'draw-core/1' | 'draw-core/2'; subjects: { key: string; stratum: string; departments: string[] }[];
  ppm: number; conflictOn: number; shuffle: boolean;
}

/**
 * Three departments, four strata at the input's rate, the first inspectors of two departments in
 * conflict with one subject, and the snapshot text (its lines reversed when `shuffle`).
 */
export function caseOf(a: Drawn) {
  const departments = [
    { code: 'SCJG', teamSize: 2, inspectors: ['c1', 'c2', 'c3'] },
    { code: 'SWJ', teamSize: 1, inspectors: ['s1', 's2'] },
    { code: 'STHJ', teamSize: 1, inspectors: ['t1', 't2'] },
  ];
  const strata = ['A', 'B', 'C', 'all'].map((stratum) => ({ stratum, ppm: a.ppm }));
  const target = a.subjects[a.conflictOn % Math.max(1, a.subjects.length)]?.key ?? 'x';
  const conflicts = [{ certificate: 'c1', key: target }, { certificate: 's1', key: target }, { certificate: 's2', key: target }];
  const subjects = a.algorithm === 'draw-core/2' ? a.subjects : a.subjects.map(({ key: k, stratum }) => ({ key: k, stratum }));
  const rest = { algorithm: a.algorithm, strata, departments, conflicts };
  let text = toTexts({ ...rest, subjects }).subjects;
  if (a.shuffle) text = text.split('\n').filter(Boolean).reverse().map((l) => `${l}\n`).join('');
  return { rest, conflicts, text };
}
