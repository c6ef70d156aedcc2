import type { Db } from './db.js';

/** A drawn sheet by its reference, and its team. */

export interface SheetRef { drawId: number; number: number }

/** `1/17` (draw 1, sheet 17) or `2022-001/17` (the plan's effective draw, sheet 17). */
export function findSheet(db: Db, ref: string): (SheetRef & { key: string; team: [string, string][]; drawStatus: string }) | undefined {
  const at = ref.lastIndexOf('/');
  if (at <= 0) return undefined;
  const left = ref.slice(0, at).trim();
  const number = Number(ref.slice(at + 1));
  if (!Number.isInteger(number)) return undefined;
  const draw = (/^\d+$/.test(left)
    ? db.prepare('SELECT id, status FROM draws WHERE id = ?').get(Number(left))
    : db.prepare("SELECT d.id, d.status FROM draws d JOIN plans p ON p.id = d.plan_id WHERE p.number = ? AND d.status <> 'voided'").get(left)) as { id: number; status: string } | undefined;
  if (!draw) return undefined;
  const row = db.prepare('SELECT credit_code, team FROM sheets WHERE draw_id = ? AND number = ?').get(draw.id, number) as { credit_code: string; team: string } | undefined;
  return row && { drawId: draw.id, number, key: row.credit_code, team: JSON.parse(row.team), drawStatus: draw.status };
}

export function setTeam(db: Db, s: SheetRef, team: [string, string][]): void {
  db.prepare('UPDATE sheets SET team = ? WHERE draw_id = ? AND number = ?').run(JSON.stringify(team), s.drawId, s.number);
}
