// Keeps docs/ALGORITHM.md honest.
//
// 1. A reference implementation written from the document alone (its own ARC4, its
//    own sorting via Buffer.compare, a naive matching): it must agree with
//    seedrandom and with runDraw, on the worked example and on random inputs.
// 2. Every value listed in the worked example is parsed back from the document and
//    checked against both.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  applyReplacements,
  applySheetChanges,
  subjectLines,
  type ChangeOutcome,
  type ChangedSheet,
  type SheetChange,
  checkFeasible,
  runDraw,
  snapshotHashes,
  traceDraw,
  Stream,
  uniformInt,
  type DrawInput,
  type StreamTrace,
  type DrawOutput,
  type ReplacementRequest,
} from '../src/core/draw/index.js';

// ---------------------------------------------------------------------------
// The document and its example blocks

const DOC = readFileSync(fileURLToPath(new URL('../docs/ALGORITHM.md', import.meta.url)), 'utf8');

function block(tag: string): string {
  const re = new RegExp('```(?:json|text) ' + tag + '\\n([\\s\\S]*?)\\n```');
  const m = re.exec(DOC);
  if (!m) throw new Error(`docs/ALGORITHM.md has no block tagged ${tag}`);
  return m[1]!;
}

function blockLines(tag: string): string[] {
  return block(tag)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0);
}

// ---------------------------------------------------------------------------
// Reference implementation, from the document only

const TWO_32 = 2 ** 32;

/** Section 2: bytewise on UTF-8. */
function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Section 5: seedrandom's ARC4, keyed with a text, after the 256-byte drop. */
class RefArc4 {
  private readonly S: number[];
  private i = 0;
  private j = 0;
  constructor(keyText: string) {
    const K: number[] = [];
    let smear = 0;
    for (let j = 0; j < keyText.length; j++) {
      smear ^= (K[j % 256] ?? 0) * 19;
      K[j % 256] = (smear + keyText.charCodeAt(j)) % 256;
    }
    const S = Array.from({ length: 256 }, (_, i) => i);
    let j = 0;
    for (let i = 0; i < 256; i++) {
      j = (j + K[i % K.length]! + S[i]!) % 256;
      [S[i], S[j]] = [S[j]!, S[i]!];
    }
    this.S = S;
    for (let n = 0; n < 256; n++) this.byte();
  }
  byte(): number {
    const S = this.S;
    this.i = (this.i + 1) % 256;
    this.j = (this.j + S[this.i]!) % 256;
    [S[this.i], S[this.j]] = [S[this.j]!, S[this.i]!];
    return S[(S[this.i]! + S[this.j]!) % 256]!;
  }
  uint32(): number {
    let u = 0;
    for (let k = 0; k < 4; k++) u = u * 256 + this.byte();
    return u;
  }
}

/** Section 4. */
function refStreamHex(seed: string, labels: string[]): string {
  const parts: Buffer[] = [Buffer.from(seed, 'utf8')];
  for (const l of labels) parts.push(Buffer.from([0x1f]), Buffer.from(l, 'utf8'));
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

interface RefDrawRecord {
  stream: string;
  u: number;
  n: number;
  rejected: boolean;
  i: number;
  j: number;
  level: number | null;
}

interface RefMatchStep {
  sheet: number;
  department: string;
  /** certificate → [load, rank] or 'conflict', in sorted pool order. */
  state: [string, [number, number] | 'conflict'][];
  chosen: string[];
}

interface RefResult {
  output: DrawOutput;
  streams: { path: string; hex: string }[];
  draws: RefDrawRecord[];
  sorted: { name: string; values: string[] }[];
  perms: { department: string; level: number; order: string[] }[];
  steps: RefMatchStep[];
}

class RefStream {
  readonly rng: RefArc4;
  readonly hex: string;
  constructor(
    seed: string,
    readonly labels: string[],
    private readonly log: RefDrawRecord[],
  ) {
    this.hex = refStreamHex(seed, labels);
    this.rng = new RefArc4(this.hex);
  }
  /** Section 6, logged as one Fisher–Yates step. */
  uniform(n: number, i: number, level: number | null): number {
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const u = this.rng.uint32();
      const ok = u < limit;
      this.log.push({ stream: this.labels.join('/'), u, n, rejected: !ok, i, j: ok ? i + (u % n) : -1, level });
      if (ok) return u % n;
    }
  }
  /** Section 8: partial Fisher–Yates. */
  sample<T>(items: T[], k: number, level: number | null = null): T[] {
    const a = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.uniform(a.length - i, i, level);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  }
}

function refDraw(input: DrawInput): RefResult {
  const draws: RefDrawRecord[] = [];
  const streams: RefResult['streams'] = [];
  const open = (labels: string[]): RefStream => {
    const s = new RefStream(input.seed, labels, draws);
    streams.push({ path: labels.join('/'), hex: s.hex });
    return s;
  };
  const sorted: RefResult['sorted'] = [];
  const strata = [...input.strata].sort((a, b) => cmp(a.stratum, b.stratum));
  const sheets: DrawOutput['sheets'] = [];
  const strataOut: DrawOutput['strata'] = [];
  for (const { stratum, ppm } of strata) {
    const keys = input.subjects.filter((s) => s.stratum === stratum).map((s) => s.key).sort(cmp);
    sorted.push({ name: stratum, values: keys });
    const c = (BigInt(ppm) * BigInt(keys.length) + 999_999n) / 1_000_000n; // section 7
    const k = Math.min(keys.length, Number(c));
    const drawn = open(['subjects', stratum]).sample(keys, k);
    strataOut.push({ stratum, size: keys.length, drawn: k });
    for (const key of drawn) sheets.push({ number: sheets.length + 1, key, stratum, inspectors: [] });
  }
  const departments = [...input.departments].sort((a, b) => cmp(a.code, b.code));
  const pools: DrawOutput['pools'] = [];
  for (const d of departments) {
    const pool = [...d.inspectors].sort(cmp);
    sorted.push({ name: d.code, values: pool });
    pools.push({ department: d.code, order: open(['inspectors', d.code]).sample(pool, pool.length) });
  }
  const perms: RefResult['perms'] = [];
  const steps: RefMatchStep[] = [];
  for (const d of departments) {
    const pool = [...d.inspectors].sort(cmp);
    const m = pool.length;
    const stream = open(['match', d.code]);
    const levels: number[][] = [];
    const rank = (level: number, i: number): number => {
      while (levels.length <= level) {
        const perm = stream.sample([...Array(m).keys()], m, levels.length);
        perms.push({ department: d.code, level: levels.length, order: perm.map((x) => pool[x]!) });
        levels.push(perm);
      }
      return levels[level]!.indexOf(i);
    };
    const load = new Array<number>(m).fill(0);
    // Section 16: under draw-core/2 a department is matched over the sheets whose subject has it.
    const departmentsOf = new Map(input.subjects.map((s) => [s.key, s.departments]));
    const on = input.algorithm === 'draw-core/2' ? sheets.filter((sh) => departmentsOf.get(sh.key)!.includes(d.code)) : sheets;
    for (const sheet of on) {
      const conflicted = new Set(input.conflicts.filter((c) => c.key === sheet.key).map((c) => c.certificate));
      const keyOf = pool.map((_, i) => [load[i]!, rank(load[i]!, i)] as [number, number]);
      const eligible = [...Array(m).keys()].filter((i) => !conflicted.has(pool[i]!));
      eligible.sort((a, b) => keyOf[a]![0] - keyOf[b]![0] || keyOf[a]![1] - keyOf[b]![1]);
      const chosen = eligible.slice(0, d.teamSize);
      steps.push({
        sheet: sheet.number,
        department: d.code,
        state: pool.map((c, i) => [c, conflicted.has(c) ? 'conflict' : keyOf[i]!]),
        chosen: chosen.map((i) => pool[i]!),
      });
      for (const i of chosen) {
        sheet.inspectors.push({ department: d.code, certificate: pool[i]! });
        load[i]!++;
      }
    }
  }
  return { output: { strata: strataOut, sheets, pools }, streams, draws, sorted, perms, steps };
}

interface RefReplacement {
  substitute: string | null;
  position: number | null;
  cursor: number;
}

/** Section 13. */
function refReplace(output: DrawOutput, requests: ReplacementRequest[]): { results: RefReplacement[]; sheets: DrawOutput['sheets'] } {
  const sheets = output.sheets.map((s) => ({ ...s, inspectors: s.inspectors.map((i) => ({ ...i })) }));
  const cursor = new Map<string, number>();
  const results: RefReplacement[] = [];
  for (const r of requests) {
    const sheet = sheets.find((s) => s.number === r.sheet)!;
    const order = output.pools.find((p) => p.department === r.department)!.order;
    const m = order.length;
    const start = cursor.get(r.department) ?? 0;
    let found: number | null = null;
    for (let k = 0; k < m && found === null; k++) {
      const p = (start + k) % m;
      const c = order[p]!;
      if (sheet.inspectors.some((i) => i.certificate === c)) continue;
      if (r.conflicts.some((x) => x.certificate === c && x.key === sheet.key)) continue;
      if (r.activeInspectors && !r.activeInspectors.includes(c)) continue;
      found = p;
    }
    if (found !== null) {
      const slot = sheet.inspectors.find((i) => i.department === r.department && i.certificate === r.certificate)!;
      slot.certificate = order[found]!;
      cursor.set(r.department, (found + 1) % m);
    }
    results.push({ substitute: found === null ? null : order[found]!, position: found, cursor: cursor.get(r.department) ?? 0 });
  }
  return { results, sheets };
}

// ---------------------------------------------------------------------------

const input = JSON.parse(block('example-input')) as DrawInput;
const requests = JSON.parse(block('example-replacement-requests')) as ReplacementRequest[];
const ref = refDraw(input);
const traced = traceDraw(input);

describe('the reference implementation (written from ALGORITHM.md) agrees with the code', () => {
  it('its ARC4 produces seedrandom 3.0.5 int32 values for stream keys and for other texts', () => {
    const keys = [...ref.streams.map((s) => s.hex), 'a', 'hello world', '2022-曲阳-示例', 'x'.repeat(300)];
    for (const key of keys) {
      const sr = seedrandom(key);
      const mine = new RefArc4(key);
      for (let k = 0; k < 64; k++) expect(mine.uint32()).toBe(sr.int32() >>> 0);
    }
  });

  it('runDraw gives the reference result on the example', () => {
    expect(runDraw(input)).toEqual(ref.output);
    expect(traced.output).toEqual(ref.output);
  });

  it('the traced int32 values are those the reference consumed', () => {
    const byPath = new Map<string, number[]>();
    for (const d of ref.draws) {
      const list = byPath.get(d.stream) ?? [];
      list.push(d.u);
      byPath.set(d.stream, list);
    }
    expect(traced.streams.map((s) => [s.labels.join('/'), s.hex])).toEqual(ref.streams.map((s) => [s.path, s.hex]));
    for (const s of traced.streams) expect(s.ints).toEqual(byPath.get(s.labels.join('/')) ?? []);
  });

  it('runDraw and replacements agree with the reference on random inputs', () => {
    const name = fc.constantFrom('A', 'B级', 'D级', 'ｆ', '𠀀', 'a b');
    const arb = fc
      .record({
        seed: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        keys: fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)), { minLength: 1, maxLength: 25 }),
        strata: fc.uniqueArray(fc.record({ stratum: name, ppm: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(30_000, 500_000, 1_000_000)) }), { minLength: 1, maxLength: 3, selector: (s) => s.stratum }),
        pools: fc.array(fc.record({ size: fc.integer({ min: 2, max: 6 }), team: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 }),
        conflictSeeds: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
        picks: fc.array(fc.nat(), { minLength: 25, maxLength: 25 }),
        replacements: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 6 }),
      })
      .map(({ seed, keys, strata, pools, conflictSeeds, picks, replacements }) => {
        const subjects = keys.map((key, i) => ({ key, stratum: strata[picks[i]! % strata.length]!.stratum }));
        const departments = pools.map((p, d) => ({
          code: `部门${d}`,
          teamSize: Math.min(p.team, p.size),
          inspectors: Array.from({ length: p.size }, (_, i) => `C${d}-${i}`),
        }));
        const all = departments.flatMap((d) => d.inspectors);
        const conflicts = conflictSeeds.map(([a, b]) => ({ certificate: all[a % all.length]!, key: keys[b % keys.length]! }));
        return { input: { seed, subjects, strata, departments, conflicts } as DrawInput, replacements };
      })
      .filter(({ input }) => checkFeasible(input).length === 0);
    fc.assert(
      fc.property(arb, ({ input: x, replacements }) => {
        const r = refDraw(x);
        const out = runDraw(x);
        expect(out).toEqual(r.output);
        // Replacements: random requests against the sheets as they evolve.
        const reqs: ReplacementRequest[] = [];
        let sheets = out.sheets;
        for (const [s, d, k, useActive] of replacements) {
          const sheet = sheets[s % sheets.length]!;
          const slot = sheet.inspectors[k % sheet.inspectors.length]!;
          const pool = x.departments.find((dd) => dd.code === slot.department)!.inspectors;
          const req: ReplacementRequest = {
            sheet: sheet.number,
            department: slot.department,
            certificate: slot.certificate,
            conflicts: x.conflicts,
            ...(useActive ? { activeInspectors: pool.filter((_, i) => (i + d) % 3 !== 0) } : {}),
          };
          reqs.push(req);
          sheets = applyReplacements(out, reqs).state.sheets;
        }
        const mine = applyReplacements(out, reqs);
        const theirs = refReplace(out, reqs);
        expect(mine.outcomes.map((o) => o.substitute)).toEqual(theirs.results.map((t) => t.substitute));
        expect(mine.state.sheets).toEqual(theirs.sheets);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the worked example in docs/ALGORITHM.md', () => {
  it('has a feasible input', () => {
    expect(checkFeasible(input)).toEqual([]);
    expect(input.seed).toBe('2022-曲阳-示例');
    expect(input.subjects).toHaveLength(12);
  });

  it('lists the bytes hashed for the stream subjects/A级', () => {
    const m = /\(hex\): `([0-9a-f ]+)`/.exec(DOC)!;
    const bytes = Buffer.concat([Buffer.from(input.seed, 'utf8'), Buffer.from([0x1f]), Buffer.from('subjects'), Buffer.from([0x1f]), Buffer.from('A级', 'utf8')]);
    expect(m[1]!.replace(/ /g, '')).toBe(bytes.toString('hex'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(refStreamHex(input.seed, ['subjects', 'A级']));
  });

  it('lists the empty-text digest', () => {
    expect(DOC).toContain(createHash('sha256').update('').digest('hex'));
  });

  it('lists the snapshot digests and row counts', () => {
    const hashes = snapshotHashes(input);
    const lines = blockLines('example-snapshot');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const [, name, rows, sha] = /^(\w+)\s+rows=(\d+)\s+sha256=([0-9a-f]{64})$/.exec(line)!;
      const digest = hashes[name as keyof typeof hashes];
      expect({ name, rows: Number(rows), sha }).toEqual({ name, rows: digest.rows, sha: digest.sha256 });
    }
    // And independently of the code: sorted lines, LF-terminated.
    const text = (ls: string[]) => ls.sort(cmp).map((l) => l + '\n').join('');
    const own = createHash('sha256').update(text(input.subjects.map((s) => `${s.key}\t${s.stratum}`)), 'utf8').digest('hex');
    expect(own).toBe(hashes.subjects.sha256);
  });

  it('lists the sorted strata and pools', () => {
    const expected = ref.sorted.flatMap((s) => s.values.map((v, i) => `${s.name} ${i} ${v}`));
    expect(blockLines('example-sorted').map((l) => l.replace(/\s+/g, ' '))).toEqual(expected);
  });

  it('lists every derived stream', () => {
    const lines = blockLines('example-streams').map((l) => l.split(/\s+/));
    expect(lines).toEqual(traced.streams.map((s) => [s.labels.join('/'), s.hex]));
    expect(lines).toEqual(ref.streams.map((s) => [s.path, s.hex]));
  });

  it('lists every int32 used, with its uniform and Fisher–Yates step', () => {
    const parsed = blockLines('example-draws').map((line) => {
      const rej = /^(\S+)\s+rejected u=\s*(\d+)\s+n=(\d+)/.exec(line);
      if (rej) return { stream: rej[1]!, u: Number(rej[2]), n: Number(rej[3]), rejected: true, i: -1, j: -1, level: null };
      const m = /^(\S+)\s+u=\s*(\d+)\s+n=(\d+)\s+u mod n=(\d+)\s+i=(\d+) j=(\d+)(?:\s+\(π(\d+)\))?$/.exec(line);
      if (!m) throw new Error(`unparsed line: ${line}`);
      expect(Number(m[4])).toBe(Number(m[2]) % Number(m[3]));
      return { stream: m[1]!, u: Number(m[2]), n: Number(m[3]), rejected: false, i: Number(m[5]), j: Number(m[6]), level: m[7] === undefined ? null : Number(m[7]) };
    });
    expect(parsed).toEqual(ref.draws);
    // The stream order of the listing is the order of use, and the traced ints are exactly these.
    expect(parsed.map((p) => p.u)).toEqual(traced.streams.flatMap((s) => s.ints));
  });

  it('explains the first int32 of subjects/A级 as four output bytes', () => {
    const m = /is (\d+) = 0x([0-9A-F]{8}), i\.e\. the stream's output bytes 257–260 \(after the\s+256 dropped\) are `([0-9a-f ]+)`/.exec(DOC)!;
    const arc4 = new RefArc4(refStreamHex(input.seed, ['subjects', 'A级']));
    const bytes = [arc4.byte(), arc4.byte(), arc4.byte(), arc4.byte()];
    expect(m[3]).toBe(bytes.map((b) => b.toString(16).padStart(2, '0')).join(' '));
    expect(Number(m[1])).toBe(parseInt(m[2]!, 16));
    expect(Number(m[1])).toBe(traced.streams[0]!.ints[0]);
  });

  it('lists the drawn subjects and the strata counts', () => {
    const lines = blockLines('example-subjects').map((l) => l.split(' '));
    const byStratum = new Map<string, string[]>();
    for (const s of traced.output.sheets) byStratum.set(s.stratum, [...(byStratum.get(s.stratum) ?? []), s.key]);
    expect(lines).toEqual([...byStratum].map(([s, keys]) => [s, ...keys]));
    expect(traced.output.strata).toEqual([
      { stratum: 'A级', size: 8, drawn: 3 },
      { stratum: 'D级', size: 4, drawn: 2 },
    ]);
    expect(DOC).toContain('A级: 8 subjects at 300 000 ppm → ceil(2.4) = 3');
    expect(DOC).toContain('D级: 4 subjects at 500 000 ppm → 2');
  });

  it('lists the pool orders', () => {
    expect(blockLines('example-pools').map((l) => l.split(' '))).toEqual(traced.output.pools.map((p) => [p.department, ...p.order]));
  });

  it('lists the match permutations', () => {
    const parsed = blockLines('example-permutations').map((l) => {
      const [, department, level, order] = /^(\S+) π(\d+) = (.*)$/.exec(l)!;
      return { department: department!, level: Number(level), order: order!.split(' ') };
    });
    expect(parsed).toEqual(ref.perms);
  });

  it('lists every matching step', () => {
    const parsed = blockLines('example-match').map((l) => {
      const [, sheet, department, state, chosen] = /^sheet (\d+) (\S+): (.*) -> (.*)$/.exec(l)!;
      return {
        sheet: Number(sheet),
        department: department!,
        state: state!.split(' ').map((entry) => {
          const m = /^(.+)\((?:(conflict)|(\d+),(\d+))\)$/.exec(entry)!;
          return [m[1]!, m[2] ? 'conflict' : [Number(m[3]), Number(m[4])]];
        }),
        chosen: chosen!.split(' '),
      };
    });
    const expected = [...ref.steps].sort((a, b) => cmp(a.department, b.department) || a.sheet - b.sheet);
    expect(parsed).toEqual(expected);
  });

  it('lists the sheets', () => {
    const expected = traced.output.sheets.map((s) =>
      [String(s.number), s.stratum, s.key, ...s.inspectors.map((i) => `${i.department}:${i.certificate}`)].join(' '),
    );
    expect(blockLines('example-sheets')).toEqual(expected);
  });

  it('lists the replacements', () => {
    const { outcomes } = applyReplacements(traced.output, requests);
    const mine = outcomes.map((o, k) => {
      const r = requests[k]!;
      const position = o.kind === 'replaced' ? String(o.position) : '-';
      return `${k + 1} sheet=${r.sheet} ${r.department} ${r.certificate} -> ${o.substitute ?? 'none'} position=${position} cursor=${o.state.cursors[r.department]}`;
    });
    expect(blockLines('example-replacements')).toEqual(mine);
    const theirs = refReplace(traced.output, requests).results;
    expect(outcomes.map((o) => o.substitute)).toEqual(theirs.map((t) => t.substitute));
    expect(outcomes.map((o, k) => o.state.cursors[requests[k]!.department])).toEqual(theirs.map((t) => t.cursor));
  });
});

// ---------------------------------------------------------------------------
// Section 17, from the document only: changes applied in seq order to the sheets as drawn.

interface RefSheet { number: number; key: string; stratum: string; inspectors: { department: string; certificate: string }[]; cancelledBy?: number; substituteFor?: number }

function refChanges(input: DrawInput, output: DrawOutput, changes: SheetChange[]) {
  const sheets: RefSheet[] = output.sheets.map((s) => ({ ...s, inspectors: s.inspectors.map((i) => ({ ...i })) }));
  const cursor = new Map<string, number>(output.pools.map((p) => [p.department, 0]));
  const teamSize = new Map(input.departments.map((d) => [d.code, d.teamSize]));
  const codes = [...input.departments.map((d) => d.code)].sort(cmp);
  const orderOf = new Map(output.pools.map((p) => [p.department, p.order]));
  // per stratum: its sorted keys, the Fisher–Yates array as far as drawn, the stream, the stratum cursor
  const strata = new Map<string, { a: string[]; done: number; stream: RefStream; cursor: number }>();
  for (const st of output.strata) {
    const a = input.subjects.filter((x) => x.stratum === st.stratum).map((x) => x.key).sort(cmp);
    const stream = new RefStream(input.seed, ['subjects', st.stratum], []);
    for (let i = 0; i < st.drawn; i++) { const j = i + stream.uniform(a.length - i, i, null); [a[i], a[j]] = [a[j]!, a[i]!]; }
    strata.set(st.stratum, { a, done: st.drawn, stream, cursor: st.drawn });
  }
  const lines: string[] = [];
  for (const c of [...changes].sort((x, y) => x.seq - y.seq)) {
    const sheet = sheets.find((x) => x.number === c.sheet)!;
    if (c.kind === 'replace') {
      const order = orderOf.get(c.department)!;
      const m = order.length;
      const start = cursor.get(c.department)!;
      for (let k = 0; k < m; k++) {
        const p = (start + k) % m;
        const x = order[p]!;
        if (sheet.inspectors.some((i) => i.certificate === x) || c.conflicts.some((y) => y.certificate === x && y.key === sheet.key)) continue;
        if (c.activeInspectors && !c.activeInspectors.includes(x)) continue;
        sheet.inspectors.find((i) => i.department === c.department && i.certificate === c.certificate)!.certificate = x;
        cursor.set(c.department, (p + 1) % m);
        lines.push(`${c.seq} replaced sheet=${c.sheet} ${c.department} -> ${x} position=${p}`);
        break;
      }
      continue;
    }
    const rest = sheet.inspectors.filter((i) => i.department !== c.department);
    if (!c.cancels && rest.length > 0) { sheet.inspectors = rest; lines.push(`${c.seq} removed sheet=${c.sheet} ${c.department}`); continue; }
    sheet.cancelledBy = c.seq;
    const st = strata.get(sheet.stratum)!;
    const passed: string[] = [];
    let found = '-';
    for (let i = st.cursor; i < st.a.length; i++) {
      while (st.done <= i) { const q = st.done++; const j = q + st.stream.uniform(st.a.length - q, q, null); [st.a[q], st.a[j]] = [st.a[j]!, st.a[q]!]; }
      const key = st.a[i]!;
      st.cursor = i + 1;
      if (c.skipped.includes(key)) { passed.push(`${sheet.stratum}:${i}:${key}:skipped`); continue; }
      const own = input.algorithm === 'draw-core/2' ? codes.filter((d) => input.subjects.find((x) => x.key === key)!.departments!.includes(d)) : codes;
      const conflicted = (x: string) => [...input.conflicts, ...c.excluded.conflicts].some((y) => y.certificate === x && y.key === key) || c.excluded.inactive.includes(x);
      const team: { department: string; certificate: string }[] = [];
      const moved = new Map<string, number>();
      let failed: string | null = null;
      for (const d of own) {
        const order = orderOf.get(d)!;
        const taken: number[] = [];
        for (let k = 0; k < order.length && taken.length < teamSize.get(d)!; k++) {
          const p = (cursor.get(d)! + k) % order.length;
          if (!conflicted(order[p]!)) taken.push(p);
        }
        if (taken.length < teamSize.get(d)!) { failed = d; break; }
        for (const p of taken) team.push({ department: d, certificate: order[p]! });
        moved.set(d, (taken.at(-1)! + 1) % order.length);
      }
      if (failed) { passed.push(`${sheet.stratum}:${i}:${key}:no-team(${failed})`); continue; }
      for (const [d, p] of moved) cursor.set(d, p);
      const number = Math.max(...sheets.map((x) => x.number)) + 1;
      sheets.push({ number, key, stratum: sheet.stratum, inspectors: team, substituteFor: sheet.number });
      found = `${number} ${sheet.stratum}:${i}:${key} ${team.map((t) => `${t.department}:${t.certificate}`).join(' ')}`;
      break;
    }
    if (found === '-') st.cursor = st.a.length;
    lines.push(`${c.seq} cancelled sheet=${c.sheet} passed=${passed.join(',') || '-'} substitute=${found}`);
  }
  lines.push(`cursors ${[...cursor].sort((x, y) => cmp(x[0], y[0])).map(([d, p]) => `${d}=${p}`).join(' ')}`);
  lines.push(`strata ${[...strata].sort((x, y) => cmp(x[0], y[0])).map(([n, v]) => `${n}=${v.cursor}`).join(' ')}`);
  return { lines, sheets };
}

/** The code's outcomes in the layout of the block example-change-outcomes. */
function outcomeLine(o: ChangeOutcome, sheets: readonly ChangedSheet[]): string {
  switch (o.kind) {
    case 'removed': return `${o.seq} removed sheet=${o.sheet} ${o.department}`;
    case 'replaced': return `${o.seq} replaced sheet=${o.sheet} ${o.department} -> ${o.substitute} position=${o.position}`;
    case 'cancelled': {
      const passed = o.passedOver.map((p) => `${sheets.find((x) => x.number === o.sheet)!.stratum}:${p.position}:${p.key}:${p.why === 'skipped' ? 'skipped' : `no-team(${p.department})`}`).join(',') || '-';
      const sub = o.substitute
        ? `${o.substitute.number} ${o.substitute.stratum}:${o.substitute.position}:${o.substitute.key} ${o.substitute.inspectors.map((i) => `${i.department}:${i.certificate}`).join(' ')}`
        : '-';
      return `${o.seq} cancelled sheet=${o.sheet} passed=${passed} substitute=${sub}`;
    }
    default: return `${o.seq} ${o.kind}`;
  }
}

const sheetLine = (s: ChangedSheet | RefSheet) => [String(s.number), s.stratum, s.key, ...s.inspectors.map((i) => `${i.department}:${i.certificate}`),
  ...(s.cancelledBy !== undefined ? [`cancelled-by=${s.cancelledBy}`] : []), ...(s.substituteFor !== undefined ? [`substitute-for=${s.substituteFor}`] : [])].join(' ');

describe('the worked example of draw-core/2 and substitutes (sections 16–18)', () => {
  const input2 = JSON.parse(block('example2-input')) as DrawInput;
  const changes = JSON.parse(block('example-changes')) as SheetChange[];
  const out2 = runDraw(input2);
  const ref2 = refDraw(input2);

  it('is a draw-core/2 input the code accepts', () => {
    expect(input2.algorithm).toBe('draw-core/2');
    expect(checkFeasible(input2)).toEqual([]);
  });

  it('lists the subject lines and their digest', () => {
    const lines = input2.subjects.map((x) => `${x.key}\t${x.stratum}\t${[...new Set(x.departments)].sort(cmp).join(',')}`).sort(cmp);
    expect(blockLines('example2-subject-lines')).toEqual(lines);
    expect(subjectLines(input2.subjects).sort(cmp)).toEqual(lines);
    const [, rows, sha] = /^subjects\s+rows=(\d+)\s+sha256=([0-9a-f]{64})$/.exec(blockLines('example2-snapshot')[0]!)!;
    const text = lines.map((l) => `${l}\n`).join('');
    expect(sha).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(snapshotHashes(input2).subjects).toEqual({ sha256: sha, rows: Number(rows) });
  });

  it('lists which sheets each department is on, and the sheets, as the code and the reference draw them', () => {
    expect(out2).toEqual(ref2.output);
    const on = ref2.output.pools.map((p) => [p.department, ...out2.sheets.filter((x) => x.inspectors.some((i) => i.department === p.department)).map((x) => String(x.number))].join(' '));
    expect(blockLines('example2-departments')).toEqual(on);
    expect(blockLines('example2-sheets')).toEqual(out2.sheets.map(sheetLine));
    expect(out2.sheets.map((x) => x.key)).toEqual(traced.output.sheets.map((x) => x.key)); // the same subjects as section 15
    expect(out2.pools).toEqual(traced.output.pools);
  });

  it('lists the continued Fisher–Yates steps and the candidates they give', () => {
    const continued = blockLines('example-continued').map((l) => {
      const m = /^(\S+)\s+u=\s*(\d+)\s+n=(\d+)\s+u mod n=(\d+)\s+i=(\d+) j=(\d+)$/.exec(l)!;
      return { stream: m[1]!, u: Number(m[2]), n: Number(m[3]), r: Number(m[4]), i: Number(m[5]), j: Number(m[6]) };
    });
    const candidates = blockLines('example-candidates').map((l) => l.split(' '));
    for (const st of traced.output.strata) {
      const keys = input2.subjects.filter((x) => x.stratum === st.stratum).map((x) => x.key).sort(cmp);
      const log: RefDrawRecord[] = [];
      const upto = st.drawn + continued.filter((c) => c.stream === `subjects/${st.stratum}`).length;
      const order = new RefStream(input2.seed, ['subjects', st.stratum], log).sample(keys, upto);
      const mine = log.filter((d) => d.i >= st.drawn).map((d) => ({ stream: d.stream, u: d.u, n: d.n, r: d.u % d.n, i: d.i, j: d.j }));
      expect(continued.filter((c) => c.stream === `subjects/${st.stratum}`)).toEqual(mine);
      expect(candidates.filter(([s]) => s === st.stratum)).toEqual(order.slice(st.drawn).map((k, p) => [st.stratum, String(st.drawn + p), k]));
    }
  });

  it('lists what each change did and the sheets after them, as the code and the reference apply them', () => {
    const { state, outcomes } = applySheetChanges(input2, out2, changes);
    const mine = [
      ...outcomes.map((o) => outcomeLine(o, state.sheets)),
      `cursors ${Object.entries(state.cursors).sort((a, b) => cmp(a[0], b[0])).map(([d, p]) => `${d}=${p}`).join(' ')}`,
      `strata ${Object.entries(state.strataCursor).sort((a, b) => cmp(a[0], b[0])).map(([n, p]) => `${n}=${p}`).join(' ')}`,
    ];
    expect(blockLines('example-change-outcomes')).toEqual(mine);
    const theirs = refChanges(input2, out2, changes);
    expect(theirs.lines).toEqual(mine);
    expect(blockLines('example-changed-sheets')).toEqual(state.sheets.map(sheetLine));
    expect(theirs.sheets.map(sheetLine)).toEqual(state.sheets.map(sheetLine));
  });

  it('the reference and the code agree on random rejections under both versions', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), fc.boolean(), (picks, v2) => {
      const inp = v2 ? input2 : input;
      const out = runDraw(inp);
      const keys = inp.subjects.map((x) => x.key).sort(cmp);
      const certificates = inp.departments.flatMap((d) => d.inspectors).sort(cmp);
      // each rejection names a department on its sheet as the sheets stand (computed on the code's state)
      let state = applySheetChanges(inp, out, []).state;
      const changes: SheetChange[] = [];
      for (const [n, cancels, a, b] of picks) {
        const open = state.sheets.filter((x) => x.cancelledBy === undefined);
        if (!open.length) break;
        const sheet = open[n % open.length]!;
        const change: SheetChange = {
          kind: 'reject', seq: changes.length + 1, sheet: sheet.number, department: sheet.inspectors[a % sheet.inspectors.length]!.department, cancels,
          skipped: [keys[a % keys.length]!], excluded: { conflicts: [{ certificate: certificates[b % certificates.length]!, key: keys[b % keys.length]! }], inactive: [certificates[(a + b) % certificates.length]!] },
        };
        changes.push(change);
        state = applySheetChanges(inp, out, changes).state;
      }
      const { state: final, outcomes } = applySheetChanges(inp, out, changes);
      const theirs = refChanges(inp, out, changes);
      expect(theirs.sheets.map(sheetLine)).toEqual(final.sheets.map(sheetLine));
      expect(theirs.lines.slice(0, -2)).toEqual(outcomes.map((o) => outcomeLine(o, final.sheets)));
    }), { numRuns: 60 });
  });
});

describe('the rejection vector of section 6 in docs/ALGORITHM.md', () => {
  const lines = blockLines('example-rejection');
  const field = (name: string) => {
    const m = new RegExp('^' + name + '\\s+(.+)$').exec(lines.find((l) => l.startsWith(name + ' ')) ?? '');
    if (!m) throw new Error(`no ${name} line in example-rejection`);
    return m[1]!;
  };
  const seed = field('seed');
  const [path, hex] = field('stream').split(/\s+/) as [string, string];
  const labels = path.split('/');
  const n = Number(field('n'));
  const limit = Number(field('limit'));
  const us = lines.filter((l) => l.startsWith('u=')).map((l) => {
    const m = /^u=(\d+)\s+(rejected|accepted)\s+\(0x([0-9A-F]{8}) (≥|<) limit\)(?:\s+uniform\(n\) = u mod n = (\d+))?$/.exec(l);
    if (!m) throw new Error(`unparsed line: ${l}`);
    expect(parseInt(m[3]!, 16)).toBe(Number(m[1]));
    expect(m[4]).toBe(m[2] === 'rejected' ? '≥' : '<');
    return { u: Number(m[1]), rejected: m[2] === 'rejected', value: m[5] === undefined ? null : Number(m[5]) };
  });
  const value = us.at(-1)!.value!;

  it('is a rejection followed by an acceptance, with the limit of section 6', () => {
    expect(us.map((x) => x.rejected)).toEqual([true, false]);
    expect(limit).toBe(TWO_32 - (TWO_32 % n));
    expect(us[0]!.u).toBeGreaterThanOrEqual(limit);
    expect(us[1]!.u).toBeLessThan(limit);
    expect(value).toBe(us[1]!.u % n);
    // The numbers of the prose: 2^32 mod n, and what skipping the rejection would return.
    expect(DOC).toContain(`2³² mod n = ${TWO_32 % n}, so limit = 2³² − ${TWO_32 % n} = ${limit} = ${limit / n}n`);
    expect(DOC).toContain(`An implementation without rejection would return ${us[0]!.u} mod n = ${us[0]!.u % n} instead`);
    expect(us[0]!.u % n).not.toBe(value);
  });

  it('agrees with the reference implementation (stream key, the int32 values read, the result)', () => {
    expect(refStreamHex(seed, labels)).toBe(hex);
    const log: RefDrawRecord[] = [];
    expect(new RefStream(seed, labels, log).uniform(n, 0, null)).toBe(value);
    expect(log.map((d) => [d.u, d.rejected])).toEqual(us.map((x) => [x.u, x.rejected]));
  });

  it('agrees with the code (Stream.uniform and uniformInt read exactly these int32 values)', () => {
    const traces: StreamTrace[] = [];
    const stream = new Stream(seed, labels, traces);
    expect(stream.hex).toBe(hex);
    expect(stream.uniform(n)).toBe(value);
    expect(traces).toEqual([{ labels, hex, ints: us.map((x) => x.u) }]);
    // The next call starts at the third int32, not at the rejected one.
    const third = new RefArc4(hex);
    third.uint32();
    third.uint32();
    const u3 = third.uint32();
    expect(stream.int32() >>> 0).toBe(u3);
    // uniformInt on seedrandom itself, as the draw calls it.
    expect(uniformInt(seedrandom(hex), n)).toBe(value);
  });
});
