import type { Db } from './db.js';

/** Departments' confirmations of a draw (art. 17). */

export interface Confirmation { department: string; confirmedAt: string; dueOn: string; late: boolean; note: string; operator: string }

export function confirmationsOf(db: Db, drawId: number): Confirmation[] {
  return (db.prepare('SELECT department, confirmed_at AS confirmedAt, due_on AS dueOn, late, note, operator FROM confirmations WHERE draw_id = ? ORDER BY department').all(drawId) as any[])
    .map((c) => ({ ...c, late: c.late === 1 }));
}

export function addConfirmation(db: Db, drawId: number, c: Confirmation): void {
  db.prepare('INSERT INTO confirmations (draw_id, department, confirmed_at, due_on, late, note, operator) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(drawId, c.department, c.confirmedAt, c.dueOn, c.late ? 1 : 0, c.note, c.operator);
}
