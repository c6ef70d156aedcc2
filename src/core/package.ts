import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical.js';
import { entryHash, hashedDetail } from './audit-chain.js';
import { drawOfEvent, eventOf, readEvent } from './audit-events.js';
import { replayPackageSchema, shapeProblem, type ReplayPackageShape } from './package-schema.js';
import { drawLogProblems, type LogProblem } from './snapshot.js';
import type { ChangedSheet } from './draw/index.js';

type Sheet = ReplayPackageShape['expected']['sheets'][number];

/**
 * The replay package: everything an auditor needs to replay a draw without the office's
 * database. Its integrity hash covers the canonical JSON of every other field, so a changed
 * value anywhere is caught even where it would not change the replay. Its shape is defined once,
 * in core/package-schema.ts: the type here, the reader's check and docs/replay-package.schema.json.
 *
 * An internal paper (`classification: "internal"`, since issue 13): it holds every subject's
 * credit grade (the strata). The public papers are the notices and the disclosure.
 */
export { PACKAGE_FORMAT } from './package-schema.js';
export const PACKAGE_CLASSIFICATION = 'internal' as const;

export type ReplayPackage = ReplayPackageShape;

type PackageEntry = ReplayPackage['audit']['entries'][number];

/**
 * An audit entry as the package carries it: its free-text personal fields (those it lists in
 * `private`) replaced by their digests. Its hash is the one the office's log holds, and it still
 * checks: the hash is taken over exactly this form (core/audit-chain.ts, hashedDetail).
 */
export function packageEntry<E extends PackageEntry>(e: E): E {
  return { ...e, detail: hashedDetail(e.detail) };
}

export function sealPackage(p: Omit<ReplayPackage, 'integrity'>): ReplayPackage {
  return { ...p, integrity: sha256Hex(canonicalJson(p)) };
}

/**
 * The integrity hash of a package held whole: what `draw replay --package` reads in parts instead
 * (core/package-parts.ts), and what its tests hold that reader to.
 */
export function integrityOf(p: ReplayPackage): string {
  const { integrity: _, ...rest } = p;
  return sha256Hex(canonicalJson(rest));
}

/**
 * sealPackage and the package's text (JSON.stringify with one space of indent), the same bytes,
 * with the two large parts never whole: the subjects snapshot given as its chunks (38 MB of text
 * at a million subjects), and the expected sheets as pages of sheets (26,098 sheets of ten
 * inspectors; held with their JSON, 270 MB). Each is read twice, once for the integrity hash and
 * once for the text. `sheets` absent: the sheets are p.expected.sheets.
 */
export function sealPackageChunked(p: Omit<ReplayPackage, 'integrity'>, subjects: () => Iterable<string>, sheets?: () => Iterable<readonly Sheet[]>): { integrity: string; text: Iterable<string> } {
  const pages = sheets ?? (() => [p.expected.sheets]);
  const stood = { ...p, snapshots: { ...p.snapshots, subjects: SUBJECTS_HERE }, expected: { ...p.expected, sheets: SHEETS_HERE as unknown as Sheet[] } };
  const canonical = holesOf(canonicalJson(stood));
  const written = holesOf(JSON.stringify({ ...stood, integrity: '' }, null, 1));
  if (!canonical || !written) {
    // a stand-in's text met elsewhere too (never in a package this tool makes): sealed whole
    const pkg = sealPackage({ ...p, snapshots: { ...p.snapshots, subjects: [...subjects()].join('') }, expected: { ...p.expected, sheets: [...pages()].flat() } });
    return { integrity: pkg.integrity, text: [JSON.stringify(pkg, null, 1)] };
  }
  // the texts between the stand-ins, each stand-in's pieces where it stood (canonical JSON sorts the keys: another order)
  const parts = (h: { texts: string[]; order: string[] }, sheetsPieces: () => Iterable<string>) => function* (): Generator<string> {
    for (let i = 0; i < h.texts.length; i++) {
      yield h.texts[i]!;
      if (i < h.order.length) yield* (h.order[i] === SUBJECTS_HERE ? escaped(subjects()) : sheetsPieces());
    }
  };
  const hash = createHash('sha256');
  for (const piece of parts(canonical, () => canonicalSheets(pages()))()) hash.update(piece, 'utf8');
  const integrity = hash.digest('hex');
  function* text(): Generator<string> {
    yield* parts(holesOf(JSON.stringify({ ...stood, integrity }, null, 1))!, () => writtenSheets(pages()))();
  }
  return { integrity, text: text() };
}

/** The expected sheets in canonical JSON, a page at a time: `[` … `]`. */
function* canonicalSheets(pages: Iterable<readonly Sheet[]>): Generator<string> {
  let first = true;
  yield '[';
  for (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '' : ','}${page.map((s) => canonicalJson(s)).join(',')}`;
    first = false;
  }
  yield ']';
}

/** The expected sheets as JSON.stringify with one space writes them at their depth (three levels down), a page at a time. */
function* writtenSheets(pages: Iterable<readonly Sheet[]>): Generator<string> {
  let first = true;
  for (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '[\n' : ',\n'}${page.map((s) => JSON.stringify(s, null, 1).replace(/^/gm, '   ')).join(',\n')}`;
    first = false;
  }
  yield first ? '[]' : '\n  ]';
}

/**
 * A JSON text cut at each stand-in (each met exactly once, in either order): the texts between
 * them, and which stand-in comes at each cut; null when one is met twice or not at all.
 */
function holesOf(json: string): { texts: string[]; order: string[] } | null {
  const found: [number, string][] = [];
  for (const marker of [SUBJECTS_HERE, SHEETS_HERE]) {
    const quoted = JSON.stringify(marker);
    const at = json.indexOf(quoted);
    if (at < 0 || json.lastIndexOf(quoted) !== at) return null;
    found.push([at, marker]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const texts: string[] = [];
  let from = 0;
  for (const [at, marker] of found) {
    texts.push(json.slice(from, at));
    from = at + JSON.stringify(marker).length;
  }
  texts.push(json.slice(from));
  return { texts, order: found.map(([, marker]) => marker) };
}

const SHEETS_HERE = '\u0000expected sheets\u0000';

const SUBJECTS_HERE = '\u0000subjects snapshot\u0000';

/** A text's JSON string, quotes included, a piece at a time: each piece escaped alone, as JSON.stringify escapes the whole. */
function* escaped(pieces: Iterable<string>): Generator<string> {
  yield '"';
  for (const piece of pieces) if (piece !== '') yield JSON.stringify(piece).slice(1, -1);
  yield '"';
}


/**
 * Checks the shape of a parsed package against its one definition; returns the first problem:
 * the path of the field (`expected.sheets[3].key`) and what was expected there.
 */
export function packageShapeProblem(v: unknown): { path: string; expected: string } | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { path: '(root)', expected: 'object' };
  // Nothing in a package nests deeper than a few levels: a hostile file nested thousands deep is refused here, before the schema walks it.
  const deep = tooDeep(v, MAX_PACKAGE_DEPTH);
  if (deep) return { path: deep, expected: `depth ≤ ${MAX_PACKAGE_DEPTH}` };
  return shapeProblem(replayPackageSchema, v);
}

/** How deep a package may nest (core/package-parts.ts checks a package read in parts against it too). */
export const MAX_PACKAGE_DEPTH = 32;

/** The path of the first value nested deeper than `max` (walked without recursion), or null. */
function tooDeep(root: unknown, max: number): string | null {
  const stack: [unknown, number, string][] = [[root, 0, '(root)']];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return path;
    for (const [k, child] of Object.entries(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1, depth === 0 ? k : path]);
  }
  return null;
}

export type PackageAuditProblem =
  | { problem: 'entry'; seq: number }
  | { problem: 'link'; seq: number }
  | { problem: 'commit'; found: string }
  | { problem: 'run'; seed: string; result: string }
  | LogProblem;

/**
 * The package's own audit entries against the draw they are about (call after packageShapeProblem;
 * `sheets`: the package's sheets, or only its substitute sheets, all the log is held to when the
 * sheets are read a page at a time, core/package-parts.ts):
 * each entry's hash must be that of its content, consecutive entries must link, and the entries
 * must record this draw's commitment, seed and result. A package whose log was rewritten and
 * resealed is caught here even though its integrity hash holds.
 */
export function packageAuditProblems(p: ReplayPackage, sheets: readonly ChangedSheet[] = p.expected.sheets): PackageAuditProblem[] {
  const problems: PackageAuditProblem[] = [];
  const entries = [...p.audit.entries].sort((a, b) => a.seq - b.seq);
  for (const [i, e] of entries.entries()) {
    if (entryHash(e.prev_hash, e) !== e.hash) problems.push({ problem: 'entry', seq: e.seq });
    const before = entries[i - 1];
    if (before && before.seq === e.seq - 1 && before.hash !== e.prev_hash) problems.push({ problem: 'link', seq: e.seq });
  }
  // The entries about this draw, read as their events (core/audit-events.ts).
  const ofDraw = entries.filter((e) => drawOfEvent(readEvent(e.action, e.detail)?.detail) === p.draw.id);
  const commit = eventOf(ofDraw, 'draw.commit');
  if (commit?.commitment !== p.draw.commitment) problems.push({ problem: 'commit', found: String(commit?.commitment ?? '-') });
  const run = eventOf(ofDraw, 'draw.run');
  if (run?.seed !== p.draw.seed || run?.result !== p.draw.resultHash) {
    problems.push({ problem: 'run', seed: String(run?.seed ?? '-'), result: String(run?.result ?? '-') });
  }
  problems.push(...drawLogProblems(ofDraw, p.replacements, p.rejections ?? [], sheets));
  return problems;
}
