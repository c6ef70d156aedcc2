// The draw itself: subjects per stratum, sheets, pool orders, matching.

import { checkFeasible, checkSeed } from './feasible.js';
import { matchDepartment } from './match.js';
import { compareUtf8, sortUtf8 } from './order.js';
import { partialFisherYates, shuffle } from './sample.js';
import { stratumCount } from './strata.js';
import { LABEL, Stream, type StreamTrace } from './streams.js';
import { DrawRefusedError, type DrawInput, type DrawOutput, type Sheet } from './types.js';

/** A draw with every stream it used and every int32 each stream produced. */
export interface TracedDraw {
  output: DrawOutput;
  /** In the order the streams are used: subjects (per stratum), inspectors (per department), match (per department). */
  streams: StreamTrace[];
}

/** Groups subject keys by stratum and sorts each group bytewise on UTF-8. */
export function sortedStrata(subjects: DrawInput['subjects']): Map<string, string[]> {
  const byStratum = new Map<string, string[]>();
  for (const s of subjects) {
    const list = byStratum.get(s.stratum);
    if (list) list.push(s.key);
    else byStratum.set(s.stratum, [s.key]);
  }
  for (const list of byStratum.values()) sortUtf8(list);
  return byStratum;
}

/** Draws one stratum: a partial Fisher–Yates over its sorted keys on sub("subjects", stratum). */
export function drawStratum(seed: string, stratum: string, sortedKeys: readonly string[], ppm: number, traces?: StreamTrace[]): string[] {
  const stream = new Stream(seed, [LABEL.subjects, stratum], traces);
  return partialFisherYates(sortedKeys, stratumCount(sortedKeys.length, ppm), stream);
}

function draw(input: DrawInput, traces?: StreamTrace[]): DrawOutput {
  const refusals = [...checkSeed(input.seed), ...checkFeasible(input)];
  if (refusals.length > 0) throw new DrawRefusedError(refusals);
  const { seed } = input;

  // Subjects, stratum by stratum.
  const byStratum = sortedStrata(input.subjects);
  const strata = [...input.strata].sort((a, b) => compareUtf8(a.stratum, b.stratum));
  const sheets: Sheet[] = [];
  const stratumResults: DrawOutput['strata'] = [];
  for (const { stratum, ppm } of strata) {
    const keys = byStratum.get(stratum) ?? [];
    const drawn = drawStratum(seed, stratum, keys, ppm, traces);
    stratumResults.push({ stratum, size: keys.length, drawn: drawn.length });
    for (const key of drawn) sheets.push({ number: sheets.length + 1, key, stratum, inspectors: [] });
  }

  // Departments: pool order, then the match.
  const departments = [...input.departments].sort((a, b) => compareUtf8(a.code, b.code));
  const sortedPools = departments.map((d) => sortUtf8([...d.inspectors]));
  const pools: DrawOutput['pools'] = departments.map((d, n) => ({
    department: d.code,
    order: shuffle(sortedPools[n]!, new Stream(seed, [LABEL.inspectors, d.code], traces)),
  }));

  const sheetIndexOfKey = new Map<string, number>();
  for (let s = 0; s < sheets.length; s++) sheetIndexOfKey.set(sheets[s]!.key, s);

  for (let n = 0; n < departments.length; n++) {
    const d = departments[n]!;
    const sorted = sortedPools[n]!;
    const indexOf = new Map<string, number>();
    for (let i = 0; i < sorted.length; i++) indexOf.set(sorted[i]!, i);
    const conflictsBySheet = new Map<number, Set<number>>();
    for (const c of input.conflicts) {
      const i = indexOf.get(c.certificate);
      const s = sheetIndexOfKey.get(c.key);
      if (i === undefined || s === undefined) continue;
      let set = conflictsBySheet.get(s);
      if (!set) conflictsBySheet.set(s, (set = new Set()));
      set.add(i);
    }
    const picks = matchDepartment({
      poolSize: sorted.length,
      teamSize: d.teamSize,
      sheetCount: sheets.length,
      conflictsOfSheet: (s) => conflictsBySheet.get(s),
      rng: new Stream(seed, [LABEL.match, d.code], traces),
    });
    const t = d.teamSize;
    for (let s = 0; s < sheets.length; s++) {
      const team = sheets[s]!.inspectors;
      for (let k = 0; k < t; k++) team.push({ department: d.code, certificate: sorted[picks[s * t + k]!]! });
    }
  }

  return { strata: stratumResults, sheets, pools };
}

/**
 * Runs the draw. Pure and deterministic: the same input (in any order) gives the
 * same output. Throws DrawRefusedError when checkSeed or checkFeasible refuses.
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
