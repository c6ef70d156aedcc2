import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawChunked, runDraw, SubjectsScan, textDrawInput, type ChunkSource } from '../src/core/draw/index.js';
import { digests } from '../src/core/snapshot.js';
import { caseOf, drawInputFields, outcome } from './draw-property-input.js';

/**
 * The chunked draw (core/draw/chunked.ts) against the general path: a snapshot text cut into
 * chunks anywhere (at line ends or inside lines), hashed and checked a chunk at a time, must give
 * the whole text's digest, and, whenever the scan accepts it, the general path's very output; when
 * the general path refuses, or the text is not canonical, the scan must not accept it.
 */
const key = fc.oneof(
  fc.stringMatching(/^9113[0-9A-Z]{4}$/),
  fc.constantFrom('', 'K\u0001', 'K\uD83D\uDE00', 'Kz', 'K,1', 'K\t1'),
);

/**
 * Cuts a text at these positions (within it), never between the halves of a surrogate pair: a
 * stored chunk is decoded from UTF-8 on its own, so it never ends in half a character.
 */
function chunksOf(text: string, cuts: number[]): string[] {
  const inPair = (c: number) => c > 0 && /[\uD800-\uDBFF]/.test(text[c - 1]!) && /[\uDC00-\uDFFF]/.test(text[c] ?? '');
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)).filter((c) => !inPair(c)))].sort((x, y) => x - y);
  const out: string[] = [];
  let from = 0;
  for (const c of at) { out.push(text.slice(from, c)); from = c; }
  out.push(text.slice(from));
  return out;
}

/** Cuts a text after every `lines` lines, as the population query gives it. */
function linesOf(text: string, lines: number): string[] {
  const all = text.split('\n').slice(0, -1).map((l) => `${l}\n`);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += lines) out.push(all.slice(i, i + lines).join(''));
  return out;
}

const source = (chunks: string[]): ChunkSource & { reads: number } => ({ reads: 0, *chunks() { for (const c of chunks) { this.reads++; yield c; } } });

describe('the draw from a snapshot read a chunk at a time', () => {
  it('hashes as the whole text, and when it accepts a text draws what the general path draws', () => {
    fc.assert(fc.property(fc.record({
      ...drawInputFields(key),
      byLines: fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: 1, max: 30 })),
      cuts: fc.option(fc.array(fc.nat(), { maxLength: 6 })),
    }), (a) => {
      const { rest, conflicts, text } = caseOf(a);
      const chunks = a.cuts ? chunksOf(text, a.cuts) : linesOf(text, a.byLines);
      expect(chunks.join('')).toBe(text);

      const scan = new SubjectsScan(conflicts.map((c) => c.key));
      for (const c of chunks) scan.add(c);
      expect(scan.digest()).toEqual(digests({ subjects: text, inspectors: '', conflicts: '' }).subjects);
      const general = outcome({ ...rest, seed: a.seed, subjects: textDrawInput(text, rest).subjects });
      const arranged = scan.check(rest);
      const drawn = arranged && drawChunked(a.seed, arranged, source(chunks));
      if (drawn) expect({ output: drawn }).toEqual(general);
      // a refused input is never accepted (the general path refuses it)
      if ('refused' in general) expect(drawn).toBeNull();
      // a canonical text cut at its line ends, of an input nobody refuses, is accepted: the lean path is the one taken
      if (!a.shuffle && !a.cuts && 'output' in general && text !== '' && !/[\u0000-\u0008\u000b-\u001f\ud800-\udfff]/.test(text)) expect(drawn).not.toBeNull();
    }), { numRuns: 500 });
  });

  it('draws 200,000 lines in chunks of 32,768 as the whole text draws them, reading each chunk once more for the keys drawn', () => {
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) lines.push(`9113${String(i).padStart(8, '0')}\t${'ABC'[i % 3]}\t${i % 2 ? 'SCJG' : 'SCJG,SWJ'}\n`);
    const text = lines.join('');
    const rest = {
      algorithm: 'draw-core/2' as const, strata: ['A', 'B', 'C'].map((stratum) => ({ stratum, ppm: 30_000 })), conflicts: [{ certificate: 'c1', key: '911300000007' }],
      departments: [{ code: 'SCJG', teamSize: 2, inspectors: ['c1', 'c2', 'c3'] }, { code: 'SWJ', teamSize: 1, inspectors: ['s1', 's2'] }],
    };
    const chunks = linesOf(text, 32_768);
    expect(chunks).toHaveLength(7);
    const scan = new SubjectsScan(rest.conflicts.map((c) => c.key));
    for (const c of chunks) scan.add(c);
    expect(scan.has('911300000007')).toBe(true);
    const arranged = scan.check(rest)!;
    expect(arranged).not.toBeNull();
    const from = source(chunks);
    const drawn = drawChunked('large', arranged, from)!;
    expect(drawn).toEqual(runDraw(textDrawInput(text, { ...rest, seed: 'large' })));
    expect(drawn.sheets).toHaveLength(6_002);
    expect(from.reads).toBe(7);
  }, 60_000);
});
