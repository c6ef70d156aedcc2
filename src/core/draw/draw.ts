// The draw itself: subjects per stratum, sheets, pool orders, matching.

import { checkSeed, prepare } from './feasible.js';
import { partialFisherYates } from './sample.js';
import { stratumCount } from './strata.js';
import { LABEL, Stream, type StreamTrace } from './streams.js';
import { DrawRefusedError, type DrawInput, type DrawOutput, type Sheet } from './types.js';
import { drawTeams } from './teams.js';

export { drawPoolOrder } from './teams.js';
import { drawFromText, textOf } from './text.js';

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

  const subjectDepartments = prepared.subjectDepartments;
  const pools = drawTeams(seed, prepared.departments, prepared.conflicts, sheets, subjectDepartments && ((s) => subjectDepartments.get(sheets[s]!.key)!), traces);
  return { strata, sheets, pools };
}

/**
 * Runs the draw. Pure and deterministic: the same input (in any order) gives the
 * same output. Throws DrawRefusedError (with every refusal) when checkSeed or
 * checkFeasible would refuse.
 */
export function runDraw(input: DrawInput): DrawOutput {
  // A snapshot text's input (core/draw/text.ts) is drawn from the text, without a subject object
  // each; the same result, and the general path whenever the text is anything but canonical.
  const text = textOf(input);
  if (text !== undefined && checkSeed(input.seed).length === 0) {
    const out = drawFromText(input, text);
    if (out) return out;
  }
  return draw(input);
}

/** runDraw, also returning every derived stream and the int32 values it produced. */
export function traceDraw(input: DrawInput): TracedDraw {
  const streams: StreamTrace[] = [];
  const output = draw(input, streams);
  return { output, streams };
}
