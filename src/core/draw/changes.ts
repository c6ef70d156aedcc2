// Changes to a drawn draw, in the one order they were made (docs/ALGORITHM.md §13 and §17):
// replacements of an inspector, and rejections of a sheet by a department at confirmation. A
// rejection takes its department off the sheet; one that cancels the sheet (its subject cannot
// be inspected, or no department is left) brings in a substitute subject with a team of its own.
// Replacements and rejections share one seq numbering and one replacement cursor per department,
// so their order matters and a replay applies them in seq order. Pure: no state is modified.

import { prepare } from './feasible.js';
import { replaceInspector, type ReplacementRequest } from './replace.js';
import { StratumOrder, formTeam } from './substitute.js';
import { textChangeContext } from './text.js';
import type { DrawAlgorithm, DrawConflict, DrawInput, DrawOutput, PoolOrder, Refusal, Sheet, SheetInspector } from './types.js';

/** A sheet as it stands after changes. */
export interface ChangedSheet extends Sheet {
  /** the seq of the rejection that cancelled it; a cancelled sheet keeps the team it had then */
  cancelledBy?: number;
  /** a substitute sheet: the number of the cancelled sheet it stands in for */
  substituteFor?: number;
}

export type ReplaceChange = { kind: 'replace'; seq: number } & ReplacementRequest;

export interface RejectChange {
  kind: 'reject';
  seq: number;
  /** sheet number, as printed */
  sheet: number;
  department: string;
  /** the subject itself cannot be inspected (gone, not found): the sheet is cancelled whoever else is on it */
  cancels: boolean;
  /** subject keys the office says are no longer eligible (may name more than are met); passed over as candidates */
  skipped: readonly string[];
  /** who may not be on the substitute's team: conflicts in force (any subject) and inactive inspectors */
  excluded: { conflicts: readonly DrawConflict[]; inactive: readonly string[] };
}

export type SheetChange = ReplaceChange | RejectChange;

export interface ChangedDraw {
  /** every sheet in number order: the drawn ones, then the substitutes (numbered on from the last) */
  sheets: ChangedSheet[];
  pools: PoolOrder[];
  /** per department, the replacement cursor into its pool order (replacements and substitutes' teams) */
  cursors: Record<string, number>;
  /** per stratum, the next position of its drawn order a substitute search looks at (starts at the drawn count) */
  strataCursor: Record<string, number>;
}

/** A candidate a substitute search passed over: named in `skipped`, or no full team could be formed for it. */
export interface PassedCandidate {
  key: string;
  /** its position in the stratum's drawn order */
  position: number;
  why: 'skipped' | 'no-team';
  /** for 'no-team': the first department (by code) that could not give a full team */
  department?: string;
}

export interface SubstituteSheet {
  number: number;
  key: string;
  stratum: string;
  /** the substitute's position in the stratum's drawn order (≥ the drawn count) */
  position: number;
  inspectors: SheetInspector[];
}

export type ChangeOutcome =
  | { kind: 'replaced'; seq: number; sheet: number; department: string; substitute: string; position: number }
  | { kind: 'none-left'; seq: number; sheet: number; department: string }
  /** a rejection that took its department off the sheet */
  | { kind: 'removed'; seq: number; sheet: number; department: string }
  /** a rejection that cancelled the sheet; substitute null when no candidate was left */
  | { kind: 'cancelled'; seq: number; sheet: number; department: string; substitute: SubstituteSheet | null; passedOver: PassedCandidate[] }
  | { kind: 'refused'; seq: number; refusal: Refusal };

/** What a change needs from the draw besides its state: built once per draw by changeContext. */
export interface ChangeContext {
  readonly algorithm: DrawAlgorithm;
  readonly seed: string;
  /** departments in code order, with their team sizes */
  readonly departments: readonly { code: string; teamSize: number }[];
  /** draw-core/2: each subject's departments (sorted); null under draw-core/1 (every department) */
  readonly subjectDepartments: { get(key: string): readonly string[] | undefined } | null;
  /** the snapshot's conflicts, by subject key */
  readonly conflictsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** per stratum, its drawn order (extended on demand) and drawn count */
  readonly strata: ReadonlyMap<string, { order: StratumOrder; drawn: number }>;
}

/**
 * The context of a draw's changes: its input (as given to runDraw, algorithm included) and its
 * output. Throws RangeError when the input would be refused (it is the input of a draw that ran).
 */
export function changeContext(input: DrawInput, output: Pick<DrawOutput, 'strata'>): ChangeContext {
  // a snapshot text's input: the strata and each subject's departments read from the text (core/draw/text.ts)
  const fromText = textChangeContext(input);
  if (fromText) {
    const drawn = new Map(output.strata.map((s) => [s.stratum, s.drawn]));
    const strata = new Map<string, { order: StratumOrder; drawn: number }>();
    for (const s of fromText.strata) strata.set(s.stratum, { order: new StratumOrder(input.seed, s.stratum, s), drawn: drawn.get(s.stratum) ?? 0 });
    const conflictsOf = new Map<string, Set<string>>();
    for (const c of fromText.conflicts) addTo(conflictsOf, c.key, c.certificate);
    return {
      algorithm: fromText.algorithm, seed: input.seed, departments: fromText.departments.map((d) => ({ code: d.code, teamSize: d.teamSize })),
      subjectDepartments: fromText.subjectDepartments, conflictsOf, strata,
    };
  }
  const prepared = prepare(input);
  if (prepared.refusals.length) throw new RangeError(`changeContext: the draw's input is refused (${prepared.refusals.map((r) => r.code).join(', ')})`);
  const drawn = new Map(output.strata.map((s) => [s.stratum, s.drawn]));
  const strata = new Map<string, { order: StratumOrder; drawn: number }>();
  for (const s of prepared.strata) strata.set(s.stratum, { order: new StratumOrder(input.seed, s.stratum, s.keys), drawn: drawn.get(s.stratum) ?? 0 });
  const conflictsOf = new Map<string, Set<string>>();
  for (const c of prepared.conflicts) addTo(conflictsOf, c.key, c.certificate);
  return {
    algorithm: prepared.algorithm,
    seed: input.seed,
    departments: prepared.departments.map((d) => ({ code: d.code, teamSize: d.teamSize })),
    subjectDepartments: prepared.subjectDepartments,
    conflictsOf,
    strata,
  };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The state right after the draw: the sheets as drawn, every replacement cursor at 0, every stratum cursor at its drawn count. */
export function initialChangedDraw(output: Pick<DrawOutput, 'sheets' | 'pools' | 'strata'>): ChangedDraw {
  const cursors: Record<string, number> = {};
  for (const p of output.pools) cursors[p.department] = 0;
  const strataCursor: Record<string, number> = {};
  for (const s of output.strata) strataCursor[s.stratum] = s.drawn;
  return { sheets: output.sheets.slice(), pools: output.pools, cursors, strataCursor };
}

function sheetIndex(sheets: readonly ChangedSheet[], number: number): number {
  const guess = number - 1;
  if (guess >= 0 && guess < sheets.length && sheets[guess]!.number === number) return guess;
  return sheets.findIndex((s) => s.number === number);
}

/** Applies one change to the state. Returns the new state (the old one unchanged) and what the change did. */
export function applyChange(state: ChangedDraw, change: SheetChange, context: ChangeContext): { state: ChangedDraw; outcome: ChangeOutcome } {
  const { seq } = change;
  const refuse = (refusal: Refusal) => ({ state, outcome: { kind: 'refused', seq, refusal } as ChangeOutcome });
  const at = sheetIndex(state.sheets, change.sheet);
  if (at < 0) return refuse({ code: 'unknown-sheet', sheet: change.sheet });
  const sheet = state.sheets[at]!;
  if (sheet.cancelledBy !== undefined) return refuse({ code: 'sheet-cancelled', sheet: change.sheet });

  if (change.kind === 'replace') {
    const { kind: _, seq: __, ...request } = change;
    const r = replaceInspector(state, request);
    if (r.kind === 'refused') return refuse(r.refusal);
    const next: ChangedDraw = { ...state, sheets: r.state.sheets, cursors: r.state.cursors };
    return r.kind === 'replaced'
      ? { state: next, outcome: { kind: 'replaced', seq, sheet: change.sheet, department: change.department, substitute: r.substitute, position: r.position } }
      : { state, outcome: { kind: 'none-left', seq, sheet: change.sheet, department: change.department } };
  }

  if (!sheet.inspectors.some((i) => i.department === change.department)) {
    return refuse({ code: 'department-not-on-sheet', sheet: change.sheet, department: change.department });
  }
  const remaining = sheet.inspectors.filter((i) => i.department !== change.department);
  const sheets = state.sheets.slice();
  if (!change.cancels && remaining.length > 0) {
    sheets[at] = { ...sheet, inspectors: remaining };
    return { state: { ...state, sheets }, outcome: { kind: 'removed', seq, sheet: change.sheet, department: change.department } };
  }
  // Cancelled: the team stays as it stood, for the record; a substitute is sought.
  sheets[at] = { ...sheet, cancelledBy: seq };
  const found = findSubstitute(state, sheet, change, context);
  const strataCursor = { ...state.strataCursor, [sheet.stratum]: found.cursor };
  if (!found.substitute) {
    return { state: { ...state, sheets, strataCursor }, outcome: { kind: 'cancelled', seq, sheet: change.sheet, department: change.department, substitute: null, passedOver: found.passedOver } };
  }
  const number = sheets.reduce((max, s) => (s.number > max ? s.number : max), 0) + 1;
  const { key, position, parts } = found.substitute;
  const inspectors: SheetInspector[] = parts.flatMap((p) => p.certificates.map((certificate) => ({ department: p.department, certificate })));
  sheets.push({ number, key, stratum: sheet.stratum, inspectors, substituteFor: sheet.number });
  const cursors = { ...state.cursors };
  for (const p of parts) cursors[p.department] = p.cursor;
  return {
    state: { ...state, sheets, cursors, strataCursor },
    outcome: {
      kind: 'cancelled', seq, sheet: change.sheet, department: change.department,
      substitute: { number, key, stratum: sheet.stratum, position, inspectors }, passedOver: found.passedOver,
    },
  };
}

/** The substitute search of §17: the stratum's drawn order from its cursor, passing over the skipped and those without a full team. */
function findSubstitute(state: ChangedDraw, sheet: ChangedSheet, change: RejectChange, context: ChangeContext) {
  const passedOver: PassedCandidate[] = [];
  const stratum = context.strata.get(sheet.stratum);
  if (!stratum) return { substitute: null, passedOver, cursor: state.strataCursor[sheet.stratum] ?? 0 };
  const skipped = new Set(change.skipped);
  const inactive = new Set(change.excluded.inactive);
  const extra = new Map<string, Set<string>>();
  for (const c of change.excluded.conflicts) addTo(extra, c.key, c.certificate);
  const orders = new Map(state.pools.map((p) => [p.department, p.order]));
  const { order } = stratum;
  for (let position = state.strataCursor[sheet.stratum] ?? stratum.drawn; position < order.size; position++) {
    const key = order.at(position);
    if (skipped.has(key)) {
      passedOver.push({ key, position, why: 'skipped' });
      continue;
    }
    const codes = context.subjectDepartments ? context.subjectDepartments.get(key) ?? [] : context.departments.map((d) => d.code);
    const wanted = context.departments.filter((d) => codes.includes(d.code)).map((d) => ({ ...d, order: orders.get(d.code) ?? [] }));
    const snapshot = context.conflictsOf.get(key);
    const later = extra.get(key);
    const team = formTeam(wanted, state.cursors, (_, c) => inactive.has(c) || snapshot?.has(c) === true || later?.has(c) === true);
    if ('failed' in team) {
      passedOver.push({ key, position, why: 'no-team', department: team.failed });
      continue;
    }
    return { substitute: { key, position, parts: team.parts }, passedOver, cursor: position + 1 };
  }
  return { substitute: null, passedOver, cursor: order.size };
}

/**
 * Replays a draw's changes: from the sheets as drawn, every change in seq order (replacements and
 * rejections together). The input is the draw's (DrawInput, algorithm included), the output what
 * runDraw gave for it.
 */
export function applySheetChanges(
  input: DrawInput,
  output: DrawOutput,
  changes: readonly SheetChange[],
): { state: ChangedDraw; outcomes: ChangeOutcome[] } {
  const context = changeContext(input, output);
  let state = initialChangedDraw(output);
  const outcomes: ChangeOutcome[] = [];
  for (const change of [...changes].sort((a, b) => a.seq - b.seq)) {
    const step = applyChange(state, change, context);
    outcomes.push(step.outcome);
    state = step.state;
  }
  return { state, outcomes };
}
