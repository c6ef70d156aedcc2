import type { Db } from './db.js';
import { statement } from './connection.js';

/** A drawn sheet by its reference, and its team. */

export interface SheetRef { drawId: number; number: number }

/** `1/17` (draw 1, sheet 17) or `2022-001/17` (the plan's effective draw, sheet 17). */
export interface FoundSheet extends SheetRef {
  key: string;
  /** [department, certificate] as the sheet stands: replacements applied, rejecting departments taken off */
  team: [string, string][];
  drawStatus: string;
  /** the seq of the rejection that cancelled this sheet (its subject could not be inspected), or null */
  cancelledBy: number | null;
  /** for a substitute sheet, the number of the cancelled sheet it stands in for */
  substituteFor: number | null;
}

/** The departments on a sheet as it stands, in the team's order (bytewise by code). */
export function departmentsOnSheet(team: readonly [string, string][]): string[] {
  return [...new Set(team.map(([department]) => department))];
}

export function findSheet(db: Db, ref: string): FoundSheet | undefined {
  const at = ref.lastIndexOf('/');
  if (at <= 0) return undefined;
  const left = ref.slice(0, at).trim();
  const number = Number(ref.slice(at + 1));
  if (!Number.isInteger(number)) return undefined;
  const draw = (/^\d+$/.test(left)
    ? statement(db, 'SELECT id, status FROM draws WHERE id = ?').get(Number(left))
    : statement(db, "SELECT d.id, d.status FROM draws d JOIN plans p ON p.id = d.plan_id WHERE p.number = ? AND d.status <> 'voided'").get(left)) as { id: number; status: string } | undefined;
  if (!draw) return undefined;
  const row = statement(db, 'SELECT credit_code, team, cancelled_by, substitute_for FROM sheets WHERE draw_id = ? AND number = ?').get(draw.id, number) as
    { credit_code: string; team: string; cancelled_by: number | null; substitute_for: number | null } | undefined;
  return row && {
    drawId: draw.id, number, key: row.credit_code, team: JSON.parse(row.team), drawStatus: draw.status, cancelledBy: row.cancelled_by, substituteFor: row.substitute_for,
  };
}

export function setTeam(db: Db, s: SheetRef, team: [string, string][]): void {
  db.prepare('UPDATE sheets SET team = ? WHERE draw_id = ? AND number = ?').run(JSON.stringify(team), s.drawId, s.number);
}
