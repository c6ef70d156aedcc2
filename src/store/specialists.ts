import type { Db } from './db.js';

/** Specialists who assist on a sheet (art. 9). */

export interface Specialist { number: number; department: string; name: string; certificate: string; at: string; operator: string }

export function specialistsOf(db: Db, drawId: number): Specialist[] {
  return db.prepare('SELECT number, department, name, certificate, at, operator FROM specialists WHERE draw_id = ? ORDER BY number, id').all(drawId) as Specialist[];
}

export function addSpecialist(db: Db, drawId: number, s: Specialist): void {
  db.prepare('INSERT INTO specialists (draw_id, number, department, name, certificate, at, operator) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(drawId, s.number, s.department, s.name, s.certificate, s.at, s.operator);
}
