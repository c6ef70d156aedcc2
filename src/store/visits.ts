import type { Db } from './db.js';
import { statement } from './connection.js';
import type { SheetRef } from './sheets.js';
import type { Visit } from '../core/result-input.js';

/**
 * The visit of a sheet (art. 18): signed, or the refusal with its note and witness, recorded once
 * per sheet by the first department to enter; a correction adds a row and keeps the old one.
 */

/** The visit in effect: the current `visits` row, or, for a sheet entered before visits had their own table, its latest joint result's. */
export function currentVisit(db: Db, s: SheetRef): Visit | null {
  const row = (statement(db, 'SELECT signed, refusal_note, witness FROM visits WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').get(s.drawId, s.number)
    ?? statement(db, 'SELECT signed, refusal_note, witness FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1').get(s.drawId, s.number)) as
    { signed: number; refusal_note: string; witness: string } | undefined;
  return row ? { signed: row.signed === 1, refusalNote: row.refusal_note, witness: row.witness } : null;
}

/** Records a visit; the one in effect before is kept, marked as corrected by it. */
export function addVisit(db: Db, s: SheetRef, v: Visit, at: string, operator: string): { id: number; corrects: number | null } {
  const old = statement(db, 'SELECT id FROM visits WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').pluck().get(s.drawId, s.number) as number | undefined;
  if (old !== undefined) statement(db, 'UPDATE visits SET superseded_by = -1 WHERE id = ?').run(old); // leave the unique slot free
  const id = Number(statement(db, 'INSERT INTO visits (draw_id, number, signed, refusal_note, witness, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(s.drawId, s.number, v.signed ? 1 : 0, v.refusalNote, v.witness, at, operator).lastInsertRowid);
  if (old !== undefined) statement(db, 'UPDATE visits SET superseded_by = ? WHERE id = ?').run(id, old);
  return { id, corrects: old ?? null };
}
