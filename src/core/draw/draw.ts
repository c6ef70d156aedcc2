// The draw itself: subjects per stratum, sheets, pool orders, matching.

import { checkSeed, prepare } from './feasible.js';
import { matchDepartment } from './match.js';
import { partialFisherYates, shuffle } from './sample.js';
import { stratumCount } from './strata.js';
import { LABEL, Stream, type StreamTrace } from './streams.js';
import { DrawRefusedError, type DrawInput, type DrawOutput, type Sheet } from './types.js';

/** A draw with every stream it used and every int32 each stream produced. */
export interface TracedDraw {
  output: DrawOutput;
  /** In the order of use: subjects (per stratum), inspectors (per department), match (per department). */
  streams: StreamTrace[];
}

/** Draws one stratum: a partial Fisher–Yates over its sorted keys on sub("subjects", stratum). */
export function drawStratum(
  seed: string,
  stratum: string,
  sortedKeys: readonly string[],
  ppm: number,
  traces?: StreamTrace[],
): string[] {
  const stream = new Stream(seed, [LABEL.subjects, stratum], traces);
  return partialFisherYates(sortedKeys, stratumCount(sortedKeys.length, ppm), stream);
}

/** A department's pool order: a full Fisher–Yates shuffle of its sorted pool on sub("inspectors", code). */
export function drawPoolOrder(seed: string, department: string, sortedPool: readonly string[], traces?: StreamTrace[]): string[] {
  return shuffle(sortedPool, new Stream(seed, [LABEL.inspectors, department], traces));
}

function draw(input: DrawInput, traces?: StreamTrace[]): DrawOutput {
  const prepared = prepare(input);
  const refusals = [...checkSeed(input.seed), ...prepared.refusals];
  if (refusals.length > 0) throw new DrawRefusedError(refusals);
  const { seed } = input;

  // Subjects, stratum by stratum (bytewise order of name).
  const sheets: Sheet[] = [];
  const strata: DrawOutput['strata'] = [];
  for (const { stratum, ppm, keys } of prepared.strata) {
    const drawn = drawStratum(seed, stratum, keys, ppm, traces);
    strata.push({ stratum, size: keys.length, drawn: drawn.length });
    for (const key of drawn) sheets.push({ number: sheets.length + 1, key, stratum, inspectors: [] });
  }

  // Departments (bytewise order of code): pool order, then the match.
  const departments = prepared.departments;
  const pools: DrawOutput['pools'] = departments.map((d) => ({
    department: d.code,
    order: drawPoolOrder(seed, d.code, d.pool, traces),
  }));

  // draw-core/1: every department is on every sheet. draw-core/2: a department is on the sheets of
  // the subjects whose departments include it, and is matched over those sheets alone, in number order.
  const subjectDepartments = prepared.subjectDepartments;
  for (const d of departments) {
    const on: number[] = [];
    for (let s = 0; s < sheets.length; s++) {
      if (!subjectDepartments || subjectDepartments.get(sheets[s]!.key)!.includes(d.code)) on.push(s);
    }
    const rowOfKey = new Map<string, number>();
    for (let r = 0; r < on.length; r++) rowOfKey.set(sheets[on[r]!]!.key, r);
    const indexOf = new Map<string, number>();
    d.pool.forEach((c, i) => indexOf.set(c, i));
    const conflictsByRow = new Map<number, Set<number>>();
    for (const c of prepared.conflicts) {
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
      const team = sheets[on[r]!]!.inspectors;
      for (let k = 0; k < t; k++) team.push(entries[picks[r * t + k]!]!);
    }
  }

  return { strata, sheets, pools };
}

/**
 * Runs the draw. Pure and deterministic: the same input (in any order) gives the
 * same output. Throws DrawRefusedError (with every refusal) when checkSeed or
 * checkFeasible would refuse.
 */
export function runDraw(input: DrawInput): DrawOutput {
  return draw(input);
}

/** runDraw, also returning every derived stream and the int32 values it produced. */
export function traceDraw(input: DrawInput): TracedDraw {
  const streams: StreamTrace[] = [];
  const output = draw(input, streams);
  return { output, streams };
}
