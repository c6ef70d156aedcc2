// The replay of docs/ALGORITHM.md §14 and §14.1, written from the document alone (nothing of
// src/): a draw's input read back from its snapshot texts and parameters, the result hash, the
// commitment, the package's integrity, and the recorded changes as the rules apply them.

import { cmp, refChanges, refDraw, type RefChange, type RefInput, type RefOutput, type RefSheet } from './draw-core.js';
import { refCanonical, refSha } from './audit-log.js';

/** §3: every line of a snapshot text ends with LF; the empty text has none. */
export const textLines = (text: string): string[] => (text === '' ? [] : text.slice(0, -1).split('\n'));

/** §3: a snapshot text's digest and its number of lines. */
export const refDigest = (text: string) => ({ sha256: refSha(text), rows: textLines(text).length });

/** §3: the lines are sorted bytewise and each ends with LF (so the text is the one canonical text). */
export const isCanonicalText = (text: string): boolean => {
  if (text !== '' && !text.endsWith('\n')) return false;
  const lines = textLines(text);
  return lines.every((l, i) => i === 0 || cmp(lines[i - 1]!, l) < 0);
};

export interface RefParameters {
  algorithm?: string;
  strata: { stratum: string; ppm: number }[];
  departments: { code: string; teamSize: number }[];
  snapshots: Record<'subjects' | 'inspectors' | 'conflicts', { sha256: string; rows: number }>;
}
export type RefTexts = Record<'subjects' | 'inspectors' | 'conflicts', string>;

/**
 * §3 and §16: the draw's input from its texts. A subject line is `key TAB stratum`, or under
 * draw-core/2 `key TAB stratum TAB d1,d2,…`; a pool is the certificates of the department's
 * inspector lines; the ratios and team sizes are the parameters'.
 */
export function refInput(parameters: RefParameters, texts: RefTexts, seed: string): RefInput {
  const v2 = parameters.algorithm === 'draw-core/2';
  const subjects = textLines(texts.subjects).map((l) => {
    const [key, stratum, departments] = l.split('\t') as [string, string, string | undefined];
    return v2 ? { key, stratum, departments: departments ? departments.split(',') : [] } : { key, stratum };
  });
  const pools = new Map<string, string[]>();
  for (const l of textLines(texts.inspectors)) {
    const [department, certificate] = l.split('\t') as [string, string];
    pools.set(department, [...(pools.get(department) ?? []), certificate]);
  }
  return {
    algorithm: parameters.algorithm,
    seed,
    subjects,
    strata: parameters.strata,
    departments: parameters.departments.map((d) => ({ code: d.code, teamSize: d.teamSize, inspectors: pools.get(d.code) ?? [] })),
    conflicts: textLines(texts.conflicts).map((l) => {
      const [certificate, key] = l.split('\t') as [string, string];
      return { certificate, key };
    }),
  };
}

/** §14.1: the object whose canonical JSON the result hash is taken over (sheets as drawn, strata sorted, empty ones too). */
export function refResultObject(out: RefOutput) {
  return {
    sheets: out.sheets.map((s) => ({
      inspectors: s.inspectors.map((i) => ({ certificate: i.certificate, department: i.department })), key: s.key, number: s.number, stratum: s.stratum,
    })),
    strata: [...out.strata].sort((a, b) => cmp(a.stratum, b.stratum)).map((s) => ({ drawn: s.drawn, size: s.size, stratum: s.stratum })),
  };
}

export const refResultHash = (out: RefOutput): string => refSha(refCanonical(refResultObject(out)));

/** §14.1: the commitment is the SHA-256 of the parameters' canonical JSON. */
export const refCommitment = (parameters: unknown): string => refSha(refCanonical(parameters));

/** §14.1: the package's integrity covers every member but `integrity` itself. */
export function refIntegrity(pkg: Record<string, unknown>): string {
  const rest = { ...pkg };
  delete rest.integrity;
  return refSha(refCanonical(rest));
}

export interface RefPackage {
  parameters: RefParameters;
  snapshots: RefTexts;
  draw: { seed: string };
  expected: { sheets: RefSheet[] };
  replacements: { seq: number; number: number; department: string; replaced: string; conflicts: string[]; inactive: string[] }[];
  rejections?: { seq: number; number: number; department: string; cancels: boolean; skipped: string[];
    excluded: { conflicts: { certificate: string; key: string }[]; inactive: string[] } }[];
}

/**
 * §14 step 3, from a package: the replacements (each with its recorded conflicts, with the sheet's
 * subject, and the pool order less the inactive as the active list) and the rejections, in seq
 * order, applied to the sheets as drawn by §13 and §17.
 */
export function refReplayPackage(pkg: RefPackage): { output: RefOutput; sheets: RefSheet[] } {
  const input = refInput(pkg.parameters, pkg.snapshots, pkg.draw.seed);
  const output = refDraw(input).output;
  const keyOf = new Map(pkg.expected.sheets.map((s) => [s.number, s.key]));
  const orderOf = new Map(output.pools.map((p) => [p.department, p.order]));
  const changes: RefChange[] = [
    ...pkg.replacements.map((r): RefChange => ({
      kind: 'replace', seq: r.seq, sheet: r.number, department: r.department, certificate: r.replaced,
      conflicts: r.conflicts.map((certificate) => ({ certificate, key: keyOf.get(r.number)! })),
      activeInspectors: (orderOf.get(r.department) ?? []).filter((c) => !r.inactive.includes(c)),
    })),
    ...(pkg.rejections ?? []).map((r): RefChange => ({
      kind: 'reject', seq: r.seq, sheet: r.number, department: r.department, cancels: r.cancels, skipped: r.skipped, excluded: r.excluded,
    })),
  ];
  return { output, sheets: refChanges(input, output, changes).sheets };
}
