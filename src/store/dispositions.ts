import type { Db } from './db.js';

/** Dispositions after a violation (art. 22), each by the department whose result it follows up; a correction keeps the old one. */

export interface Disposition {
  id: number; number: number;
  /** null: made before dispositions were per department */
  department: string | null;
  action: string; decidedOn: string; complete: boolean; note: string; enteredAt: string; enteredBy: string;
}

export function dispositionsOf(db: Db, drawId: number): Disposition[] {
  return (db.prepare(`SELECT id, number, department, action, decided_on AS decidedOn, complete, note, entered_at AS enteredAt, entered_by AS enteredBy
    FROM dispositions WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, id`).all(drawId) as any[]).map((d) => ({ ...d, complete: d.complete === 1 }));
}

/** The same, in sheet order, read one at a time. */
export function* iterateDispositions(db: Db, drawId: number): Generator<Disposition> {
  for (const d of db.prepare(`SELECT id, number, department, action, decided_on AS decidedOn, complete, note, entered_at AS enteredAt, entered_by AS enteredBy
    FROM dispositions WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, id`).iterate(drawId) as IterableIterator<any>) yield { ...d, complete: d.complete === 1 };
}

/** A disposition; the same action of the same department on the same sheet again is a correction of the earlier one (kept). */
export function addDisposition(db: Db, drawId: number, d: Omit<Disposition, 'id'>): { id: number; corrects: number | null } {
  const old = db.prepare('SELECT id FROM dispositions WHERE draw_id = ? AND number = ? AND action = ? AND department IS ? AND superseded_by IS NULL')
    .pluck().get(drawId, d.number, d.action, d.department) as number | undefined;
  const id = Number(db.prepare(`INSERT INTO dispositions (draw_id, number, department, action, decided_on, complete, note, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(drawId, d.number, d.department, d.action, d.decidedOn, d.complete ? 1 : 0, d.note, d.enteredAt, d.enteredBy).lastInsertRowid);
  if (old !== undefined) db.prepare('UPDATE dispositions SET superseded_by = ? WHERE id = ?').run(id, old);
  return { id, corrects: old ?? null };
}
