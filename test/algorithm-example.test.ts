// Keeps docs/ALGORITHM.md honest.
//
// 1. A reference implementation written from the document alone (test/reference/draw-core.ts:
//    its own ARC4, its own sorting via Buffer.compare, a naive matching): it must agree with
//    seedrandom and with runDraw, on the worked example and on random inputs.
// 2. Every value listed in the worked example is parsed back from the document and
//    checked against both.

import { createHash } from 'node:crypto';
import {
  cmp, refChanges, refDraw, refReplace, refStreamHex, RefArc4, RefStream, TWO_32, type RefDrawRecord,
} from './reference/draw-core.js';
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
// The reference implementation, written from the document only, is test/reference/draw-core.ts
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
