import { applyChange, compareUtf8, drawChunked, SubjectsScan, wholeText, type ChunkedInput, type ChunkSource, subjectsOfText, textDrawInput, changeContext, initialChangedDraw, sortUtf8, subjectLines, type ChangeContext, type ChangedDraw, type ChangedSheet, type ChangeOutcome, type DrawAlgorithm, type DrawInput, type DrawOutput, type PoolOrder, type Sheet, type SheetInspector, type StratumResult } from './draw/index.js';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical.js';
import type { YearCaps } from './year-caps.js';
import { readEvent, type LoggedRejection, type LoggedSubstitute } from './audit-events.js';

/**
 * A draw's inputs as texts (the byte form the snapshot hashes are taken over, docs/ALGORITHM.md
 * §2), and back; the committed parameters; and the comparison a replay makes. Pure.
 */
export interface SnapshotTexts { subjects: string; inspectors: string; conflicts: string }
export interface SnapshotDigests { subjects: { sha256: string; rows: number }; inspectors: { sha256: string; rows: number }; conflicts: { sha256: string; rows: number } }

const text = (lines: string[]) => {
  sortUtf8(lines);
  return lines.length ? `${lines.join('\n')}\n` : '';
};

/**
 * The subjects of a snapshot text, in its (canonical) order: `key TAB stratum` (draw-core/1) or
 * `key TAB stratum TAB d1,d2,…` (draw-core/2, docs/ALGORITHM.md §3 and §16).
 */
export const subjectsOf = subjectsOfText;

/**
 * How many subjects each stratum of a subjects snapshot holds, under either layout
 * (`key TAB stratum LF`, or draw-core/2's `key TAB stratum TAB departments LF`), without building
 * a subject per line: a million-line snapshot is counted in one pass over the text.
 */
export function stratumSizesOf(subjectsText: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  let last = '';
  let count = 0; // lines of `last` not yet added
  for (let i = 0; i < subjectsText.length;) {
    const tab = subjectsText.indexOf('\t', i);
    if (tab < 0) break;
    let nl = subjectsText.indexOf('\n', tab);
    if (nl < 0) nl = subjectsText.length;
    const next = subjectsText.indexOf('\t', tab + 1);
    const end = next >= 0 && next < nl ? next : nl;
    // the stratum of the line before, most often: compared where it lies, not cut out again
    if (count > 0 && end - tab - 1 === last.length && subjectsText.startsWith(last, tab + 1)) count++;
    else {
      if (count > 0) sizes[last] = (sizes[last] ?? 0) + count;
      last = subjectsText.slice(tab + 1, end);
      count = 1;
    }
    i = nl + 1;
  }
  if (count > 0) sizes[last] = (sizes[last] ?? 0) + count;
  return sizes;
}

/**
 * Which keys a subjects snapshot text holds, without a string per line: each line's start in a
 * typed array and a binary search, the text being in key order as every snapshot is (a text out
 * of order, edited by hand, is read into a set instead).
 */
export function subjectKeys(subjectsText: string): { has(key: string): boolean } {
  let starts = new Int32Array(1024);
  let n = 0;
  for (let i = 0; i < subjectsText.length; i = subjectsText.indexOf('\n', i) + 1 || subjectsText.length) {
    if (n === starts.length) { const a = new Int32Array(n * 2); a.set(starts); starts = a; }
    starts[n++] = i;
  }
  const ends = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const tab = subjectsText.indexOf('\t', starts[k]!);
    const nl = subjectsText.indexOf('\n', starts[k]!);
    // a line without a TAB is not a snapshot's: the set below reads it as subjectsOf does
    if (tab < 0 || (nl >= 0 && nl < tab)) return new Set(subjectsOf(subjectsText).map((s) => s.key));
    ends[k] = tab;
  }
  const keyAt = (k: number) => subjectsText.slice(starts[k]!, ends[k]!);
  for (let k = 1; k < n; k++) {
    if (compareUtf8(keyAt(k - 1), keyAt(k)) >= 0) return new Set(subjectsOf(subjectsText).map((s) => s.key));
  }
  return {
    has(key: string): boolean {
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = compareUtf8(keyAt(mid), key);
        if (c === 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

export function toTexts(input: Omit<DrawInput, 'seed' | 'strata'>, subjectsText?: string): SnapshotTexts {
  return {
    subjects: subjectsText ?? text(subjectLines(input.subjects)),
    inspectors: text(input.departments.flatMap((d) => d.inspectors.map((c) => `${d.code}\t${c}`))),
    conflicts: text([...new Set(input.conflicts.map((c) => `${c.certificate}\t${c.key}`))]),
  };
}

const lines = (t: string) => (t === '' ? [] : t.slice(0, -1).split('\n'));

/** lines(t).length, counted without splitting: a million-line snapshot is not cut into strings to be counted. */
function rowsOf(t: string): number {
  if (t === '') return 0;
  let n = 1;
  const last = t.length - 1;
  for (let i = t.indexOf('\n'); i >= 0 && i < last; i = t.indexOf('\n', i + 1)) n++;
  return n;
}

export function digests(t: SnapshotTexts): SnapshotDigests {
  return { subjects: digestOf(t.subjects), inspectors: digestOf(t.inspectors), conflicts: digestOf(t.conflicts) };
}

/** What a draw commits to before its seed exists (DESIGN.md, "The draw contract" §2). */
export interface DrawParameters {
  format: 'draw-parameters/1';
  algorithm: string;
  prng: string;
  tool: string;
  plan: { id: number; number: string; year: number; name: string; windowStart: string; windowEnd: string; items: { code: string; version: number }[] };
  strata: { stratum: string; ppm: number }[];
  departments: { code: string; teamSize: number }[];
  yearCap: number;
  /** the cap of each risk stratum that applied (core/year-caps.ts, null = no cap); absent from draws committed before issue 11 */
  yearCaps?: YearCaps;
  snapshots: SnapshotDigests;
}

export function commitmentOf(p: DrawParameters): string {
  return sha256Hex(canonicalJson(p));
}

/**
 * SHA-256 of the canonical JSON of { sheets, strata } (keys sorted, no spaces). Sheets have a
 * fixed shape, so they are written directly rather than walked: the same bytes, much faster; and
 * fed to the hash a few hundred at a time, never joined (26,098 sheets of ten inspectors are 15 MB
 * of JSON, held three times over when joined and encoded).
 */
export function resultHash(strata: StratumResult[], sheets: Sheet[]): string {
  const hash = createHash('sha256');
  // a draw's sheets share one inspector object per pool member (core/draw/teams.ts): each written once
  const written = new Map<SheetInspector, string>();
  const json = (i: SheetInspector) => {
    let text = written.get(i);
    if (text === undefined) written.set(i, (text = `{"certificate":${JSON.stringify(i.certificate)},"department":${JSON.stringify(i.department)}}`));
    return text;
  };
  let part = '{"sheets":[';
  sheets.forEach((s, n) => {
    const team = s.inspectors.map(json).join(',');
    part += `${n ? ',' : ''}{"inspectors":[${team}],"key":${JSON.stringify(s.key)},"number":${s.number},"stratum":${JSON.stringify(s.stratum)}}`;
    if (part.length > 1 << 16) {
      hash.update(part, 'utf8');
      part = '';
    }
  });
  const strataJson = canonicalJson(strata.map((s) => ({ drawn: s.drawn, size: s.size, stratum: s.stratum })));
  hash.update(`${part}],"strata":${strataJson}}`, 'utf8');
  return hash.digest('hex');
}

/**
 * Rebuilds the draw input from the snapshot texts and the parameters. Its subjects stand as their
 * text until read (core/draw/text.ts): runDraw draws a canonical text where it lies.
 */
export function fromTexts(t: SnapshotTexts, p: DrawParameters, seed: string): DrawInput {
  return textDrawInput(t.subjects, { ...inputOfTexts(t.inspectors, t.conflicts, p), seed });
}

/** The draw input but its subjects and seed, from the inspectors and conflicts snapshot texts and the parameters. */
export function inputOfTexts(inspectors: string, conflicts: string, p: DrawParameters): ChunkedInput {
  const pools = new Map<string, string[]>(p.departments.map((d) => [d.code, []]));
  for (const l of lines(inspectors)) {
    const [dept, cert] = l.split('\t');
    if (!pools.has(dept)) pools.set(dept, []);
    pools.get(dept)!.push(cert);
  }
  return {
    algorithm: (p.algorithm ?? 'draw-core/1') as DrawAlgorithm,
    strata: p.strata,
    departments: p.departments.map((d) => ({ code: d.code, teamSize: d.teamSize, inspectors: pools.get(d.code) ?? [] })),
    conflicts: lines(conflicts).map((l) => { const [certificate, key] = l.split('\t'); return { certificate, key }; }),
  };
}

export type Difference =
  | { what: 'snapshot'; kind: string; expected: string; found: string }
  | { what: 'commitment'; expected: string; found: string }
  | { what: 'stratum'; stratum: string; expected: string; found: string }
  | { what: 'sheet-count'; expected: number; found: number }
  | { what: 'sheet'; number: number; field: 'subject' | 'inspectors' | 'stratum' | 'cancelled' | 'substitute'; expected: string; found: string }
  | { what: 'replacement'; seq: number; number: number; expected: string; found: string }
  | { what: 'rejection'; seq: number; number: number; expected: string; found: string };

const team = (s: Sheet) => s.inspectors.map((i) => `${i.department}:${i.certificate}`).join(' ');

/** team(a) === team(b), without writing either (26,098 sheets of ten inspectors each, twice, in a replay). */
function sameTeam(a: Sheet, b: Sheet): boolean {
  if (a.inspectors.length !== b.inspectors.length) return team(a) === team(b);
  for (let i = 0; i < a.inspectors.length; i++) {
    const x = a.inspectors[i]!;
    const y = b.inspectors[i]!;
    if (x.department !== y.department || x.certificate !== y.certificate) return team(a) === team(b);
  }
  return true;
}

const mark = (n: number | undefined) => (n === undefined ? '-' : String(n));

/** Every difference between what was recorded and what the replay computed. */
export function compareResults(recorded: { strata: StratumResult[]; sheets: ChangedSheet[] }, replayed: { strata: StratumResult[]; sheets: ChangedSheet[] }): Difference[] {
  const out: Difference[] = [];
  const rs = new Map(recorded.strata.map((s) => [s.stratum, `${s.drawn}/${s.size}`]));
  // A database keeps the sheets, not the strata table: compare strata only when they were recorded.
  if (recorded.strata.length) for (const s of replayed.strata) {
    const found = rs.get(s.stratum) ?? '-';
    if (found !== `${s.drawn}/${s.size}`) out.push({ what: 'stratum', stratum: s.stratum, expected: `${s.drawn}/${s.size}`, found });
  }
  if (recorded.sheets.length !== replayed.sheets.length) out.push({ what: 'sheet-count', expected: replayed.sheets.length, found: recorded.sheets.length });
  const byNumber = new Map(recorded.sheets.map((s) => [s.number, s]));
  for (const e of replayed.sheets) {
    const f = byNumber.get(e.number);
    if (!f) { out.push({ what: 'sheet', number: e.number, field: 'subject', expected: e.key, found: '-' }); continue; }
    compareSheet(out, e, f, () => sameTeam(f, e), () => team(f));
  }
  return out;
}

/** One sheet recorded (f) against the one replayed (e): its team compared by `same`, written by `found` when it differs. */
function compareSheet(out: Difference[], e: ChangedSheet, f: Omit<ChangedSheet, 'inspectors'>, same: () => boolean, found: () => string): void {
  if (f.key !== e.key) out.push({ what: 'sheet', number: e.number, field: 'subject', expected: e.key, found: f.key });
  if (f.stratum !== e.stratum) out.push({ what: 'sheet', number: e.number, field: 'stratum', expected: e.stratum, found: f.stratum });
  if (!same()) out.push({ what: 'sheet', number: e.number, field: 'inspectors', expected: team(e), found: found() });
  if (f.cancelledBy !== e.cancelledBy) out.push({ what: 'sheet', number: e.number, field: 'cancelled', expected: mark(e.cancelledBy), found: mark(f.cancelledBy) });
  if (f.substituteFor !== e.substituteFor) out.push({ what: 'sheet', number: e.number, field: 'substitute', expected: mark(e.substituteFor), found: mark(f.substituteFor) });
}

/** A team as the database stores it: the JSON text of its [department, certificate] pairs. */
export function teamText(inspectors: readonly SheetInspector[]): string {
  return JSON.stringify(inspectors.map((m) => [m.department, m.certificate]));
}

/**
 * teamText of many sheets whose teams share their inspector objects (core/draw/teams.ts): each
 * member's pair written once.
 */
export function teamTexts(): (inspectors: readonly SheetInspector[]) => string {
  const pairs = new Map<SheetInspector, string>();
  return (inspectors) => {
    let text = '[';
    for (let i = 0; i < inspectors.length; i++) {
      const m = inspectors[i]!;
      let pair = pairs.get(m);
      if (pair === undefined) pairs.set(m, (pair = JSON.stringify([m.department, m.certificate])));
      text += i ? `,${pair}` : pair;
    }
    return `${text}]`;
  };
}

/** A sheet as a database stores it: its team as teamText wrote it (read into inspectors only when it is not the text expected). */
export interface StoredSheet { number: number; key: string; stratum: string; team: string; cancelledBy?: number; substituteFor?: number }

/**
 * The sheets a database recorded, read a batch at a time in number order: a replay never holds
 * them all (208,791 sheets of ten inspectors at eight million subjects were 150 MB as objects).
 */
export interface RecordedSheets {
  count: number;
  /** the subjects of the sheets as drawn (not substitutes): the first pass over the snapshot finds their lines */
  keys(): readonly string[];
  /** every sheet, in number order */
  rows(): Iterable<StoredSheet>;
  /** a stored team's inspectors, as the store reads them (text that is not JSON: none) */
  inspectorsOf(team: string): SheetInspector[];
  /** every sheet whole, for the general path */
  all(): ChangedSheet[];
  /** the strata table as recorded: a replay package carries one (core/package-parts.ts), a database does not */
  strata?: StratumResult[];
}

/**
 * compareResults of recorded sheets read in number order against the replayed ones (in number
 * order, as every draw numbers them): the same differences, in the same order.
 */
function compareStored(recorded: RecordedSheets, replayed: ChangedSheet[]): Difference[] {
  if (replayed.some((s, i) => i > 0 && s.number <= replayed[i - 1]!.number)) return compareResults({ strata: [], sheets: recorded.all() }, { strata: [], sheets: replayed });
  const out: Difference[] = [];
  if (recorded.count !== replayed.length) out.push({ what: 'sheet-count', expected: replayed.length, found: recorded.count });
  const textOf = teamTexts();
  const rows = recorded.rows()[Symbol.iterator]();
  try {
    let f = rows.next();
    for (const e of replayed) {
      while (!f.done && f.value.number < e.number) f = rows.next();
      if (f.done || f.value.number !== e.number) { out.push({ what: 'sheet', number: e.number, field: 'subject', expected: e.key, found: '-' }); continue; }
      const stored = f.value;
      const parsed = () => ({ ...stored, inspectors: recorded.inspectorsOf(stored.team) });
      compareSheet(out, e, stored, () => stored.team === textOf(e.inspectors) || sameTeam(parsed(), e), () => team(parsed()));
      f = rows.next();
    }
  } finally {
    rows.return?.();
  }
  return out;
}

/**
 * The replay itself: the snapshot texts must hash to the committed digests, the parameters to
 * the commitment, and the draw recomputed from the seed must give the recorded result.
 */
export function replay(r: {
  parameters: DrawParameters; commitment: string; texts: SnapshotTexts; seed: string;
  recorded: { strata: StratumResult[]; sheets: ChangedSheet[] };
  replacements?: readonly RecordedReplacement[];
  rejections?: readonly RecordedRejection[];
  run: (input: DrawInput) => DrawOutput;
}): { differences: Difference[]; replayed: { strata: StratumResult[]; sheets: Sheet[]; pools: PoolOrder[] } | null } {
  const differences = committedDifferences(r.parameters, r.commitment, digests(r.texts));
  let output: DrawOutput;
  let input: DrawInput;
  try {
    // parameters edited into something else (no strata, no departments) fail here as a difference
    input = fromTexts(r.texts, r.parameters, r.seed);
    output = r.run(input);
  } catch {
    differences.push({ what: 'sheet-count', expected: -1, found: r.recorded.sheets.length });
    return { differences, replayed: null };
  }
  // The sheets as drawn, then every recorded change applied in seq order: that is what was recorded.
  const final = withChanges(input, output, r.replacements ?? [], r.rejections ?? []);
  differences.push(...final.mismatches);
  differences.push(...compareResults(r.recorded, { strata: output.strata, sheets: final.sheets }));
  return { differences, replayed: { strata: output.strata, sheets: output.sheets, pools: output.pools } };
}

/** The commitment and the snapshot digests against what was committed. */
function committedDifferences(parameters: DrawParameters, commitment: string, d: SnapshotDigests): Difference[] {
  const differences: Difference[] = [];
  const found = commitmentOf(parameters);
  if (found !== commitment) differences.push({ what: 'commitment', expected: commitment, found });
  for (const kind of ['subjects', 'inspectors', 'conflicts'] as const) {
    const committed = parameters.snapshots?.[kind];
    if (!committed || committed.sha256 !== d[kind].sha256 || committed.rows !== d[kind].rows) {
      differences.push({ what: 'snapshot', kind, expected: `${committed?.rows ?? '?'} ${committed?.sha256 ?? '?'}`, found: `${d[kind].rows} ${d[kind].sha256}` });
    }
  }
  return differences;
}

type ReplayArgs = Parameters<typeof replay>[0];

/**
 * The replay of a draw whose subjects snapshot is read a chunk at a time (core/draw/chunked.ts):
 * hashed and drawn in two passes over the chunks, never whole. The same differences as `replay`
 * of the whole text, which is what is done instead when the text is not canonical or the input is
 * refused, and when the draw has recorded changes (their rules read the subjects: rare, and small).
 * Sheets recorded in a database (`stored`) are compared a batch at a time, and their subjects'
 * lines found in the first pass: when they are the lines drawn, there is no second pass.
 */
export function replayChunks(r: Omit<ReplayArgs, 'texts' | 'recorded'> & { subjects: ChunkSource; inspectors: string; conflicts: string } & (
  { recorded: ReplayArgs['recorded']; stored?: undefined } | { stored: RecordedSheets; recorded?: undefined })): ReturnType<typeof replay> {
  const recorded = () => r.recorded ?? { strata: r.stored!.strata ?? [], sheets: r.stored!.all() };
  const whole = () => replay({ ...r, recorded: recorded(), texts: { subjects: wholeText(r.subjects), inspectors: r.inspectors, conflicts: r.conflicts } });
  if ((r.replacements?.length ?? 0) + (r.rejections?.length ?? 0) > 0) return whole();
  let rest: ChunkedInput;
  try {
    rest = inputOfTexts(r.inspectors, r.conflicts, r.parameters);
  } catch {
    return whole();
  }
  const scan = new SubjectsScan(rest.conflicts.map((c) => c.key), r.stored ? r.stored.keys() : []);
  for (const chunk of r.subjects.chunks()) scan.add(chunk);
  const subjects = scan.digest();
  const arranged = scan.check(rest);
  const output = arranged && drawChunked(r.seed, arranged, r.subjects, r.stored && scan.markedFound());
  if (!output) return whole();
  const d: SnapshotDigests = { subjects, inspectors: digestOf(r.inspectors), conflicts: digestOf(r.conflicts) };
  const differences = committedDifferences(r.parameters, r.commitment, d);
  const sheets = initialChangedDraw(output).sheets;
  // recorded sheets read as they are compared: the strata table first, as compareResults orders its differences
  if (r.stored) differences.push(...compareResults({ strata: r.stored.strata ?? [], sheets: [] }, { strata: output.strata, sheets: [] }), ...compareStored(r.stored, sheets));
  else differences.push(...compareResults(r.recorded!, { strata: output.strata, sheets }));
  return { differences, replayed: { strata: output.strata, sheets: output.sheets, pools: output.pools } };
}

const digestOf = (t: string) => ({ sha256: sha256Hex(t), rows: rowsOf(t) });

/** A replacement as recorded: who was replaced on which sheet, and who could not be chosen then. */
export interface RecordedReplacement {
  seq: number; number: number; department: string; replaced: string; substitute: string; conflicts: string[]; inactive: string[];
}

/**
 * A rejection as recorded (docs/ALGORITHM.md §17): which department rejected which sheet, whether
 * it cancelled it, the substitute sheet it brought in, and what the substitute search excluded.
 */
export interface RecordedRejection {
  seq: number; number: number; department: string; reason: string; cancels: boolean; substitute: number | null;
  skipped: string[]; excluded: { conflicts: { certificate: string; key: string }[]; inactive: string[] };
}

/**
 * Applies the recorded changes of a draw, replacements and rejections together in seq order, to
 * its output (docs/ALGORITHM.md §13, §17): each replacement's substitute and each rejection's
 * substitute sheet must be the ones the rules give. Returns the sheets as they stand, the state
 * for the next change, the context, and every recorded change that differs.
 */
export function withChanges(
  input: DrawInput,
  output: DrawOutput,
  replacements: readonly RecordedReplacement[],
  rejections: readonly RecordedRejection[] = [],
): { sheets: ChangedSheet[]; state: ChangedDraw; context: ChangeContext | null; mismatches: Difference[] } {
  let state = initialChangedDraw(output);
  const mismatches: Difference[] = [];
  if (replacements.length === 0 && rejections.length === 0) return { sheets: state.sheets, state, context: null, mismatches };
  const context = changeContext(input, output);
  const changes = [
    ...replacements.map((r) => ({ seq: r.seq, replacement: r })),
    ...rejections.map((r) => ({ seq: r.seq, rejection: r })),
  ].sort((a, b) => a.seq - b.seq);
  for (const c of changes) {
    let outcome: ChangeOutcome;
    if ('replacement' in c) {
      const r = c.replacement;
      const key = state.sheets.find((s) => s.number === r.number)?.key ?? '';
      const pool = state.pools.find((p) => p.department === r.department)?.order ?? [];
      ({ state, outcome } = applyChange(state, {
        kind: 'replace', seq: r.seq, sheet: r.number, department: r.department, certificate: r.replaced,
        conflicts: r.conflicts.map((certificate) => ({ certificate, key })), activeInspectors: pool.filter((x) => !r.inactive.includes(x)),
      }, context));
      const found = outcome.kind === 'replaced' ? outcome.substitute : '-';
      if (found !== r.substitute) mismatches.push({ what: 'replacement', seq: r.seq, number: r.number, expected: found, found: r.substitute });
    } else {
      const r = c.rejection;
      ({ state, outcome } = applyChange(state, {
        kind: 'reject', seq: r.seq, sheet: r.number, department: r.department, cancels: r.cancels, skipped: r.skipped, excluded: r.excluded,
      }, context));
      const expected = outcome.kind === 'cancelled' ? mark(outcome.substitute?.number) : outcome.kind === 'removed' ? '-' : 'refused';
      const found = r.substitute === null ? '-' : String(r.substitute);
      if (expected !== found) mismatches.push({ what: 'rejection', seq: r.seq, number: r.number, expected, found });
    }
  }
  return { sheets: state.sheets, state, context, mismatches };
}

/**
 * What the audit log must say about a draw (docs/ALGORITHM.md §14): the commitment logged before
 * the entry with the seed, every replacement exactly as recorded, with what excluded candidates
 * then, and every rejection exactly as its `draw.confirm` entry logged it (the department, reason,
 * whether it cancelled, the candidates skipped and excluded, the substitute), each logged rejection
 * still on record, and each substitute sheet as it came in (subject, stratum, the sheet it stands in
 * for). Returns the problems; the callers word them.
 */
export type LogProblem =
  | { problem: 'order'; commit: number; run: number }
  | { problem: 'replacement'; seq: number; sheet: number }
  | { problem: 'rejection'; seq: number; sheet: number }
  | { problem: 'rejectionGone'; seq: number; sheet: number }
  | { problem: 'substitute'; sheet: number; for: number };

type LoggedReject = LoggedRejection & { department: string };

export function drawLogProblems(
  entries: readonly { seq: number; action: string; detail: string }[],
  replacements: readonly RecordedReplacement[],
  rejections: readonly RecordedRejection[] = [],
  sheets: readonly ChangedSheet[] = [],
): LogProblem[] {
  const out: LogProblem[] = [];
  const commit = entries.find((e) => e.action === 'draw.commit');
  const run = entries.find((e) => e.action === 'draw.run');
  if (commit && run && commit.seq > run.seq) out.push({ problem: 'order', commit: commit.seq, run: run.seq });
  const logged = entries.flatMap((e) => {
    const event = readEvent(e.action, e.detail);
    return event?.action === 'sheet.replace' ? [{ d: event.detail }] : [];
  });
  for (const r of replacements) {
    const e = logged.find((x) => x.d.seq === r.seq);
    const same = e !== undefined && e.d.sheet === r.number && e.d.department === r.department && e.d.replaced === r.replaced
      && e.d.substitute === r.substitute && canonicalJson(e.d.conflicts ?? null) === canonicalJson(r.conflicts)
      && canonicalJson(e.d.inactive ?? null) === canonicalJson(r.inactive);
    if (!same) out.push({ problem: 'replacement', seq: r.seq, sheet: r.number });
  }
  // The rejections and substitutes the confirmations logged (a row edited or inserted behind the
  // tool's back has no entry that says so; an entry whose row is gone is a rejection erased).
  const confirms = entries.flatMap((e) => {
    const event = readEvent(e.action, e.detail);
    return event?.action === 'draw.confirm' ? [event.detail] : [];
  });
  const loggedRejections: LoggedReject[] = confirms.flatMap((c) => (Array.isArray(c.rejections) ? c.rejections : []).map((r) => ({ ...r, department: c.department })));
  const loggedSubstitutes: LoggedSubstitute[] = confirms.flatMap((c) => (Array.isArray(c.substitutes) ? c.substitutes : []));
  for (const r of rejections) {
    const e = loggedRejections.find((x) => x.seq === r.seq);
    const same = e !== undefined && e.sheet === r.number && e.department === r.department && e.reason === r.reason && e.cancels === r.cancels
      && (e.substitute ?? null) === r.substitute && canonicalJson(e.skipped ?? null) === canonicalJson(r.skipped)
      && canonicalJson(e.excluded ?? null) === canonicalJson(r.excluded);
    if (!same) out.push({ problem: 'rejection', seq: r.seq, sheet: r.number });
  }
  for (const e of loggedRejections) {
    if (!rejections.some((r) => r.seq === e.seq)) out.push({ problem: 'rejectionGone', seq: e.seq, sheet: e.sheet });
  }
  for (const s of sheets) {
    if (s.substituteFor === undefined) continue;
    const e = loggedSubstitutes.find((x) => x.sheet === s.number);
    if (!e || e.substituteFor !== s.substituteFor || e.key !== s.key || e.stratum !== s.stratum) out.push({ problem: 'substitute', sheet: s.number, for: s.substituteFor });
  }
  return out;
}
