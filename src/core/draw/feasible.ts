// Checks that run before any seed exists (they never use randomness), and the
// canonical arrangement of the inputs that the draw then uses.

import { compareUtf8, isWellFormed, scanUnits, sortUtf8, sortedIndexWithDuplicates } from './order.js';
import { PPM } from './strata.js';
import type { DrawConflict, DrawInput, Refusal, TextField } from './types.js';

/** The least number of inspectors a sheet may carry in total (two officers per enforcement act). */
export const MIN_INSPECTORS_PER_SHEET = 2;

/** The two-inspector rule, the one place that applies it: to a plan's teams (core/plan.ts) and to a draw's (below). */
export function teamTooSmall(inspectorsPerSheet: number): boolean {
  return inspectorsPerSheet < MIN_INSPECTORS_PER_SHEET;
}

const SUSPECT = /[\u0000-\u001f\u007f\ud800-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

type TextProblem = 'empty' | 'control-character' | 'lone-surrogate';

/**
 * Identifiers and names must be non-empty, free of control characters (U+0000–U+001F,
 * U+007F: TAB, LF and 0x1F are separators in the canonical texts and stream labels)
 * and well-formed (no lone surrogate, so that they have exactly one UTF-8 encoding).
 * Returns null when the text is acceptable.
 */
export function textProblem(value: string): TextProblem | null {
  if (typeof value !== 'string' || value.length === 0) return 'empty';
  if (!SUSPECT.test(value)) return null;
  if (CONTROL.test(value)) return 'control-character';
  return isWellFormed(value) ? null : 'lone-surrogate';
}

/** The seed may be any non-empty well-formed text without control characters. */
export function checkSeed(seed: string): Refusal[] {
  const problem = textProblem(seed);
  return problem ? [{ code: 'invalid-seed', reason: problem }] : [];
}

/** The inputs in canonical order, ready for the draw (meaningful only without refusals). */
export interface Prepared {
  refusals: Refusal[];
  /** Strata in bytewise order of name, each with its subjects' keys in bytewise order. */
  strata: { stratum: string; ppm: number; keys: string[] }[];
  /** Departments in bytewise order of code, each with its pool in bytewise order. */
  departments: { code: string; teamSize: number; pool: string[] }[];
  /** Distinct conflicts, in input order. */
  conflicts: DrawConflict[];
}

/**
 * Checks the inputs and arranges them canonically. Every refusal is reported,
 * grouped by check in this order: invalid text (in input order), empty population,
 * duplicate subjects, duplicate strata, invalid ratios, unknown strata, duplicate
 * departments, duplicate inspectors, invalid team sizes and pools too small,
 * team too small, subjects all conflicted; within a check, bytewise by name.
 */
export function prepare(input: Omit<DrawInput, 'seed'>): Prepared {
  const refusals: Refusal[] = [];
  const { subjects, strata, departments } = input;

  // 1. Text of every identifier. Subject keys are scanned in bulk; the per-string
  //    check only runs when something suspicious occurs somewhere.
  const text = (field: TextField, value: string): boolean => {
    const reason = textProblem(value);
    if (reason) refusals.push({ code: 'invalid-text', field, value, reason });
    return reason === null;
  };
  const keys = subjects.map((s) => s.key);
  const scan = scanUnits(keys);
  if (scan.controls || scan.surrogates || scan.minLength === 0) for (const k of keys) text('subject.key', k);
  const stratumText = new Map<string, boolean>();
  for (const s of subjects) {
    if (!stratumText.has(s.stratum)) {
      stratumText.set(s.stratum, true);
      text('subject.stratum', s.stratum);
    }
  }
  for (const s of strata) text('stratum', s.stratum);
  for (const d of departments) {
    text('department', d.code);
    for (const c of d.inspectors) text('certificate', c);
  }
  for (const c of input.conflicts) {
    text('conflict.certificate', c.certificate);
    text('conflict.key', c.key);
  }

  // 2. The population, in canonical order.
  if (subjects.length === 0) refusals.push({ code: 'empty-population' });
  const { order, duplicates } = sortedIndexWithDuplicates(keys, scan);
  for (const key of duplicates) refusals.push({ code: 'duplicate-subject', key });

  // 3. Strata and their ratios.
  const sortedStrata = [...strata].sort((a, b) => compareUtf8(a.stratum, b.stratum));
  const arranged: Prepared['strata'] = [];
  const slot = new Map<string, number>();
  for (let i = 0; i < sortedStrata.length; i++) {
    const s = sortedStrata[i]!;
    if (slot.has(s.stratum)) {
      if (sortedStrata[i - 1]!.stratum === s.stratum && sortedStrata[i - 2]?.stratum !== s.stratum) {
        refusals.push({ code: 'duplicate-stratum', stratum: s.stratum });
      }
      continue;
    }
    slot.set(s.stratum, arranged.length);
    arranged.push({ stratum: s.stratum, ppm: s.ppm, keys: [] });
  }
  for (const s of arranged) {
    if (!Number.isInteger(s.ppm) || s.ppm < 1 || s.ppm > PPM) {
      refusals.push({ code: 'invalid-ratio', stratum: s.stratum, ppm: s.ppm });
    }
  }
  // Stratum slot of each subject, in input order (sequential), then keys in canonical order.
  const unknown = new Map<string, number>();
  const slotOf = new Int32Array(subjects.length);
  for (let i = 0; i < subjects.length; i++) {
    const stratum = subjects[i]!.stratum;
    const at = slot.get(stratum);
    if (at === undefined) {
      unknown.set(stratum, (unknown.get(stratum) ?? 0) + 1);
      slotOf[i] = -1;
    } else {
      slotOf[i] = at;
    }
  }
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!;
    const at = slotOf[o]!;
    if (at >= 0) arranged[at]!.keys.push(keys[o]!);
  }
  for (const stratum of sortUtf8([...unknown.keys()])) {
    refusals.push({ code: 'unknown-stratum', stratum, subjects: unknown.get(stratum)! });
  }

  // 4. Departments, pools and teams.
  const sortedDepartments = [...departments].sort((a, b) => compareUtf8(a.code, b.code));
  for (let i = 1; i < sortedDepartments.length; i++) {
    const code = sortedDepartments[i]!.code;
    if (code === sortedDepartments[i - 1]!.code && sortedDepartments[i - 2]?.code !== code) {
      refusals.push({ code: 'duplicate-department', department: code });
    }
  }
  const homes = new Map<string, string[]>();
  for (const d of sortedDepartments) {
    for (const c of d.inspectors) {
      const list = homes.get(c);
      if (list) list.push(d.code);
      else homes.set(c, [d.code]);
    }
  }
  for (const certificate of sortUtf8([...homes.keys()])) {
    const list = homes.get(certificate)!;
    if (list.length > 1) refusals.push({ code: 'duplicate-inspector', certificate, departments: list });
  }
  const arrangedDepartments: Prepared['departments'] = [];
  let perSheet = 0;
  for (const d of sortedDepartments) {
    const pool = sortUtf8([...new Set(d.inspectors)]);
    arrangedDepartments.push({ code: d.code, teamSize: d.teamSize, pool });
    if (!Number.isInteger(d.teamSize) || d.teamSize < 1) {
      refusals.push({ code: 'invalid-team-size', department: d.code, teamSize: d.teamSize });
      continue;
    }
    perSheet += d.teamSize;
    if (pool.length < d.teamSize) {
      refusals.push({ code: 'pool-too-small', department: d.code, pool: pool.length, teamSize: d.teamSize });
    }
  }
  if (teamTooSmall(perSheet)) {
    refusals.push({ code: 'team-too-small', inspectorsPerSheet: perSheet, minimum: MIN_INSPECTORS_PER_SHEET });
  }

  // 5. Conflicts: every subject of the population must keep a full team in every department.
  const conflicts: DrawConflict[] = [];
  const distinct = new Set<string>();
  for (const c of input.conflicts) {
    const id = c.certificate + '\t' + c.key;
    if (!distinct.has(id)) {
      distinct.add(id);
      conflicts.push(c);
    }
  }
  if (conflicts.length > 0) {
    const conflictKeys = new Set(conflicts.map((c) => c.key));
    const inPopulation = new Set<string>();
    for (const k of keys) if (conflictKeys.has(k)) inPopulation.add(k);
    const departmentOf = new Map<string, number>();
    arrangedDepartments.forEach((d, n) => {
      for (const c of d.pool) departmentOf.set(c, n);
    });
    const conflicted = arrangedDepartments.map(() => new Map<string, number>()); // key → count
    for (const c of conflicts) {
      const n = departmentOf.get(c.certificate);
      if (n === undefined || !inPopulation.has(c.key)) continue;
      conflicted[n]!.set(c.key, (conflicted[n]!.get(c.key) ?? 0) + 1);
    }
    arrangedDepartments.forEach((d, n) => {
      if (!Number.isInteger(d.teamSize) || d.teamSize < 1 || d.pool.length < d.teamSize) return;
      for (const key of sortUtf8([...conflicted[n]!.keys()])) {
        const available = d.pool.length - conflicted[n]!.get(key)!;
        if (available < d.teamSize) {
          refusals.push({ code: 'subject-all-conflicted', department: d.code, key, available, teamSize: d.teamSize });
        }
      }
    });
  }
  return { refusals, strata: arranged, departments: arrangedDepartments, conflicts };
}

/**
 * Everything that would make a draw impossible or ambiguous, found without the
 * seed: all refusals, in a fixed order (see `prepare`). An empty list means
 * runDraw will succeed for any seed that checkSeed accepts.
 */
export function checkFeasible(input: Omit<DrawInput, 'seed'>): Refusal[] {
  return prepare(input).refusals;
}
