import type { Db } from './db.js';
import type { SheetRef } from './sheets.js';
import type { ResultInput } from '../core/result-input.js';
import { chinaDate } from '../core/deadlines.js';

/** Inspection results of a sheet; a correction keeps the old one. */

export interface Result {
  id: number; number: number; inspectedOn: string; findings: string[]; items: Record<string, 'normal' | 'abnormal'>; signed: boolean;
  refusalNote: string; witness: string; note: string; enteredAt: string; enteredOn: string; enteredBy: string; supersededBy: number | null;
}

const RESULT_COLUMNS = `id, number, inspected_on AS inspectedOn, findings, items, signed, refusal_note AS refusalNote, witness, note,
  entered_at AS enteredAt, entered_on AS enteredOn, entered_by AS enteredBy, superseded_by AS supersededBy`;
const toResult = (r: any): Result => ({ ...r, findings: JSON.parse(r.findings), items: JSON.parse(r.items), signed: r.signed === 1 });

export function currentResults(db: Db, drawId: number): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number`).all(drawId) as any[]).map(toResult);
}

export function resultHistory(db: Db, drawId: number, number: number): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND number = ? ORDER BY id`).all(drawId, number) as any[]).map(toResult);
}

/** Records a result; an existing one is kept and marked as corrected by the new one. Returns the new id and the one it replaced. */
export function addResult(db: Db, drawId: number, r: Omit<Result, 'id' | 'supersededBy'>): { id: number; corrects: number | null } {
  const old = db.prepare('SELECT id FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').get(drawId, r.number) as { id: number } | undefined;
  if (old) db.prepare('UPDATE results SET superseded_by = -1 WHERE id = ?').run(old.id); // leave the unique slot free
  const id = Number(db.prepare(`INSERT INTO results (draw_id, number, inspected_on, findings, items, signed, refusal_note, witness, note, entered_at, entered_on, entered_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, r.number, r.inspectedOn, JSON.stringify(r.findings), JSON.stringify(r.items), r.signed ? 1 : 0,
    r.refusalNote, r.witness, r.note, r.enteredAt, r.enteredOn, r.enteredBy).lastInsertRowid);
  if (old) db.prepare('UPDATE results SET superseded_by = ? WHERE id = ?').run(id, old.id);
  return { id, corrects: old?.id ?? null };
}

export function hasCurrentResult(db: Db, s: SheetRef): boolean {
  return db.prepare('SELECT 1 FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').get(s.drawId, s.number) !== undefined;
}

/** The first day a date about a draw may be (1 January of its plan's year). */
export function firstDayOfDraw(db: Db, drawId: number): string {
  const year = db.prepare('SELECT p.year FROM plans p JOIN draws d ON d.plan_id = p.id WHERE d.id = ?').pluck().get(drawId) as number | undefined;
  return year === undefined ? '' : `${year}-01-01`;
}

/** The item codes of a draw's plan: what a result of its sheets must cover (the one query for both ways of entering results). */
export function planItemCodes(db: Db, drawId: number): string[] {
  return db.prepare('SELECT pi.item_code FROM plan_items pi JOIN draws d ON d.plan_id = pi.plan_id WHERE d.id = ? ORDER BY pi.item_code').pluck().all(drawId) as string[];
}

/**
 * Writes a checked result (a second one for a sheet corrects the first, which is kept), with the
 * one it corrects. Both ways of entering results (`draw result`, `draw import results`) write
 * through here; the caller holds the transaction and logs what was written.
 */
export function enterResult(db: Db, sheet: SheetRef, value: ResultInput, at: string, operator: string) {
  const previous = resultHistory(db, sheet.drawId, sheet.number).find((x) => x.supersededBy === null);
  const { id, corrects } = addResult(db, sheet.drawId, { number: sheet.number, ...value, enteredAt: at, enteredOn: chinaDate(at), enteredBy: operator });
  return { id, corrects, previous };
}

/**
 * Whether a department has entered its part of a sheet: a current result of that department, or
 * a joint result entered before results were per department (NULL: every department's).
 */
export function departmentHasResult(db: Db, s: SheetRef, department: string): boolean {
  return db.prepare('SELECT 1 FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL AND (department IS NULL OR department = ?)')
    .get(s.drawId, s.number, department) !== undefined;
}
