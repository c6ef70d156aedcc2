import { canonicalJson, sha256Hex } from './canonical.js';
import { entryHash, hashedDetail } from './audit-chain.js';
import { drawOfEvent, eventOf, readEvent } from './audit-events.js';
import type { PoolOrder, Sheet, StratumResult } from './draw/index.js';
import type { CeremonyRecord, SeedDeclaration } from './ceremony.js';
import { drawLogProblems, type DrawParameters, type LogProblem, type RecordedRejection, type RecordedReplacement, type SnapshotTexts } from './snapshot.js';

/**
 * The replay package: everything an auditor needs to replay a draw without the office's
 * database. Its integrity hash covers the canonical JSON of every other field, so a changed
 * value anywhere is caught even where it would not change the replay.
 */
export const PACKAGE_FORMAT = 'draw-replay-package/1';

export interface ReplayPackage {
  format: typeof PACKAGE_FORMAT;
  tool: string;
  /** `seedDeclaration`, `ceremony` (core/ceremony.ts): since issue 13, absent from older packages */
  draw: {
    id: number; status: string; seed: string; seedSource: string; commitment: string; committedAt: string; drawnAt: string; resultHash: string;
    seedDeclaration?: SeedDeclaration; ceremony?: CeremonyRecord;
  };
  parameters: DrawParameters;
  snapshots: SnapshotTexts;
  /** The sheets as they stand: drawn, then with every replacement applied in order. */
  expected: { strata: StratumResult[]; sheets: Sheet[]; /** the pool orders as drawn (since issue 13) */ pools?: PoolOrder[] };
  /** without the reasons, which the replay does not need (they are personal: a kinship, an illness) */
  replacements: (RecordedReplacement & { approvedBy: string; filedOn: string })[];
  /**
   * The rejections at confirmation, in seq order with the replacements, without their notes
   * (free text, personal); absent from packages made before rejections existed.
   */
  rejections?: RecordedRejection[];
  /** `headSeq`: the head's seq (since issue 13; absent from older packages), so the package is an anchor */
  audit: { head: string; headSeq?: number; entries: { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string }[] };
  integrity: string;
}

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

export function integrityOf(p: ReplayPackage): string {
  const { integrity: _, ...rest } = p;
  return sha256Hex(canonicalJson(rest));
}

/** Checks the shape of a parsed package; returns the first problem as a path. */
export function packageShapeProblem(v: unknown): string | null {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const str = (x: unknown) => typeof x === 'string';
  const int = (x: unknown) => Number.isSafeInteger(x);
  if (!isObj(v)) return '(root)';
  // Nothing in a package nests deeper than a few levels: a hostile file nested thousands deep is refused here.
  const deep = tooDeep(v, MAX_DEPTH);
  if (deep) return deep;
  if (v.format !== PACKAGE_FORMAT) return 'format';
  if (!str(v.integrity)) return 'integrity';
  if (!isObj(v.draw) || !int(v.draw.id) || !str(v.draw.seed) || !str(v.draw.commitment) || !str(v.draw.resultHash)) return 'draw';
  if (!isObj(v.parameters) || !Array.isArray(v.parameters.strata) || !Array.isArray(v.parameters.departments) || !isObj(v.parameters.snapshots)) return 'parameters';
  for (const s of v.parameters.strata as unknown[]) if (!isObj(s) || !str(s.stratum) || !Number.isSafeInteger(s.ppm)) return 'parameters.strata';
  for (const d of v.parameters.departments as unknown[]) if (!isObj(d) || !str(d.code) || !Number.isSafeInteger(d.teamSize)) return 'parameters.departments';
  if (!isObj(v.snapshots) || !str(v.snapshots.subjects) || !str(v.snapshots.inspectors) || !str(v.snapshots.conflicts)) return 'snapshots';
  if (!isObj(v.expected) || !Array.isArray(v.expected.sheets) || !Array.isArray(v.expected.strata)) return 'expected';
  for (const s of v.expected.strata as unknown[]) if (!isObj(s) || !str(s.stratum) || !int(s.size) || !int(s.drawn)) return 'expected.strata';
  if (!Array.isArray(v.replacements)) return 'replacements';
  for (const r of v.replacements as unknown[]) {
    if (!isObj(r) || !Number.isSafeInteger(r.seq) || !Number.isSafeInteger(r.number) || !str(r.department) || !str(r.replaced) || !str(r.substitute)
      || !Array.isArray(r.conflicts) || !Array.isArray(r.inactive) || !r.conflicts.every(str) || !r.inactive.every(str)) return 'replacements';
  }
  if (v.rejections !== undefined) {
    if (!Array.isArray(v.rejections)) return 'rejections';
    for (const r of v.rejections as unknown[]) {
      if (!isObj(r) || !int(r.seq) || !int(r.number) || !str(r.department) || !str(r.reason) || typeof r.cancels !== 'boolean'
        || !(r.substitute === null || int(r.substitute)) || !Array.isArray(r.skipped) || !r.skipped.every(str)
        || !isObj(r.excluded) || !Array.isArray(r.excluded.inactive) || !r.excluded.inactive.every(str) || !Array.isArray(r.excluded.conflicts)
        || !r.excluded.conflicts.every((c) => isObj(c) && str(c.certificate) && str(c.key))) return 'rejections';
    }
  }
  for (const s of v.expected.sheets as unknown[]) {
    if (!isObj(s) || !Number.isSafeInteger(s.number) || !str(s.key) || !str(s.stratum) || !Array.isArray(s.inspectors)) return 'expected.sheets';
    if ((s.cancelledBy !== undefined && !int(s.cancelledBy)) || (s.substituteFor !== undefined && !int(s.substituteFor))) return 'expected.sheets';
    for (const i of s.inspectors as unknown[]) if (!isObj(i) || !str(i.department) || !str(i.certificate)) return 'expected.sheets.inspectors';
  }
  if (!isObj(v.audit) || !str(v.audit.head) || !Array.isArray(v.audit.entries)) return 'audit';
  for (const e of v.audit.entries as unknown[]) {
    if (!isObj(e) || !int(e.seq) || !str(e.at) || !str(e.operator) || !str(e.action) || !str(e.detail) || !str(e.prev_hash) || !str(e.hash)) return 'audit.entries';
  }
  return null;
}

const MAX_DEPTH = 32;

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
 * The package's own audit entries against the draw they are about (call after packageShapeProblem):
 * each entry's hash must be that of its content, consecutive entries must link, and the entries
 * must record this draw's commitment, seed and result. A package whose log was rewritten and
 * resealed is caught here even though its integrity hash holds.
 */
export function packageAuditProblems(p: ReplayPackage): PackageAuditProblem[] {
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
  problems.push(...drawLogProblems(ofDraw, p.replacements, p.rejections ?? [], p.expected.sheets));
  return problems;
}
