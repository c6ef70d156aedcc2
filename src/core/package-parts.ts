import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import { MAX_PACKAGE_DEPTH, type ReplayPackage } from './package.js';
import { pathText, replayPackageSchema, shapeIssue } from './package-schema.js';
import { teamText, type RecordedSheets } from './snapshot.js';
import type { ChangedSheet, ChunkSource, StratumResult } from './draw/index.js';

/**
 * A replay package read in parts (issue 14; io/package-reader.ts reads them from the file): its
 * members whole but for the two large ones, the subjects snapshot (38 MB of text at a million
 * subjects) as pieces and the expected sheets (26,098 of ten inspectors) as pages. What the whole
 * package gave (core/package.ts packageShapeProblem, integrityOf, packageAuditProblems' sheets, the
 * recorded sheets) is found here from the parts, with the same results, never holding either whole.
 */
export interface PackageParts {
  /** whether the package is a JSON object */
  isObject: boolean;
  /** each top-level member's deepest nesting of containers (1: a container holding none), in JSON.parse's key order */
  depths(): Record<string, number>;
  /** the package as parsed, but `snapshots.subjects` '' and `expected.sheets` [] where those are read in pieces */
  skeleton(): Record<string, unknown>;
  /** the subjects snapshot in pieces ending after a LF (the last where it ends); null: it is not a string (then in the skeleton) */
  subjects: ChunkSource | null;
  /** the subjects snapshot's canonical JSON (quotes and all) in pieces of bytes, each valid until the next is asked for, when the file holds it as it is (as this tool writes it); else null */
  subjectsJson: (() => Iterable<Uint8Array>) | null;
  /** the expected sheets a page at a time; null: they are not an array (then in the skeleton) */
  sheets: { count: number; pages(): Iterable<unknown[]> } | null;
  /** throws when the file is no longer the one the parts were read from (a replay checks it last, so that its verdict is about one file) */
  stillSame(): void;
}

type Sheet = ReplayPackage['expected']['sheets'][number];

/** What the replay needs of the expected sheets besides the sheets themselves, found in the pass that checks them. */
export interface SheetsRead {
  count: number;
  /** the subjects of the sheets as drawn (not the substitutes) */
  keys: string[];
  /** the substitute sheets: all the package's audit checks read of the sheets (core/snapshot.ts drawLogProblems) */
  substitutes: ChangedSheet[];
  /** numbered in increasing order, as every package this tool writes: they can be compared as they are read */
  ordered: boolean;
}

export type PartsRead =
  | { shape: { path: string; expected: string } }
  | { shape: null; pkg: ReplayPackage; integrity: string; sheets: SheetsRead };

const sheetSchema = replayPackageSchema.shape.expected.shape.sheets;

/** Where a problem at this path stands against expected.sheets in the schema's order (the order zod reports in). */
function beforeSheets(at: readonly PropertyKey[]): boolean {
  const top = Object.keys(replayPackageSchema.shape);
  const inner = Object.keys(replayPackageSchema.shape.expected.shape);
  const i = top.indexOf(String(at[0]));
  if (i !== top.indexOf('expected')) return i < top.indexOf('expected');
  return at.length < 2 || inner.indexOf(String(at[1])) < inner.indexOf('sheets');
}

/**
 * The package from its parts, checked as packageShapeProblem checks the whole (the first problem
 * in the same order: not an object, too deep, then the schema's order, the sheets in theirs), with
 * its integrity hash (sha256 of the canonical JSON of every member but `integrity`) taken with the
 * sheets and subjects hashed a page and a piece at a time, in canonical key order whatever the
 * file's.
 */
export function readParts(parts: PackageParts): PartsRead {
  if (!parts.isObject) return { shape: { path: '(root)', expected: 'object' } };
  // tooDeep (core/package.ts) walks the members last first: the last one too deep is named
  let deep: string | null = null;
  const depths = parts.depths();
  for (const k of Object.keys(depths)) if (depths[k]! >= MAX_PACKAGE_DEPTH) deep = k;
  if (deep !== null) return { shape: { path: deep, expected: `depth ≤ ${MAX_PACKAGE_DEPTH}` } };
  const skeleton = parts.skeleton();
  const issue = shapeIssue(replayPackageSchema, skeleton);
  if (issue && beforeSheets(issue.at)) return { shape: { path: issue.path, expected: issue.expected } };
  const sheets: SheetsRead = { count: 0, keys: [], substitutes: [], ordered: true };
  let sheetProblem: { path: string; expected: string } | null = null;
  // the pages checked and read; stopped at the first problem
  const checked = function* (): Generator<Sheet[]> {
    if (!parts.sheets) return;
    let base = 0;
    let previous = -Infinity;
    for (const page of parts.sheets.pages()) {
      const bad = shapeIssue(sheetSchema, page);
      if (bad) {
        const [i, ...rest] = bad.at;
        sheetProblem = { path: pathText(['expected', 'sheets', base + Number(i), ...rest]), expected: bad.expected };
        return;
      }
      for (const s of page as Sheet[]) {
        sheets.count++;
        if (s.number <= previous) sheets.ordered = false;
        previous = s.number;
        if (s.substituteFor === undefined) sheets.keys.push(s.key);
        else sheets.substitutes.push(changedSheet(s));
      }
      base += page.length;
      yield page as Sheet[];
    }
  };
  if (issue) {
    for (const _ of checked());
    return { shape: sheetProblem ?? { path: issue.path, expected: issue.expected } };
  }
  const integrity = integrityOfParts(skeleton, parts.subjects, parts.subjectsJson, parts.sheets && checked);
  if (sheetProblem) return { shape: sheetProblem };
  return { shape: null, pkg: skeleton as unknown as ReplayPackage, integrity, sheets };
}

const SUBJECTS_HERE = '\u0000subjects snapshot\u0000';
const SHEETS_HERE = '\u0000expected sheets\u0000';

/**
 * sha256 of the canonical JSON of the package but `integrity`, the two large members hashed where
 * their stand-ins fall in the canonical text. A stand-in's text met elsewhere too (a package made
 * to collide): the whole text is made instead.
 */
function integrityOfParts(skeleton: Record<string, unknown>, subjects: ChunkSource | null, raw: (() => Iterable<Uint8Array>) | null, pages: (() => Iterable<Sheet[]>) | null): string {
  const { integrity: _, ...rest } = skeleton;
  const stood = { ...rest } as Record<string, Record<string, unknown>>;
  if (subjects) stood.snapshots = { ...stood.snapshots, subjects: SUBJECTS_HERE };
  if (pages) stood.expected = { ...stood.expected, sheets: SHEETS_HERE };
  const text = canonicalJson(stood);
  const holes: { at: number; marker: string; pieces: () => Iterable<string | Uint8Array> }[] = [];
  if (subjects) holes.push({ at: text.indexOf(JSON.stringify(SUBJECTS_HERE)), marker: SUBJECTS_HERE, pieces: raw ?? (() => escaped(subjects.chunks())) });
  if (pages) holes.push({ at: text.indexOf(JSON.stringify(SHEETS_HERE)), marker: SHEETS_HERE, pieces: () => canonicalSheets(pages()) });
  const hash = createHash('sha256');
  if (holes.some((h) => countOf(text, JSON.stringify(h.marker)) !== 1)) {
    const whole = { ...rest } as Record<string, Record<string, unknown>>;
    if (subjects) whole.snapshots = { ...whole.snapshots, subjects: [...subjects.chunks()].join('') };
    if (pages) whole.expected = { ...whole.expected, sheets: [...pages()].flat() };
    return hash.update(canonicalJson(whole), 'utf8').digest('hex');
  }
  holes.sort((a, b) => a.at - b.at);
  let from = 0;
  for (const h of holes) {
    hash.update(text.slice(from, h.at), 'utf8');
    for (const piece of h.pieces()) hash.update(piece);
    from = h.at + JSON.stringify(h.marker).length;
  }
  hash.update(text.slice(from), 'utf8');
  return hash.digest('hex');
}

function countOf(text: string, what: string): number {
  let n = 0;
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
  return n;
}

/** A text's JSON string from its pieces (none ends between the halves of a surrogate pair: each ends after a LF). */
function* escaped(pieces: Iterable<string>): Generator<string> {
  yield '"';
  for (const piece of pieces) if (piece !== '') yield JSON.stringify(piece).slice(1, -1);
  yield '"';
}

/** The expected sheets in canonical JSON, a page at a time. */
function* canonicalSheets(pages: Iterable<readonly Sheet[]>): Generator<string> {
  let first = true;
  yield '[';
  for (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '' : ','}${page.map(canonicalSheet).join(',')}`;
    first = false;
  }
  yield ']';
}

/**
 * canonicalJson of a sheet, written in its members' sorted order without sorting them (five times
 * faster: 26,098 sheets of ten inspectors at a million subjects); a sheet with any other member, or
 * an inspector with any other, goes the general way.
 */
function canonicalSheet(s: Sheet): string {
  const members = 4 + (s.cancelledBy !== undefined ? 1 : 0) + (s.substituteFor !== undefined ? 1 : 0);
  if (Object.keys(s).length !== members) return canonicalJson(s);
  let team = '';
  for (const i of s.inspectors) {
    if (Object.keys(i).length !== 2) return canonicalJson(s);
    team += `${team ? ',' : ''}{"certificate":${JSON.stringify(i.certificate)},"department":${JSON.stringify(i.department)}}`;
  }
  return `{${s.cancelledBy !== undefined ? `"cancelledBy":${JSON.stringify(s.cancelledBy)},` : ''}"inspectors":[${team}],"key":${JSON.stringify(s.key)},`
    + `"number":${JSON.stringify(s.number)},"stratum":${JSON.stringify(s.stratum)}${s.substituteFor !== undefined ? `,"substituteFor":${JSON.stringify(s.substituteFor)}` : ''}}`;
}

/** A package's sheet in the core's shape: only what a comparison reads. */
function changedSheet(s: Sheet): ChangedSheet {
  return {
    number: s.number, key: s.key, stratum: s.stratum, inspectors: s.inspectors.map((i) => ({ department: i.department, certificate: i.certificate })),
    ...(s.cancelledBy !== undefined ? { cancelledBy: s.cancelledBy } : {}),
    ...(s.substituteFor !== undefined ? { substituteFor: s.substituteFor } : {}),
  };
}

/**
 * The package's sheets as a replay reads recorded sheets (core/snapshot.ts replayChunks): a page
 * at a time, in the order they stand (call when `read.ordered`), with the package's strata table.
 */
export function packageSheets(pages: () => Iterable<unknown[]>, read: SheetsRead, strata: StratumResult[]): RecordedSheets {
  return {
    count: read.count,
    keys: () => read.keys,
    *rows() {
      for (const page of pages()) {
        for (const s of page as Sheet[]) {
          yield {
            number: s.number, key: s.key, stratum: s.stratum, team: teamText(s.inspectors),
            ...(s.cancelledBy !== undefined ? { cancelledBy: s.cancelledBy } : {}),
            ...(s.substituteFor !== undefined ? { substituteFor: s.substituteFor } : {}),
          };
        }
      }
    },
    inspectorsOf: (team) => (JSON.parse(team) as [string, string][]).map(([department, certificate]) => ({ department, certificate })),
    all: () => [...pages()].flatMap((page) => (page as Sheet[]).map(changedSheet)),
    strata,
  };
}
