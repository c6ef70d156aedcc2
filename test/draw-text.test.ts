import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFeasible, runDraw, textDrawInput } from '../src/core/draw/index.js';
import { subjectKeys } from '../src/core/snapshot.js';
import { caseOf, drawInputFields, outcome } from './draw-property-input.js';

/**
 * The snapshot text's draw (core/draw/text.ts) against the general path: the same output, or the
 * same refusals, for canonical texts and for texts that are not (out of order, repeated keys,
 * unknown strata and departments, control characters, surrogates), under both algorithms.
 */
const arbitraryInput = fc.record(drawInputFields(fc.oneof(
  fc.stringMatching(/^9113[0-9A-Z]{4}$/),
  fc.constantFrom('', 'K\u0001', 'K\uD83D\uDE00', 'K\uDE00', 'Kz', 'K,1'),
)));

describe('the draw from a snapshot text', () => {
  it('gives what the general path gives: the same sheets, strata and pools, or the same refusals', () => {
    fc.assert(fc.property(arbitraryInput, (a) => {
      // the canonical text, or its lines out of order
      const { rest, text } = caseOf(a);
      const general = { ...rest, seed: a.seed, subjects: textDrawInput(text, rest).subjects };
      const fromText = textDrawInput(text, { ...rest, seed: a.seed });
      expect(checkFeasible(textDrawInput(text, rest))).toEqual(checkFeasible(general));
      expect(outcome(fromText)).toEqual(outcome(general));
    }), { numRuns: 400 });
  });

  it('draws a 200,000-line text as the subject objects draw it', () => {
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) lines.push(`9113${String(i).padStart(8, '0')}\t${'ABC'[i % 3]}\t${i % 2 ? 'SCJG' : 'SCJG,SWJ'}\n`);
    const text = lines.join('');
    const rest = {
      algorithm: 'draw-core/2' as const, seed: 'large', strata: ['A', 'B', 'C'].map((stratum) => ({ stratum, ppm: 30_000 })), conflicts: [],
      departments: [{ code: 'SCJG', teamSize: 2, inspectors: ['c1', 'c2', 'c3'] }, { code: 'SWJ', teamSize: 1, inspectors: ['s1', 's2'] }],
    };
    const input = textDrawInput(text, rest);
    const fast = runDraw(input);
    const general = runDraw({ ...rest, subjects: textDrawInput(text, rest).subjects });
    expect(fast).toEqual(general);
    // strata of 66,667, 66,667 and 66,666 at 3%: ceil gives 2,001 + 2,001 + 2,000
    expect(fast.sheets).toHaveLength(6_002);
  }, 60_000);
});

describe('subjectKeys', () => {
  it('says which keys a text holds, in order or not', () => {
    const text = '9113A\tall\tSCJG\n9113B\tall\tSCJG\n9113C\tA\n';
    const keys = subjectKeys(text);
    for (const k of ['9113A', '9113B', '9113C']) expect(keys.has(k)).toBe(true);
    for (const k of ['9113', '9113D', '', 'all']) expect(keys.has(k)).toBe(false);
    const unordered = subjectKeys('9113C\tA\n9113A\tall\n');
    expect(unordered.has('9113A') && unordered.has('9113C') && !unordered.has('9113B')).toBe(true);
    expect(subjectKeys('').has('')).toBe(false);
  });
});
