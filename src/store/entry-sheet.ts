import type { Db } from './db.js';
import { statement } from './connection.js';
import { departmentsOnSheet, type FoundSheet } from './sheets.js';
import { currentVisit } from './visits.js';
import type { SheetForEntry } from '../core/result-input.js';
import { itemsForSubject } from '../core/item-scope.js';
import { subjectTraitsFor } from './draws.js';
import { chinaDate } from '../core/deadlines.js';

/**
 * A sheet as an entry on it is checked (core/result-input.ts): its departments, each one's plan
 * items that apply to the subject, who confirmed it, the draw's day, the plan's window, its visit.
 * Both ways of entering results (`draw result`, `draw import results`) read it here.
 */
export function sheetForEntry(db: Db, sheet: FoundSheet): SheetForEntry {
  const departments = departmentsOnSheet(sheet.team);
  const draw = statement(db, 'SELECT d.drawn_at, p.id AS plan, p.window_start, p.window_end FROM draws d JOIN plans p ON p.id = d.plan_id WHERE d.id = ?').get(sheet.drawId) as
    { drawn_at: string | null; plan: number; window_start: string; window_end: string };
  const rows = statement(db, `SELECT pi.item_code AS code, pi.department, i.industries, i.subject_classes FROM plan_items pi
    JOIN items i ON i.code = pi.item_code AND i.version = pi.item_version WHERE pi.plan_id = ? ORDER BY pi.item_code`).all(draw.plan) as
    { code: string; department: string; industries: string; subject_classes: string }[];
  // the rule the printed sheet lists its items by (core/item-scope.ts), so that the paper and the entry agree
  const applying = itemsForSubject(rows, subjectTraitsFor(db, [sheet.key]).get(sheet.key));
  const items: Record<string, string[]> = Object.fromEntries(departments.map((d) => [d, [] as string[]]));
  for (const r of applying) items[r.department]?.push(r.code);
  return {
    departments, items, confirmed: confirmedDepartments(db, sheet),
    drawnOn: draw.drawn_at ? chinaDate(draw.drawn_at) : '', windowStart: draw.window_start, windowEnd: draw.window_end,
    visit: currentVisit(db, sheet), cancelled: sheet.cancelledBy !== null,
  };
}

/**
 * The departments that confirmed a sheet: its rows of `sheet_confirmations` (a confirmation made
 * before per-sheet confirmation was filled in for every sheet of its draw by migration 6). A
 * substitute that came in after a department confirmed the draw is not confirmed by it until its
 * next `draw confirm`.
 */
export function confirmedDepartments(db: Db, sheet: { drawId: number; number: number }): string[] {
  return statement(db, 'SELECT department FROM sheet_confirmations WHERE draw_id = ? AND number = ? ORDER BY department').pluck().all(sheet.drawId, sheet.number) as string[];
}

