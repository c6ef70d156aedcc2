// The second half of a draw: pool orders and the match, shared by the general path (draw.ts) and
// the snapshot text's (text.ts).

import type { Prepared } from './feasible.js';
import { matchDepartment } from './match.js';
import { shuffle } from './sample.js';
import { LABEL, Stream, type StreamTrace } from './streams.js';
import type { DrawConflict, DrawOutput, Sheet, SheetInspector } from './types.js';

/** A department's pool order: a full Fisher–Yates shuffle of its sorted pool on sub("inspectors", code). */
export function drawPoolOrder(seed: string, department: string, sortedPool: readonly string[], traces?: StreamTrace[]): string[] {
  return shuffle(sortedPool, new Stream(seed, [LABEL.inspectors, department], traces));
}

/**
 * The second half of a draw, once its sheets are drawn: each department's pool order, then the
 * match, the teams put on the sheets (in place). `departmentsOf(s)` gives the departments on
 * sheet s (draw-core/2); null: every department is on every sheet (draw-core/1).
 */
export function drawTeams(
  seed: string,
  departments: Prepared['departments'],
  conflicts: readonly DrawConflict[],
  sheets: Sheet[],
  departmentsOf: ((sheet: number) => readonly string[]) | null,
  traces?: StreamTrace[],
): DrawOutput['pools'] {
  // Departments (bytewise order of code): pool order, then the match.
  const pools: DrawOutput['pools'] = departments.map((d) => ({
    department: d.code,
    order: drawPoolOrder(seed, d.code, d.pool, traces),
  }));

  // Each sheet's team in an array of its size, filled in place: pushed, a team of ten took an
  // array of seventeen slots (56 bytes a sheet more, 12 MB at eight million subjects).
  const fill = new Int32Array(sheets.length);
  const onSheet = (d: { code: string }, s: number) => !departmentsOf || departmentsOf(s).includes(d.code);
  // each sheet's team size from its departments, read once a sheet
  const teamSize = new Map(departments.map((d) => [d.code, d.teamSize]));
  const everyone = departments.reduce((n, d) => n + d.teamSize, 0);
  const sizes = new Int32Array(sheets.length);
  for (let s = 0; s < sheets.length; s++) {
    if (!departmentsOf) { sizes[s] = everyone; continue; }
    const codes = departmentsOf(s);
    let n = 0;
    for (let i = 0; i < codes.length; i++) if (codes.indexOf(codes[i]!) === i) n += teamSize.get(codes[i]!) ?? 0;
    sizes[s] = n;
  }
  for (let s = 0; s < sheets.length; s++) {
    const sheet = sheets[s]!;
    if (sheet.inspectors.length === 0 && sizes[s]! > 0) sheet.inspectors = new Array<SheetInspector>(sizes[s]!);
    else fill[s] = -1; // a team begun already: pushed to
  }

  // draw-core/1: every department is on every sheet. draw-core/2: a department is on the sheets of
  // the subjects whose departments include it, and is matched over those sheets alone, in number order.
  for (const d of departments) {
    const on: number[] = [];
    for (let s = 0; s < sheets.length; s++) {
      if (onSheet(d, s)) on.push(s);
    }
    // the row of each sheet's subject, for the conflicts alone: none, no map (a key each of 200,000 sheets, per department)
    const rowOfKey = new Map<string, number>();
    if (conflicts.length > 0) for (let r = 0; r < on.length; r++) rowOfKey.set(sheets[on[r]!]!.key, r);
    const indexOf = new Map<string, number>();
    d.pool.forEach((c, i) => indexOf.set(c, i));
    const conflictsByRow = new Map<number, Set<number>>();
    for (const c of conflicts) {
      const i = indexOf.get(c.certificate);
      const r = rowOfKey.get(c.key);
      if (i === undefined || r === undefined) continue;
      let set = conflictsByRow.get(r);
      if (!set) conflictsByRow.set(r, (set = new Set()));
      set.add(i);
    }
    const picks = matchDepartment({
      poolSize: d.pool.length,
      teamSize: d.teamSize,
      sheetCount: on.length,
      conflictsOfSheet: (r) => conflictsByRow.get(r),
      rng: new Stream(seed, [LABEL.match, d.code], traces),
    });
    // One frozen entry per pool member, shared by all the sheets it appears on.
    const entries = d.pool.map((certificate) => Object.freeze({ department: d.code, certificate }));
    const t = d.teamSize;
    for (let r = 0; r < on.length; r++) {
      const s = on[r]!;
      const team = sheets[s]!.inspectors;
      if (fill[s]! < 0) for (let k = 0; k < t; k++) team.push(entries[picks[r * t + k]!]!);
      else for (let k = 0; k < t; k++) team[fill[s]!++] = entries[picks[r * t + k]!]!;
    }
  }
  return pools;
}

