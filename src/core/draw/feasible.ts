// Checks that run before any seed exists (they never use randomness), and the
// canonical arrangement of the inputs that the draw then uses.

import { compareUtf8, isWellFormed, scanUnits, sortUtf8, sortedIndexWithDuplicates } from './order.js';
import { PPM } from './strata.js';
import type { DrawAlgorithm, DrawConflict, DrawInput, Refusal, TextField } from './types.js';

/** The versions this core draws (docs/ALGORITHM.md); the first is what an input without `algorithm` means. */
export const DRAW_ALGORITHMS: readonly DrawAlgorithm[] = ['draw-core/1', 'draw-core/2'];

/** The version an input names, 'draw-core/1' when it names none; null for a name this core does not know. */
export function algorithmOf(input: { algorithm?: string }): DrawAlgorithm | null {
  const a = input.algorithm ?? 'draw-core/1';
  return (DRAW_ALGORITHMS as readonly string[]).includes(a) ? (a as DrawAlgorithm) : null;
}

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

/** True when a list is sorted bytewise without repeats (as a snapshot's lists are): it is then used as it is. */
function strictlySorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareUtf8(list[i - 1]!, list[i]!) >= 0) return false;
  return true;
}

/** The inputs in canonical order, ready for the draw (meaningful only without refusals). */
export interface Prepared {
  refusals: Refusal[];
  algorithm: DrawAlgorithm;
  /**
   * draw-core/2: each subject's departments, sorted bytewise without repeats (the departments on
   * its sheet); null under draw-core/1, where every department is on every sheet.
   */
  subjectDepartments: Map<string, string[]> | null;
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
 * team too small (draw-core/1), subjects without a department and subjects naming a department
 * not in the draw (draw-core/2), subjects all conflicted; within a check, bytewise by name.
 * An unknown algorithm is refused alone.
 */
export function prepare(input: Omit<DrawInput, 'seed'>): Prepared {
  const refusals: Refusal[] = [];
  const { subjects, strata, departments } = input;
  const algorithm = algorithmOf(input);
  if (algorithm === null) {
    return { refusals: [{ code: 'unknown-algorithm', algorithm: String(input.algorithm) }], algorithm: 'draw-core/1', subjectDepartments: null, strata: [], departments: [], conflicts: [] };
  }
  const v2 = algorithm === 'draw-core/2';

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
    // under draw-core/2 a subject's departments are written joined by ',' (snapshot text, §3)
    if (text('department', d.code) && v2 && d.code.includes(',')) refusals.push({ code: 'invalid-text', field: 'department', value: d.code, reason: 'comma' });
    for (const c of d.inspectors) text('certificate', c);
  }
  // A subject's departments: few distinct codes, each checked once.
  const subjectDepartments = v2 ? new Map<string, string[]>() : null;
  if (subjectDepartments) {
    const seenCodes = new Set<string>();
    for (const s of subjects) {
      const list = s.departments ?? [];
      for (const d of list) {
        if (seenCodes.has(d)) continue;
        seenCodes.add(d);
        if (text('subject.department', d) && d.includes(',')) refusals.push({ code: 'invalid-text', field: 'subject.department', value: d, reason: 'comma' });
      }
      subjectDepartments.set(s.key, strictlySorted(list) ? (list as string[]) : sortUtf8([...new Set(list)]));
    }
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
  // Under draw-core/2 a sheet carries only its subject's departments: the plan's team rule replaces this one.
  if (!v2 && teamTooSmall(perSheet)) {
    refusals.push({ code: 'team-too-small', inspectorsPerSheet: perSheet, minimum: MIN_INSPECTORS_PER_SHEET });
  }
  if (subjectDepartments) {
    const known = new Set(sortedDepartments.map((d) => d.code));
    const none: string[] = [];
    const unknownOf: { key: string; department: string }[] = [];
    for (const [key, list] of subjectDepartments) {
      if (list.length === 0) none.push(key);
      for (const d of list) if (!known.has(d)) unknownOf.push({ key, department: d });
    }
    for (const key of sortUtf8(none)) refusals.push({ code: 'subject-no-department', key });
    unknownOf.sort((a, b) => compareUtf8(a.key, b.key) || compareUtf8(a.department, b.department));
    for (const u of unknownOf) refusals.push({ code: 'subject-unknown-department', ...u });
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
        // draw-core/2: a department not on the subject's sheet needs no team for it
        if (subjectDepartments && !subjectDepartments.get(key)?.includes(d.code)) continue;
        const available = d.pool.length - conflicted[n]!.get(key)!;
        if (available < d.teamSize) {
          refusals.push({ code: 'subject-all-conflicted', department: d.code, key, available, teamSize: d.teamSize });
        }
      }
    });
  }
  return { refusals, algorithm, subjectDepartments, strata: arranged, departments: arrangedDepartments, conflicts };
}

/**
 * Everything that would make a draw impossible or ambiguous, found without the
 * seed: all refusals, in a fixed order (see `prepare`). An empty list means
 * runDraw will succeed for any seed that checkSeed accepts.
 */
export function checkFeasible(input: Omit<DrawInput, 'seed'>): Refusal[] {
  return prepare(input).refusals;
}
