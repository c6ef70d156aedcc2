import type { Db } from './db.js';

/**
 * What departments have recorded on a draw's sheets (art. 31): confirmations, rejections, results
 * and dispositions, every row of them, corrections included. Voiding a draw changes none of them:
 * they stay on record and are read back here, marked voided by the draw they belong to.
 */

export interface DrawRecords {
  /** departments that confirmed the draw (confirmations rows) */
  confirmations: string[];
  /** per-sheet confirmations (sheet_confirmations rows) */
  sheetConfirmations: number;
  /** rejections at confirmation, by seq */
  rejections: number[];
  /** every result row (a correction and the one it corrected both), by id */
  results: number[];
  /** every disposition row, by id */
  dispositions: number[];
  /** the results of this draw some disclosure published, by id */
  published: number[];
}

export function drawRecords(db: Db, drawId: number): DrawRecords {
  const ids = (sql: string) => db.prepare(sql).pluck().all(drawId) as number[];
  return {
    confirmations: db.prepare('SELECT department FROM confirmations WHERE draw_id = ? ORDER BY department').pluck().all(drawId) as string[],
    sheetConfirmations: db.prepare('SELECT COUNT(*) FROM sheet_confirmations WHERE draw_id = ?').pluck().get(drawId) as number,
    rejections: ids('SELECT seq FROM rejections WHERE draw_id = ? ORDER BY seq'),
    results: ids('SELECT id FROM results WHERE draw_id = ? ORDER BY id'),
    dispositions: ids('SELECT id FROM dispositions WHERE draw_id = ? ORDER BY id'),
    published: ids('SELECT DISTINCT r.id FROM results r JOIN disclosed x ON x.result_id = r.id WHERE r.draw_id = ? ORDER BY r.id'),
  };
}

/** Whether anything at all was recorded on the draw's sheets. */
export function hasRecords(r: DrawRecords): boolean {
  return r.confirmations.length + r.sheetConfirmations + r.rejections.length + r.results.length + r.dispositions.length > 0;
}

/** The disclosures that published a result of the draw, by id. */
export function disclosuresOfDraw(db: Db, drawId: number): number[] {
  return db.prepare(`SELECT DISTINCT x.disclosure_id FROM disclosed x JOIN results r ON r.id = x.result_id WHERE r.draw_id = ? ORDER BY x.disclosure_id`)
    .pluck().all(drawId) as number[];
}

/** What a view shows of each record kept on a draw. */
export function recordedOn(db: Db, drawId: number) {
  return {
    confirmations: (db.prepare('SELECT department, confirmed_at AS confirmedAt, due_on AS dueOn, late, operator FROM confirmations WHERE draw_id = ? ORDER BY department')
      .all(drawId) as any[]).map((c) => ({ ...c, late: c.late === 1 })) as { department: string; confirmedAt: string; dueOn: string; late: boolean; operator: string }[],
    results: (db.prepare(`SELECT id, number, department, inspected_on AS inspectedOn, findings, entered_at AS enteredAt, entered_by AS enteredBy, superseded_by AS supersededBy
      FROM results WHERE draw_id = ? ORDER BY number, id`).all(drawId) as any[]).map((r) => ({ ...r, findings: JSON.parse(r.findings) as string[] })) as
      { id: number; number: number; department: string | null; inspectedOn: string; findings: string[]; enteredAt: string; enteredBy: string; supersededBy: number | null }[],
    dispositions: (db.prepare(`SELECT id, number, department, action, decided_on AS decidedOn, complete, entered_by AS enteredBy, superseded_by AS supersededBy
      FROM dispositions WHERE draw_id = ? ORDER BY number, id`).all(drawId) as any[]).map((d) => ({ ...d, complete: d.complete === 1 })) as
      { id: number; number: number; department: string | null; action: string; decidedOn: string; complete: boolean; enteredBy: string; supersededBy: number | null }[],
  };
}

/** The voided draws of plans of a year, in draw order. */
export function voidedOfYear(db: Db, year: number): { id: number; planId: number; voidedAt: string; voidReason: string; voidApprovedBy: string }[] {
  return db.prepare(`SELECT id, plan_id AS planId, voided_at AS voidedAt, void_reason AS voidReason, void_approved_by AS voidApprovedBy FROM draws
    WHERE status = 'voided' AND plan_id IN (SELECT id FROM plans WHERE year = ?) ORDER BY id`).all(year) as any[];
}
