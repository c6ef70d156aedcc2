// A draw from its subjects snapshot read a chunk at a time (docs/ALGORITHM.md §3), so that the
// text is never whole in memory: at eight million subjects it is 300 MB. The first pass over the
// chunks hashes the text, checks that it is canonical (as text.ts does over a whole text) and keeps
// one byte per line, its stratum; the draw then needs only each stratum's size, and a second pass
// cuts out the keys and departments of the lines drawn. A text that is not canonical, or an input
// any check would refuse, is left to the caller, who reads the text whole and takes the general
// path: this file only ever makes a draw leaner, never different.

import { createHash, type Hash } from 'node:crypto';
import { checkSeed, prepare, type Prepared } from './feasible.js';
import { sortUtf8 } from './order.js';
import { stratumCount } from './strata.js';
import { LABEL, Stream } from './streams.js';
import { drawTeams } from './teams.js';
import { drawnPositions, UNUSUAL } from './text.js';
import type { DrawInput, DrawOutput, Sheet } from './types.js';

/** Anything but printable ASCII, TAB and LF: a text without is free of what text.ts's UNUSUAL looks for, found faster. */
const PRINTABLE_ASCII = /[^\t\n -~]/;

/** A snapshot text as its chunks, in order, read afresh for each pass: their concatenation is the text. */
export interface ChunkSource {
  chunks(): Iterable<string>;
}

/** The input of a draw without its subjects: those are the chunks. */
export type ChunkedInput = Omit<DrawInput, 'seed' | 'subjects'>;

/** What the first pass learned of a canonical text: each line's stratum (by name, not yet by slot) and the lines of each chunk. */
interface Lines {
  /** per line, the index of its stratum in `names` */
  strata: Uint8Array;
  names: string[];
  /** per line, the index of its departments list in `lists` (draw-core/2 texts) */
  lists: Uint16Array | null;
  listNames: string[];
  /** lines in each chunk */
  perChunk: number[];
  count: number;
}

/**
 * The first pass over a subjects snapshot: feed it every chunk in order, then read its digest (the
 * SHA-256 and rows of the whole text, as core/snapshot.ts digests gives) and, when the text is
 * canonical, what the draw needs. `wanted` are keys whose lines are asked for (a conflict's subject):
 * `found` tells whether each is in the text, and its departments list.
 */
export class SubjectsScan {
  private readonly hash: Hash = createHash('sha256');
  private newlines = 0;
  private length = 0;
  private endsWithNewline = false;
  private lines: Lines | null = {
    strata: new Uint8Array(1 << 16), names: [], lists: new Uint16Array(1 << 16), listNames: [], perChunk: [], count: 0,
  };
  /** slots of the strata and departments lists met, by a hash of their characters */
  private readonly nameSlot = new Map<number, number[]>();
  private readonly listSlot = new Map<number, number[]>();
  private previousKey: string | null = null;
  private threeFields: boolean | null = null;
  private readonly wanted: string[];
  private readonly wantedSet: Set<string>;
  private next = 0;
  readonly found = new Map<string, string>();
  /** the marked keys, sorted, and how far the merge is */
  private readonly marked: string[];
  private nextMarked = 0;
  /** the marked keys found and their lines (from 0), in line order (which is key order) */
  private markedKeys: string[] = [];
  private markedLines = new Int32Array(1024);

  /**
   * `wanted`: keys whose lines are asked for (a conflict's subject): `found` gives their
   * departments lists. `marked`: keys whose line numbers are asked for (in a replay, the recorded
   * sheets' subjects, so that their keys need no second pass over the text).
   */
  constructor(wanted: Iterable<string> = [], marked: readonly string[] = []) {
    this.wantedSet = new Set(wanted);
    this.wanted = [...this.wantedSet].sort();
    this.marked = [...marked].sort();
  }

  add(chunk: string): void {
    this.hash.update(chunk, 'utf8');
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) this.newlines++;
    if (chunk.length > 0) {
      this.length += chunk.length;
      this.endsWithNewline = chunk.charCodeAt(chunk.length - 1) === 10;
    }
    if (this.lines && !this.index(chunk, this.lines)) this.lines = null;
  }

  /** SHA-256 and row count of the text (core/snapshot.ts rowsOf: a last line without LF counts). */
  digest(): { sha256: string; rows: number } {
    const rows = this.length === 0 ? 0 : this.newlines + (this.endsWithNewline ? 0 : 1);
    return { sha256: this.hash.digest('hex'), rows };
  }

  /** Whether a wanted key is a line's key. */
  has(key: string): boolean {
    return this.found.has(key);
  }

  /** Lines of one chunk: false when the text is not canonical in a way text.ts would send to the general path. */
  private index(chunk: string, l: Lines): boolean {
    // whole lines only, and nothing unusual: a chunk cut inside a line (edited by hand) goes the general way
    if (chunk.length === 0 || chunk.charCodeAt(chunk.length - 1) !== 10 || (PRINTABLE_ASCII.test(chunk) && UNUSUAL.test(chunk))) return false;
    let n = 0;
    let lastStratum = '';
    let lastSlot = -1;
    let lastList = '';
    let lastListSlot = -1;
    // keys compared as slices (views, not copies), natively: no surrogates here, so UTF-16 order is bytewise
    let previousKey = this.previousKey ?? '';
    for (let s = 0; s < chunk.length;) {
      const nl = chunk.indexOf('\n', s);
      const tab = chunk.indexOf('\t', s);
      if (tab <= s || tab > nl) return false; // empty key, or no stratum
      const key = chunk.slice(s, tab);
      if (!(key > previousKey)) return false; // not in strict key order
      previousKey = key;
      let second = chunk.indexOf('\t', tab + 1);
      if (second > nl) second = -1;
      const three = second >= 0;
      if (this.threeFields === null) this.threeFields = three;
      else if (this.threeFields !== three) return false;
      const end = three ? second : nl;
      // the stratum and the departments list found where they lie, never cut out, unless new: a string per line was most of the pass's time
      if (!(lastSlot >= 0 && end - tab - 1 === lastStratum.length && chunk.startsWith(lastStratum, tab + 1))) {
        lastSlot = this.slotAt(chunk, tab + 1, end, l.names, this.nameSlot, 255);
        if (lastSlot < 0) return false;
        lastStratum = l.names[lastSlot]!;
      }
      if (three && !(lastListSlot >= 0 && nl - second - 1 === lastList.length && chunk.startsWith(lastList, second + 1))) {
        lastListSlot = this.slotAt(chunk, second + 1, nl, l.listNames, this.listSlot, 65535);
        if (lastListSlot < 0) return false;
        lastList = l.listNames[lastListSlot]!;
      }
      const at = l.count + n;
      if (this.next < this.wanted.length) this.look(key, three ? lastList : '');
      if (this.nextMarked < this.marked.length) this.mark(key, at);
      if (at === l.strata.length) {
        const a = new Uint8Array(at * 2); a.set(l.strata); l.strata = a;
        const b = new Uint16Array(at * 2); b.set(l.lists!); l.lists = b;
      }
      l.strata[at] = lastSlot;
      l.lists![at] = three ? lastListSlot : 0;
      n++;
      s = nl + 1;
    }
    this.previousKey = copied(previousKey);
    l.count += n;
    l.perChunk.push(n);
    return true;
  }

  /**
   * The slot of the text from..to among `names` (hashed by their characters), added when new; -1
   * when there would be more than `max`.
   */
  private slotAt(chunk: string, from: number, to: number, names: string[], slots: Map<number, number[]>, max: number): number {
    // a few characters and the length tell most lists apart; the candidates are then compared where they lie
    const length = to - from;
    const h = length === 0 ? -1 : (length * 31 + chunk.charCodeAt(from)) * 961 + chunk.charCodeAt(from + (length >> 1)) * 31 + chunk.charCodeAt(to - 1);
    const candidates = slots.get(h);
    if (candidates) for (const c of candidates) if (names[c]!.length === length && chunk.startsWith(names[c]!, from)) return c;
    if (names.length === max) return -1;
    const slot = names.length;
    names.push(copied(chunk.slice(from, to)));
    slots.set(h, [...(candidates ?? []), slot]);
    return slot;
  }

  /**
   * Keys come in strict order: the wanted keys (sorted) are met in a merge. The wanted key's own
   * string is kept, and the list's stored slot (never a slice of the chunk).
   */
  private look(key: string, list: string): void {
    while (this.next < this.wanted.length && this.wanted[this.next]! < key) this.next++;
    const wanted = this.wanted[this.next];
    if (wanted === key) {
      this.found.set(wanted, list);
      this.next++;
    }
  }

  /**
   * The marked keys are met in a merge too; their own strings are kept. Most lines are before the
   * next marked key: one comparison tells (a replay's first pass compared twice a line, a tenth of it).
   */
  private mark(key: string, line: number): void {
    const marked = this.marked;
    if (key < marked[this.nextMarked]!) return;
    while (this.nextMarked < marked.length && marked[this.nextMarked]! < key) this.nextMarked++;
    if (marked[this.nextMarked] !== key) return;
    const n = this.markedKeys.length;
    if (n === this.markedLines.length) { const a = new Int32Array(n * 2); a.set(this.markedLines); this.markedLines = a; }
    this.markedLines[n] = line;
    this.markedKeys.push(marked[this.nextMarked++]!);
  }

  /** The marked keys found, with their lines, in line order. */
  markedFound(): KnownLines {
    return { lines: this.markedLines.subarray(0, this.markedKeys.length), keys: this.markedKeys };
  }

  /**
   * The draw's arrangement of a canonical text for this input (its conflicts among the subjects
   * found), or null when the general path must decide: not canonical, an unknown stratum or
   * department, or anything prepare would refuse. Call after the last chunk.
   */
  check(input: ChunkedInput): Arranged | null {
    const l = this.lines;
    if (!l || l.count === 0) return null;
    const base = prepare({ algorithm: input.algorithm, strata: input.strata, departments: input.departments, conflicts: input.conflicts, subjects: [] });
    // with no subjects, the only refusal a good input gives is the empty population
    if (base.refusals.length !== 1 || base.refusals[0]!.code !== 'empty-population') return null;
    const v2 = base.algorithm === 'draw-core/2';
    if (this.threeFields !== v2 || base.strata.length > 255) return null;
    const slotOf = new Map(base.strata.map((s, i) => [s.stratum, i]));
    const slots = l.names.map((name) => slotOf.get(name) ?? -1);
    if (slots.includes(-1)) return null; // an empty or unknown stratum: refused
    const known = new Set(base.departments.map((d) => d.code));
    const lists: (readonly string[])[] = [];
    if (v2) {
      for (const list of l.listNames) {
        if (list === '' || list.includes('\t')) return null;
        const codes = list.split(',');
        if (codes.some((c) => c === '' || !known.has(c))) return null;
        lists.push(sortUtf8([...new Set(codes)]));
      }
    }
    const listOfKey = (key: string): readonly string[] => lists[l.listNames.indexOf(this.found.get(key)!)]!;
    // Conflicts: every subject of the population keeps a full team in every department on its sheet (as prepare).
    if (base.conflicts.length > 0) {
      const departmentOf = new Map<string, number>();
      base.departments.forEach((d, i) => { for (const c of d.pool) departmentOf.set(c, i); });
      const conflicted = base.departments.map(() => new Map<string, number>());
      for (const c of base.conflicts) {
        const i = departmentOf.get(c.certificate);
        if (i === undefined) continue;
        // a key never asked for cannot be told apart from one absent: the general path decides
        if (!this.wantedSet.has(c.key)) return null;
        if (!this.found.has(c.key)) continue;
        conflicted[i]!.set(c.key, (conflicted[i]!.get(c.key) ?? 0) + 1);
      }
      for (let i = 0; i < base.departments.length; i++) {
        const d = base.departments[i]!;
        for (const [key, count] of conflicted[i]!) {
          if (v2 && !listOfKey(key).includes(d.code)) continue;
          if (d.pool.length - count < d.teamSize) return null; // subject-all-conflicted: refused
        }
      }
    }
    const sizes = new Int32Array(base.strata.length);
    const bySlot = Uint8Array.from(slots);
    for (let i = 0; i < l.count; i++) sizes[bySlot[l.strata[i]!]!]!++;
    return { base, sizes, slotOfName: bySlot, lines: l, lists: v2 ? lists : null };
  }
}

/** A canonical text arranged for the draw (SubjectsScan.check). */
export interface Arranged {
  base: Prepared;
  /** per stratum of base.strata, its number of subjects */
  sizes: Int32Array;
  /** per stratum name of the text (in order of first sight), its slot in base.strata */
  slotOfName: Uint8Array;
  lines: Lines;
  /** per departments list of the text, sorted; null under draw-core/1 */
  lists: (readonly string[])[] | null;
}

/**
 * The draw of a canonical chunked text (text.ts drawFromText, the same streams and result), or
 * null when the seed would be refused (the general path then refuses it). `source` gives the
 * chunks again, for the keys of the lines drawn, unless `known` has the key of every line drawn.
 * It uses the arrangement up: a second draw needs a second scan.
 */
export function drawChunked(seed: string, a: Arranged, source: ChunkSource, known?: KnownLines): DrawOutput | null {
  if (checkSeed(seed).length > 0) return null;
  const { base, sizes, slotOfName, lines } = a;
  const strata: DrawOutput['strata'] = [];
  // per stratum: its members drawn, by position (sorted) and each one's draw order, and where its sheets start
  // (typed arrays, not a map of the positions: 35 bytes a sheet, and a lookup per line)
  const positions: Int32Array[] = [];
  const orders: Int32Array[] = [];
  const firstSheet: number[] = [];
  let sheetCount = 0;
  base.strata.forEach(({ stratum, ppm }, slot) => {
    const size = sizes[slot]!;
    const count = stratumCount(size, ppm);
    const drawn = drawnPositions(size, count, new Stream(seed, [LABEL.subjects, stratum]));
    strata.push({ stratum, size, drawn: count });
    const order = Int32Array.from({ length: count }, (_, i) => i).sort((x, y) => drawn[x]! - drawn[y]!);
    orders.push(order);
    positions.push(order.map((i) => drawn[i]!));
    firstSheet.push(sheetCount);
    sheetCount += count;
  });
  // the line of each sheet: one walk over the strata of the lines, each stratum's drawn positions met in order
  const lineOf = new Int32Array(sheetCount);
  const seen = new Int32Array(base.strata.length);
  const next = new Int32Array(base.strata.length);
  for (let g = 0; g < lines.count; g++) {
    const slot = slotOfName[lines.strata[g]!]!;
    const p = next[slot]!;
    if (positions[slot]![p] === seen[slot]!++) {
      lineOf[firstSheet[slot]! + orders[slot]![p]!] = g;
      next[slot] = p + 1;
    }
  }
  const keys = (known && keysKnown(lineOf, known)) ?? keysOfLines(lineOf, lines, source);
  const sheets: Sheet[] = [];
  base.strata.forEach(({ stratum }, slot) => {
    for (let i = 0; i < strata[slot]!.drawn; i++) {
      const n = firstSheet[slot]! + i;
      sheets.push({ number: n + 1, key: keys[n]!, stratum, inspectors: [] });
    }
  });
  const lists = a.lists;
  const sheetLists = lists && Array.from(lineOf, (g) => lists[lines.lists![g]!]!);
  // the arrangement is used up: its per-line arrays (24 MB at eight million subjects) are let go before the teams are drawn
  lines.strata = new Uint8Array(0);
  lines.lists = null;
  const pools = drawTeams(seed, base.departments, base.conflicts, sheets, sheetLists && ((s) => sheetLists[s]!));
  return { strata, sheets, pools };
}

/**
 * The keys of the lines drawn when every one is among the lines whose keys the first pass kept (a
 * replay's recorded sheets, when they are what the draw gives): no second pass. Null when one is not.
 */
function keysKnown(lineOf: Int32Array, known: KnownLines): string[] | null {
  const keys: string[] = new Array(lineOf.length);
  const { lines } = known;
  for (let n = 0; n < lineOf.length; n++) {
    const g = lineOf[n]!;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid]! < g) lo = mid + 1;
      else hi = mid;
    }
    if (lines[lo] !== g) return null;
    keys[n] = known.keys[lo]!;
  }
  return keys;
}

/** Keys of some lines of a text, and those lines (from 0), both in line order. */
export interface KnownLines { lines: Int32Array; keys: readonly string[] }

/** The keys of the lines drawn (by sheet), read in a second pass over the chunks, in line order. */
function keysOfLines(lineOf: Int32Array, lines: Lines, source: ChunkSource): string[] {
  const sheetCount = lineOf.length;
  const byLine = Int32Array.from({ length: sheetCount }, (_, i) => i).sort((x, y) => lineOf[x]! - lineOf[y]!);
  const keys: string[] = new Array(sheetCount);
  let k = 0;
  let first = 0;
  let c = 0;
  for (const text of source.chunks()) {
    if (k === sheetCount || c === lines.perChunk.length) break;
    const end = first + lines.perChunk[c++]!;
    if (lineOf[byLine[k]!]! < end) {
      let line = first;
      let at = 0;
      while (k < sheetCount && lineOf[byLine[k]!]! < end) {
        const target = lineOf[byLine[k]!]!;
        for (; line < target; line++) at = text.indexOf('\n', at) + 1;
        keys[byLine[k]!] = copied(text.slice(at, text.indexOf('\t', at)));
        k++;
      }
    }
    first = end;
  }
  return keys;
}

/**
 * A string of its own: V8 keeps a slice of 13 characters or more as a view of the whole string it
 * was cut from, so each sheet's key would hold its chunk's text alive (all of them: 37 MB at a
 * million subjects).
 */
function copied(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The whole text of a chunked source (the general path's, for a text that is not canonical). */
export function wholeText(source: ChunkSource): string {
  let text = '';
  for (const chunk of source.chunks()) text += chunk;
  return text;
}
