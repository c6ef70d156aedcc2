import { canonicalJson, sha256Hex } from './canonical.js';
import type { Sheet, StratumResult } from './draw/index.js';
import type { DrawParameters, RecordedReplacement, SnapshotTexts } from './snapshot.js';

/**
 * The replay package: everything an auditor needs to replay a draw without the office's
 * database. Its integrity hash covers the canonical JSON of every other field, so a changed
 * value anywhere is caught even where it would not change the replay.
 */
export const PACKAGE_FORMAT = 'draw-replay-package/1';

export interface ReplayPackage {
  format: typeof PACKAGE_FORMAT;
  tool: string;
  draw: { id: number; status: string; seed: string; seedSource: string; commitment: string; committedAt: string; drawnAt: string; resultHash: string };
  parameters: DrawParameters;
  snapshots: SnapshotTexts;
  /** The sheets as they stand: drawn, then with every replacement applied in order. */
  expected: { strata: StratumResult[]; sheets: Sheet[] };
  replacements: (RecordedReplacement & { reason: string; approvedBy: string; filedOn: string })[];
  audit: { head: string; entries: { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string }[] };
  integrity: string;
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
  if (!isObj(v)) return '(root)';
  if (v.format !== PACKAGE_FORMAT) return 'format';
  if (!str(v.integrity)) return 'integrity';
  if (!isObj(v.draw) || !str(v.draw.seed) || !str(v.draw.commitment)) return 'draw';
  if (!isObj(v.parameters) || !Array.isArray(v.parameters.strata) || !Array.isArray(v.parameters.departments) || !isObj(v.parameters.snapshots)) return 'parameters';
  for (const s of v.parameters.strata as unknown[]) if (!isObj(s) || !str(s.stratum) || !Number.isSafeInteger(s.ppm)) return 'parameters.strata';
  for (const d of v.parameters.departments as unknown[]) if (!isObj(d) || !str(d.code) || !Number.isSafeInteger(d.teamSize)) return 'parameters.departments';
  if (!isObj(v.snapshots) || !str(v.snapshots.subjects) || !str(v.snapshots.inspectors) || !str(v.snapshots.conflicts)) return 'snapshots';
  if (!isObj(v.expected) || !Array.isArray(v.expected.sheets) || !Array.isArray(v.expected.strata)) return 'expected';
  if (!Array.isArray(v.replacements)) return 'replacements';
  for (const r of v.replacements as unknown[]) {
    if (!isObj(r) || !Number.isSafeInteger(r.seq) || !Number.isSafeInteger(r.number) || !str(r.department) || !str(r.replaced) || !str(r.substitute)
      || !Array.isArray(r.conflicts) || !Array.isArray(r.inactive)) return 'replacements';
  }
  for (const s of v.expected.sheets as unknown[]) {
    if (!isObj(s) || !Number.isSafeInteger(s.number) || !str(s.key) || !str(s.stratum) || !Array.isArray(s.inspectors)) return 'expected.sheets';
  }
  return null;
}
