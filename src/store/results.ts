import type { Db } from './db.js';
import { statement } from './connection.js';
import type { SheetRef } from './sheets.js';
import type { ResultInput } from '../core/result-input.js';
import type { ItemOutcome } from '../core/findings.js';
import { chinaDate } from '../core/deadlines.js';
import { addVisit } from './visits.js';

/**
 * Inspection results of a sheet, one per department (art. 6); a correction keeps the old one. A
 * result without a department was entered before results were per department: it is the joint
 * result of every department on its sheet, and counts as each one's until that one enters its own.
 */

export interface Result {
  id: number; number: number; department: string | null; inspectedOn: string; findings: string[]; items: Record<string, ItemOutcome>; signed: boolean;
  refusalNote: string; witness: string; note: string; lateReason: string; enteredAt: string; enteredOn: string; enteredBy: string; supersededBy: number | null;
}

const RESULT_COLUMNS = `id, number, department, inspected_on AS inspectedOn, findings, items, signed, refusal_note AS refusalNote, witness, note, late_reason AS lateReason,
  entered_at AS enteredAt, entered_on AS enteredOn, entered_by AS enteredBy, superseded_by AS supersededBy`;
const toResult = (r: any): Result => ({ ...r, findings: JSON.parse(r.findings), items: JSON.parse(r.items), signed: r.signed === 1 });

/** The current results of a draw (every department's, and joint ones), by sheet then department. */
export function currentResults(db: Db, drawId: number): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, ifnull(department, ''), id`).all(drawId) as any[]).map(toResult);
}

/** The same, read one at a time: a report over a large draw keeps only the sheet it is at. */
export function* iterateCurrentResults(db: Db, drawId: number): Generator<Result> {
  for (const r of db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, ifnull(department, ''), id`).iterate(drawId)) yield toResult(r);
}

/** What `draw status` reads of a current result: its sheet, department and dates, not its findings. */
export interface ResultDates { id: number; number: number; department: string | null; inspectedOn: string; enteredOn: string; supersededBy: null }

const DATE_COLUMNS = 'id, number, department, inspected_on AS inspectedOn, entered_on AS enteredOn, superseded_by AS supersededBy';

/** The dates of a draw's current results, in iterateCurrentResults' order. */
export function* iterateResultDates(db: Db, drawId: number): Generator<ResultDates> {
  yield* db.prepare(`SELECT ${DATE_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, ifnull(department, ''), id`)
    .iterate(drawId) as IterableIterator<ResultDates>;
}

/** The days a draw's current results were inspected on (a few hundred at most: one a day). */
export function inspectionDays(db: Db, drawId: number): string[] {
  return db.prepare('SELECT DISTINCT inspected_on FROM results WHERE draw_id = ? AND superseded_by IS NULL').pluck().all(drawId) as string[];
}

/**
 * The current results inspected on the days `rankOf` names, ordered by their day's rank, then in
 * iterateCurrentResults' order: sorted by SQLite (which spills to a temporary file past its cache),
 * not in memory, for a status that lists a million of them worst first.
 */
export function* resultDatesByRank(db: Db, drawId: number, rankOf: Record<string, number>): Generator<ResultDates> {
  yield* db.prepare(`SELECT r.id, r.number, r.department, r.inspected_on AS inspectedOn, r.entered_on AS enteredOn, r.superseded_by AS supersededBy
    FROM results r JOIN json_each(?) day ON day.key = r.inspected_on
    WHERE r.draw_id = ? AND r.superseded_by IS NULL ORDER BY day.value, r.number, ifnull(r.department, ''), r.id`)
    .iterate(JSON.stringify(rankOf), drawId) as IterableIterator<ResultDates>;
}

/** The current results of some sheets of a draw (a paper of a large draw reads them a few hundred sheets at a time). */
export function currentResultsOf(db: Db, drawId: number, numbers: readonly number[]): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL AND number IN (SELECT value FROM json_each(?))
    ORDER BY number, ifnull(department, ''), id`).all(drawId, JSON.stringify(numbers)) as any[]).map(toResult);
}

/** Every result of a sheet, corrected ones too, in the order they were entered. */
export function resultHistory(db: Db, drawId: number, number: number): Result[] {
  return (statement(db, `SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND number = ? ORDER BY id`).all(drawId, number) as any[]).map(toResult);
}

/** Every result of a draw, corrected ones too, by sheet and in the order they were entered, one at a time. */
export function* iterateAllResults(db: Db, drawId: number): Generator<Result> {
  for (const r of db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? ORDER BY number, id`).iterate(drawId)) yield toResult(r);
}

/** A department's result of a sheet as it counts: its own current one, else the sheet's joint one (entered before). */
export function departmentResult<R extends Pick<Result, 'number' | 'department' | 'supersededBy'>>(results: readonly R[], number: number, department: string): R | undefined {
  const current = results.filter((r) => r.number === number && r.supersededBy === null);
  return current.find((r) => r.department === department) ?? current.find((r) => r.department === null);
}

/** Records a result; the department's current one is kept and marked as corrected by the new one. */
function addResult(db: Db, drawId: number, r: Omit<Result, 'id' | 'supersededBy'>): { id: number; corrects: number | null } {
  const old = statement(db, 'SELECT id FROM results WHERE draw_id = ? AND number = ? AND department IS ? AND superseded_by IS NULL').pluck().get(drawId, r.number, r.department) as number | undefined;
  if (old !== undefined) statement(db, 'UPDATE results SET superseded_by = -1 WHERE id = ?').run(old); // leave the unique slot free
  const id = Number(statement(db, `INSERT INTO results (draw_id, number, department, inspected_on, findings, items, signed, refusal_note, witness, note, late_reason,
    entered_at, entered_on, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, r.number, r.department, r.inspectedOn, JSON.stringify(r.findings),
    JSON.stringify(r.items), r.signed ? 1 : 0, r.refusalNote, r.witness, r.note, r.lateReason, r.enteredAt, r.enteredOn, r.enteredBy).lastInsertRowid);
  if (old !== undefined) statement(db, 'UPDATE results SET superseded_by = ? WHERE id = ?').run(id, old);
  return { id, corrects: old ?? null };
}

/** The first day a date about a draw may be (1 January of its plan's year). */
export function firstDayOfDraw(db: Db, drawId: number): string {
  const year = statement(db, 'SELECT p.year FROM plans p JOIN draws d ON d.plan_id = p.id WHERE d.id = ?').pluck().get(drawId) as number | undefined;
  return year === undefined ? '' : `${year}-01-01`;
}

/**
 * Writes a checked result of one department (a second one of the same department corrects the
 * first, which is kept) and, when the entry gives a visit the sheet does not have yet, the visit.
 * Both ways of entering results (`draw result`, `draw import results`) write through here; the
 * caller holds the transaction and logs what was written.
 */
/** The department's own current result of the sheet (not a joint one), if any. */
export function ownCurrentResult(db: Db, sheet: SheetRef, department: string): Result | undefined {
  return resultHistory(db, sheet.drawId, sheet.number).find((x) => x.supersededBy === null && x.department === department);
}

export function enterResult(db: Db, sheet: SheetRef, value: ResultInput, visitGiven: boolean, at: string, operator: string) {
  const previous = resultHistory(db, sheet.drawId, sheet.number).find((x) => x.supersededBy === null && x.department === value.department);
  const visit = visitGiven ? addVisit(db, sheet, value, at, operator) : null;
  const { id, corrects } = addResult(db, sheet.drawId, { number: sheet.number, ...value, enteredAt: at, enteredOn: chinaDate(at), enteredBy: operator });
  return { id, corrects, previous, visit };
}

/**
 * Whether a department has entered its part of a sheet: a current result of that department, or
 * a joint result entered before results were per department (NULL: every department's).
 */
export function departmentHasResult(db: Db, s: SheetRef, department: string): boolean {
  return statement(db, 'SELECT 1 FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL AND (department IS NULL OR department = ?)')
    .get(s.drawId, s.number, department) !== undefined;
}
