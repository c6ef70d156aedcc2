// A draw from its subjects snapshot text (docs/ALGORITHM.md §3), without a subject object per
// line. A profile of `draw run` on a million subjects spent more time building, checking and
// sorting the subject objects (subjectsOf, prepare twice) than drawing; a canonical snapshot text
// is already sorted and checked by its own shape, so the draw reads it where it lies: one line
// start per subject in a typed array, a key cut out only for the subjects drawn. Anything not
// canonical (unsorted, repeated keys, control characters, surrogates, a stratum or department the
// draw does not know, a refusal of any kind) is left to the general path, which gives the same
// result or the refusals, so this file only ever makes a draw faster, never different.

import { checkFeasible as checkFeasibleGeneral, checkSeed, prepare, type Prepared } from './feasible.js';
import { compareUtf8, sortUtf8 } from './order.js';
import { stratumCount } from './strata.js';
import { LABEL, Stream, uniformInt } from './streams.js';
import { drawTeams } from './teams.js';
import type { DrawInput, DrawOutput, DrawSubject, Sheet } from './types.js';

const SUBJECTS_TEXT = Symbol('subjectsText');

/**
 * The subjects of a snapshot text, in its order: `key TAB stratum` (draw-core/1) or
 * `key TAB stratum TAB d1,d2,…` (draw-core/2). Lines sharing a departments list share its array.
 */
export function subjectsOfText(subjectsText: string): DrawSubject[] {
  const lists = new Map<string, string[]>();
  const lines = subjectsText === '' ? [] : subjectsText.slice(0, -1).split('\n');
  return lines.map((l) => {
    const i = l.indexOf('\t');
    const j = l.indexOf('\t', i + 1);
    if (j < 0) return { key: l.slice(0, i), stratum: l.slice(i + 1) };
    const list = l.slice(j + 1);
    let departments = lists.get(list);
    if (!departments) lists.set(list, (departments = list === '' ? [] : list.split(',')));
    return { key: l.slice(0, i), stratum: l.slice(i + 1, j), departments };
  });
}

/**
 * A draw input whose subjects are a snapshot text: `subjects` is built from the text the first
 * time it is read (and from then on the draw uses it, as any input); until then runDraw and
 * checkFeasible read the text itself. A copy (`{ ...input }`) is a plain input with the subjects.
 */
export function textDrawInput<T extends Omit<DrawInput, 'subjects' | 'seed'> & { seed?: string }>(subjectsText: string, rest: T): T & { subjects: DrawSubject[] } {
  let subjects: DrawSubject[] | undefined;
  const input = { ...rest } as T & { subjects: DrawSubject[] };
  Object.defineProperty(input, 'subjects', {
    enumerable: true, configurable: true,
    get: () => (subjects ??= subjectsOfText(subjectsText)),
    set: (value: DrawSubject[]) => { subjects = value; },
  });
  // the text stands for the subjects only while nobody has read (and perhaps changed) them
  Object.defineProperty(input, SUBJECTS_TEXT, { enumerable: false, get: () => (subjects === undefined ? subjectsText : undefined) });
  return input;
}

/** The snapshot text an input's subjects still stand as, if any. */
export function textOf(input: object): string | undefined {
  return (input as { [SUBJECTS_TEXT]?: string })[SUBJECTS_TEXT];
}

/** Control characters other than TAB and LF, and surrogates: a text holding any goes the general way. */
export const UNUSUAL = /[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]/;

/** The last text prepared, with what it was prepared for: checkFeasible then runDraw read one text once. */
let last: { text: string; strata: unknown; departments: unknown; conflicts: unknown; algorithm: unknown; prepared: TextPrepared | null } | undefined;

function preparedFor(input: Omit<DrawInput, 'seed' | 'subjects'>, text: string): TextPrepared | null {
  if (last && last.text === text && last.strata === input.strata && last.departments === input.departments
    && last.conflicts === input.conflicts && last.algorithm === input.algorithm) return last.prepared;
  const prepared = prepareText(input, text);
  last = { text, strata: input.strata, departments: input.departments, conflicts: input.conflicts, algorithm: input.algorithm, prepared };
  return prepared;
}

interface TextPrepared {
  base: Prepared;
  /** per stratum of base.strata, the start of each of its lines, in text (= key) order */
  starts: Int32Array[];
  /** departments of a line (draw-core/2), sorted, by its start; null under draw-core/1 */
  departmentsAt: ((start: number) => readonly string[]) | null;
}

/** Key of the line starting at `a` (up to its first TAB) strictly after that starting at `b`? Bytewise; no surrogates here. */
function keyAfter(text: string, a: number, b: number): boolean {
  for (let i = 0; ; i++) {
    const x = text.charCodeAt(a + i);
    const y = text.charCodeAt(b + i);
    if (x === y) {
      if (x === 9) return false; // equal keys
      continue;
    }
    if (x === 9) return false; // a is a prefix of b: it sorts first
    if (y === 9) return true;
    return x > y;
  }
}

/** The input checked and arranged from the text, or null when the general path must decide. */
function prepareText(input: Omit<DrawInput, 'seed' | 'subjects'>, text: string): TextPrepared | null {
  const base = prepare({ algorithm: input.algorithm, strata: input.strata, departments: input.departments, conflicts: input.conflicts, subjects: [] });
  // with no subjects, the only refusal a good input gives is the empty population
  if (base.refusals.length !== 1 || base.refusals[0]!.code !== 'empty-population') return null;
  if (text.length === 0 || text.charCodeAt(text.length - 1) !== 10 || UNUSUAL.test(text)) return null;
  const v2 = base.algorithm === 'draw-core/2';
  const slotOf = new Map(base.strata.map((s, i) => [s.stratum, i]));
  const known = new Set(base.departments.map((d) => d.code));
  const lists = new Map<string, string[]>();
  const listOf = (list: string): string[] | null => {
    let sorted = lists.get(list);
    if (sorted) return sorted;
    if (list === '' || list.includes('\t')) return null;
    const codes = list.split(',');
    if (codes.some((c) => c === '' || !known.has(c))) return null;
    sorted = sortUtf8([...new Set(codes)]);
    lists.set(list, sorted);
    return sorted;
  };

  let all = new Int32Array(1 << 16);
  let slots = new Uint8Array(1 << 16);
  if (base.strata.length > 255) return null;
  let n = 0;
  let lastStratum = '';
  let lastSlot = -1;
  let lastList = '';
  let previous = -1;
  for (let s = 0; s < text.length;) {
    const nl = text.indexOf('\n', s);
    const tab = text.indexOf('\t', s);
    if (tab <= s || tab > nl) return null; // empty key, or no stratum
    if (previous >= 0 && !keyAfter(text, s, previous)) return null; // not in strict key order
    let second = text.indexOf('\t', tab + 1);
    if (second > nl) second = -1;
    const end = second >= 0 ? second : nl;
    let slot = lastSlot;
    if (!(end - tab - 1 === lastStratum.length && text.startsWith(lastStratum, tab + 1)) || slot < 0) {
      lastStratum = text.slice(tab + 1, end);
      const found = slotOf.get(lastStratum);
      if (found === undefined) return null; // an empty or unknown stratum: refused
      lastSlot = slot = found;
    }
    if (v2) {
      if (second < 0) return null; // no departments
      if (!(nl - second - 1 === lastList.length && text.startsWith(lastList, second + 1) && lists.has(lastList))) {
        lastList = text.slice(second + 1, nl);
        if (listOf(lastList) === null) return null;
      }
    }
    if (n === all.length) {
      const a = new Int32Array(n * 2); a.set(all); all = a;
      const b = new Uint8Array(n * 2); b.set(slots); slots = b;
    }
    all[n] = s;
    slots[n++] = slot;
    previous = s;
    s = nl + 1;
  }

  const departmentsAt = v2 ? (start: number): readonly string[] => {
    const tab = text.indexOf('\t', start);
    const second = text.indexOf('\t', tab + 1);
    return lists.get(text.slice(second + 1, text.indexOf('\n', second)))!;
  } : null;

  // Conflicts: every subject of the population keeps a full team in every department on its sheet (as prepare).
  if (base.conflicts.length > 0) {
    const startOf = (key: string): number => lineStartOf(text, all, n, key);
    const departmentOf = new Map<string, number>();
    base.departments.forEach((d, i) => { for (const c of d.pool) departmentOf.set(c, i); });
    const conflicted = base.departments.map(() => new Map<string, number>());
    const starts = new Map<string, number>();
    for (const c of base.conflicts) {
      const i = departmentOf.get(c.certificate);
      if (i === undefined) continue;
      let at = starts.get(c.key);
      if (at === undefined) starts.set(c.key, (at = startOf(c.key)));
      if (at < 0) continue;
      conflicted[i]!.set(c.key, (conflicted[i]!.get(c.key) ?? 0) + 1);
    }
    for (let i = 0; i < base.departments.length; i++) {
      const d = base.departments[i]!;
      for (const [key, count] of conflicted[i]!) {
        if (departmentsAt && !departmentsAt(starts.get(key)!).includes(d.code)) continue;
        if (d.pool.length - count < d.teamSize) return null; // subject-all-conflicted: refused
      }
    }
  }

  const sizes = new Int32Array(base.strata.length);
  for (let i = 0; i < n; i++) sizes[slots[i]!]!++;
  const starts = [...sizes].map((size) => new Int32Array(size));
  const filled = new Int32Array(base.strata.length);
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    starts[slot]![filled[slot]!++] = all[i]!;
  }
  return { base, starts, departmentsAt };
}

/**
 * The partial Fisher–Yates of sample.ts over the positions 0 … n−1 (the same stream, the same
 * integers drawn), keeping only the positions swapped: a few percent of a million, not a million.
 */
export function drawnPositions(n: number, count: number, stream: Stream): Int32Array {
  const out = new Int32Array(count);
  if (count * 16 >= n) {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + uniformInt(stream, n - i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
      out[i] = a[i]!;
    }
    return out;
  }
  const moved = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const j = i + uniformInt(stream, n - i);
    const at = moved.get(i) ?? i;
    out[i] = moved.get(j) ?? j;
    moved.set(j, at);
  }
  return out;
}

/**
 * Everything that would make the draw impossible (feasible.ts checkFeasible): nothing when the
 * text path accepts the input, else the general check's refusals.
 */
export function checkFeasible(input: Omit<DrawInput, 'seed'>): ReturnType<typeof checkFeasibleGeneral> {
  const text = textOf(input);
  if (text !== undefined && preparedFor(input, text) !== null) return [];
  return checkFeasibleGeneral(input);
}

/** The draw from the text, or null when the general path must draw (or refuse) it. */
export function drawFromText(input: DrawInput, text: string): DrawOutput | null {
  if (checkSeed(input.seed).length > 0) return null;
  const prepared = preparedFor(input, text);
  if (!prepared) return null;
  const { base, starts, departmentsAt } = prepared;
  const { seed } = input;
  const sheets: Sheet[] = [];
  const lines: number[] = [];
  const strata: DrawOutput['strata'] = [];
  base.strata.forEach(({ stratum, ppm }, slot) => {
    const of = starts[slot]!;
    const count = stratumCount(of.length, ppm);
    const drawn = drawnPositions(of.length, count, new Stream(seed, [LABEL.subjects, stratum]));
    strata.push({ stratum, size: of.length, drawn: count });
    for (let i = 0; i < count; i++) {
      const start = of[drawn[i]!]!;
      lines.push(start);
      sheets.push({ number: sheets.length + 1, key: text.slice(start, text.indexOf('\t', start)), stratum, inspectors: [] });
    }
  });
  // each sheet's departments read from its line once, not once per department
  const lists = departmentsAt && lines.map(departmentsAt);
  const pools = drawTeams(seed, base.departments, base.conflicts, sheets, lists && ((s) => lists[s]!));
  return { strata, sheets, pools };
}

/**
 * What changes to a drawn draw (core/draw/changes.ts) need of its input, read from the text: each
 * stratum's size and i-th key, each subject's departments (draw-core/2) by key; null when the
 * general path must read the input (it is not a canonical text's, or is refused).
 */
export function textChangeContext(input: DrawInput): {
  algorithm: Prepared['algorithm']; departments: Prepared['departments']; conflicts: Prepared['conflicts'];
  strata: { stratum: string; size: number; keyAt: (i: number) => string }[];
  subjectDepartments: { get(key: string): readonly string[] | undefined } | null;
} | null {
  const text = textOf(input);
  if (text === undefined) return null;
  const prepared = preparedFor(input, text);
  if (!prepared) return null;
  const { base, starts, departmentsAt } = prepared;
  const keyAt = (start: number) => keyOfLine(text, start);
  // every line's start in key order, for a key's departments by binary search (rarely: a substitute's candidates)
  let all: Int32Array | null = null;
  const lineOf = (key: string): number => {
    if (!all) {
      let n = 0;
      for (const s of starts) n += s.length;
      all = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1) all[k++] = i;
    }
    return lineStartOf(text, all, all.length, key);
  };
  return {
    algorithm: base.algorithm, departments: base.departments, conflicts: base.conflicts,
    strata: base.strata.map((s, slot) => ({ stratum: s.stratum, size: starts[slot]!.length, keyAt: (i: number) => keyAt(starts[slot]![i]!) })),
    subjectDepartments: departmentsAt && {
      get(key: string): readonly string[] | undefined {
        const at = lineOf(key);
        return at < 0 ? undefined : departmentsAt(at);
      },
    },
  };
}

/** The key of the line starting at START: the text up to its first tab. */
function keyOfLine(text: string, start: number): string {
  return text.slice(start, text.indexOf('\t', start));
}

/** The start of KEY's line among the first COUNT of STARTS (line starts in key order), or -1. */
function lineStartOf(text: string, starts: Int32Array, count: number, key: string): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareUtf8(keyOfLine(text, starts[mid]!), key);
    if (c === 0) return starts[mid]!;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
