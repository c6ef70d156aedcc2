// Checks that run before any seed exists. They never use randomness.

import { compareUtf8, isWellFormed, sortUtf8 } from './order.js';
import { PPM } from './strata.js';
import type { DrawInput, Refusal, TextField } from './types.js';

/** The least number of inspectors a sheet may carry in total (two officers per enforcement act). */
export const MIN_INSPECTORS_PER_SHEET = 2;

const SUSPECT = /[\u0000-\u001f\u007f\ud800-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

type TextProblem = 'empty' | 'control-character' | 'lone-surrogate' | null;

/**
 * Identifiers and names must be non-empty, free of control characters (U+0000–U+001F,
 * U+007F: TAB, LF and 0x1F are separators in the canonical texts and stream labels)
 * and well-formed (no lone surrogate, so that they have exactly one UTF-8 encoding).
 */
export function textProblem(value: string): TextProblem {
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

/**
 * Everything that would make a draw impossible or ambiguous, found without the
 * seed: all refusals, in a fixed order (by check, then bytewise by name).
 * An empty list means runDraw will succeed for any valid seed.
 */
export function checkFeasible(input: Omit<DrawInput, 'seed'>): Refusal[] {
  const refusals: Refusal[] = [];
  const { subjects, strata, departments, conflicts } = input;

  // 1. Text of every identifier.
  const text = (field: TextField, value: string): boolean => {
    const reason = textProblem(value);
    if (reason) refusals.push({ code: 'invalid-text', field, value, reason });
    return reason === null;
  };
  for (const s of subjects) {
    text('subject.key', s.key);
    text('subject.stratum', s.stratum);
  }
  for (const s of strata) text('stratum', s.stratum);
  for (const d of departments) {
    text('department', d.code);
    for (const c of d.inspectors) text('certificate', c);
  }
  for (const c of conflicts) {
    text('conflict.certificate', c.certificate);
    text('conflict.key', c.key);
  }

  // 2. The population.
  if (subjects.length === 0) refusals.push({ code: 'empty-population' });
  const population = new Set<string>();
  const duplicateKeys = new Set<string>();
  for (const s of subjects) {
    if (population.has(s.key)) duplicateKeys.add(s.key);
    else population.add(s.key);
  }
  for (const key of sortUtf8([...duplicateKeys])) refusals.push({ code: 'duplicate-subject', key });

  // 3. Strata and their ratios.
  const ratioOf = new Map<string, number>();
  const duplicateStrata = new Set<string>();
  for (const s of strata) {
    if (ratioOf.has(s.stratum)) duplicateStrata.add(s.stratum);
    else ratioOf.set(s.stratum, s.ppm);
  }
  for (const stratum of sortUtf8([...duplicateStrata])) refusals.push({ code: 'duplicate-stratum', stratum });
  for (const s of [...strata].sort((a, b) => compareUtf8(a.stratum, b.stratum))) {
    if (!Number.isInteger(s.ppm) || s.ppm < 1 || s.ppm > PPM) {
      refusals.push({ code: 'invalid-ratio', stratum: s.stratum, ppm: s.ppm });
    }
  }
  const unknown = new Map<string, number>();
  for (const s of subjects) {
    if (!ratioOf.has(s.stratum)) unknown.set(s.stratum, (unknown.get(s.stratum) ?? 0) + 1);
  }
  for (const stratum of sortUtf8([...unknown.keys()])) {
    refusals.push({ code: 'unknown-stratum', stratum, subjects: unknown.get(stratum)! });
  }

  // 4. Departments, pools and teams.
  const sortedDepartments = [...departments].sort((a, b) => compareUtf8(a.code, b.code));
  const seenDepartments = new Set<string>();
  const duplicateDepartments = new Set<string>();
  for (const d of sortedDepartments) {
    if (seenDepartments.has(d.code)) duplicateDepartments.add(d.code);
    seenDepartments.add(d.code);
  }
  for (const department of duplicateDepartments) refusals.push({ code: 'duplicate-department', department });

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

  let perSheet = 0;
  const staffed: typeof departments = [];
  for (const d of sortedDepartments) {
    const pool = new Set(d.inspectors).size;
    if (!Number.isInteger(d.teamSize) || d.teamSize < 1) {
      refusals.push({ code: 'invalid-team-size', department: d.code, teamSize: d.teamSize });
      continue;
    }
    perSheet += d.teamSize;
    if (pool < d.teamSize) {
      refusals.push({ code: 'pool-too-small', department: d.code, pool, teamSize: d.teamSize });
      continue;
    }
    staffed.push(d);
  }
  if (perSheet < MIN_INSPECTORS_PER_SHEET) {
    refusals.push({ code: 'team-too-small', inspectorsPerSheet: perSheet, minimum: MIN_INSPECTORS_PER_SHEET });
  }

  // 5. Conflicts: every subject of the population must keep a full team in every department.
  if (staffed.length > 0 && conflicts.length > 0) {
    const departmentOf = new Map<string, string>();
    for (const d of staffed) for (const c of d.inspectors) departmentOf.set(c, d.code);
    const counted = new Set<string>();
    const conflictedCount = new Map<string, Map<string, number>>(); // department → key → count
    for (const c of conflicts) {
      const department = departmentOf.get(c.certificate);
      if (department === undefined || !population.has(c.key)) continue;
      const id = c.certificate + '\t' + c.key;
      if (counted.has(id)) continue;
      counted.add(id);
      let perKey = conflictedCount.get(department);
      if (!perKey) conflictedCount.set(department, (perKey = new Map()));
      perKey.set(c.key, (perKey.get(c.key) ?? 0) + 1);
    }
    for (const d of staffed) {
      const perKey = conflictedCount.get(d.code);
      if (!perKey) continue;
      const pool = new Set(d.inspectors).size;
      for (const key of sortUtf8([...perKey.keys()])) {
        const available = pool - perKey.get(key)!;
        if (available < d.teamSize) {
          refusals.push({ code: 'subject-all-conflicted', department: d.code, key, available, teamSize: d.teamSize });
        }
      }
    }
  }
  return refusals;
}
