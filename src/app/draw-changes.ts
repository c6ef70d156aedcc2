import { runtimeError } from '../errors.js';
import type { Db } from '../store/db.js';
import { storedTexts, type DrawRow } from '../store/draws.js';
import { replacementsOf } from '../store/replacements.js';
import { rejectionsOf } from '../store/rejections.js';
import { changeContext, DrawRefusedError, runDraw, type ChangeContext, type ChangedDraw, type DrawInput, type DrawOutput } from '../core/draw/index.js';
import { fromTexts, withChanges, type DrawParameters } from '../core/snapshot.js';

export interface ChangedDrawState { input: DrawInput; output: DrawOutput; state: ChangedDraw; context: ChangeContext }

/**
 * A drawn draw as it stands by the rule: recomputed from its snapshots and seed, with every
 * replacement and rejection so far applied in seq order (they share the replacement cursors, and
 * substitutes the stratum cursors). The next change starts from here. A draw whose stored
 * snapshots or parameters no longer give a draw, or whose recorded changes are not the ones the
 * rule gives (changed outside the tool), is not built on: a clear error naming the sheet.
 */
export function changedDraw(db: Db, draw: DrawRow, sheet: number | string): ChangedDrawState {
  const notReplayable = () => runtimeError('change.notReplayable', { draw: draw.id, sheet });
  let result: ChangedDrawState;
  try {
    const input = fromTexts(storedTexts(db, draw.id), JSON.parse(draw.parameters) as DrawParameters, draw.seed!);
    const output = runDraw(input);
    const changed = withChanges(input, output, replacementsOf(db, draw.id), rejectionsOf(db, draw.id));
    if (changed.mismatches.length) throw notReplayable();
    result = { input, output, state: changed.state, context: changed.context ?? changeContext(input, output) };
  } catch (error) {
    if (error instanceof DrawRefusedError || error instanceof RangeError || error instanceof SyntaxError) throw notReplayable();
    throw error;
  }
  return result;
}
