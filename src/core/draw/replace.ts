// Replacement of a drawn inspector after the draw (approved, logged by the caller).
//
// Each department has a cursor into its pool order (DrawOutput.pools), starting at
// position 0. A replacement scans the pool order cyclically from the cursor and
// takes the first inspector who is not on the sheet, not conflicted with its
// subject and (when the caller says who is active) active. The cursor then moves
// to the position after the substitute. No new randomness: the pool order is the
// department's `inspectors` stream, so the substitute is "the next in the stream".

import type { DrawConflict, DrawOutput, PoolOrder, Refusal, Sheet } from './types.js';

export interface ReplacementState {
  sheets: Sheet[];
  pools: PoolOrder[];
  /** Per department, the pool position where the next search starts. */
  cursors: Record<string, number>;
}

export interface ReplacementRequest {
  /** Sheet number (1-based, as printed). */
  sheet: number;
  department: string;
  /** The certificate of the inspector being replaced. */
  certificate: string;
  /** The conflicts in force now (may include ones declared after the draw). */
  conflicts: readonly DrawConflict[];
  /** When given, only these certificates may be substitutes. */
  activeInspectors?: readonly string[];
}

export type ReplacementOutcome =
  | { kind: 'replaced'; substitute: string; position: number; state: ReplacementState }
  | { kind: 'none-left'; substitute: null; state: ReplacementState }
  | { kind: 'refused'; substitute: null; refusal: Refusal; state: ReplacementState };

/** The state right after the draw: every cursor at position 0. */
export function initialReplacementState(output: Pick<DrawOutput, 'sheets' | 'pools'>): ReplacementState {
  const cursors: Record<string, number> = {};
  for (const p of output.pools) cursors[p.department] = 0;
  return { sheets: output.sheets, pools: output.pools, cursors };
}

function findSheet(sheets: readonly Sheet[], number: number): number {
  const guess = number - 1;
  if (guess >= 0 && guess < sheets.length && sheets[guess]!.number === number) return guess;
  return sheets.findIndex((s) => s.number === number);
}

/**
 * Finds the substitute for one inspector on one sheet. Pure: returns a new state
 * (the old one is not modified). Applying the same requests in the same order to
 * the same draw always gives the same substitutes.
 */
export function replaceInspector(state: ReplacementState, request: ReplacementRequest): ReplacementOutcome {
  const refuse = (refusal: Refusal): ReplacementOutcome => ({ kind: 'refused', substitute: null, refusal, state });
  const sheetIndex = findSheet(state.sheets, request.sheet);
  if (sheetIndex < 0) return refuse({ code: 'unknown-sheet', sheet: request.sheet });
  const pool = state.pools.find((p) => p.department === request.department);
  if (!pool) return refuse({ code: 'unknown-department', department: request.department });
  const sheet = state.sheets[sheetIndex]!;
  const slot = sheet.inspectors.findIndex(
    (i) => i.department === request.department && i.certificate === request.certificate,
  );
  if (slot < 0) {
    return refuse({ code: 'not-on-sheet', sheet: request.sheet, department: request.department, certificate: request.certificate });
  }

  const onSheet = new Set(sheet.inspectors.map((i) => i.certificate));
  const conflicted = new Set<string>();
  for (const c of request.conflicts) if (c.key === sheet.key) conflicted.add(c.certificate);
  const active = request.activeInspectors ? new Set(request.activeInspectors) : null;

  const order = pool.order;
  const m = order.length;
  const start = state.cursors[request.department] ?? 0;
  for (let k = 0; k < m; k++) {
    const position = (start + k) % m;
    const candidate = order[position]!;
    if (onSheet.has(candidate) || conflicted.has(candidate)) continue;
    if (active && !active.has(candidate)) continue;
    const inspectors = sheet.inspectors.slice();
    inspectors[slot] = { department: request.department, certificate: candidate };
    const sheets = state.sheets.slice();
    sheets[sheetIndex] = { ...sheet, inspectors };
    const cursors = { ...state.cursors, [request.department]: (position + 1) % m };
    return { kind: 'replaced', substitute: candidate, position, state: { sheets, pools: state.pools, cursors } };
  }
  return { kind: 'none-left', substitute: null, state };
}

/** Replays recorded replacements in order from the draw's output. */
export function applyReplacements(
  output: Pick<DrawOutput, 'sheets' | 'pools'>,
  requests: readonly ReplacementRequest[],
): { state: ReplacementState; outcomes: ReplacementOutcome[] } {
  let state = initialReplacementState(output);
  const outcomes: ReplacementOutcome[] = [];
  for (const r of requests) {
    const outcome = replaceInspector(state, r);
    outcomes.push(outcome);
    state = outcome.state;
  }
  return { state, outcomes };
}
