import type { Db } from './db.js';

/**
 * The rows of a subject's history (检查记录, art. 20): every sheet that bears the subject's key,
 * on any draw (a voided one too: that it was drawn and then voided is part of the record),
 * newest draw first; and, per sheet, the publications that carried one of its results.
 */

export interface SubjectSheetRow {
  drawId: number; drawStatus: 'committed' | 'drawn' | 'voided'; committedAt: string; drawnAt: string | null; voidedAt: string | null;
  planId: number; planNumber: string; planName: string; number: number; sheets: number; team: [string, string][];
}

export function sheetsOfSubject(db: Db, key: string): SubjectSheetRow[] {
  const rows = db.prepare(`
    SELECT d.id AS drawId, d.status AS drawStatus, d.committed_at AS committedAt, d.drawn_at AS drawnAt, d.voided_at AS voidedAt,
      p.id AS planId, p.number AS planNumber, p.name AS planName, s.number,
      (SELECT COUNT(*) FROM sheets x WHERE x.draw_id = s.draw_id) AS sheets, s.team
    FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id
    WHERE s.credit_code = ?
    ORDER BY COALESCE(d.drawn_at, d.committed_at) DESC, d.id DESC`).all(key) as (Omit<SubjectSheetRow, 'team'> & { team: string })[];
  return rows.map((r) => ({ ...r, team: JSON.parse(r.team) as [string, string][] }));
}

export interface SheetPublication { disclosure: number; at: string; file: string; resultId: number; department: string | null }

/** The disclosures that published a result of the sheet (any version of it), oldest first. */
export function publicationsOfSheet(db: Db, drawId: number, number: number): SheetPublication[] {
  return db.prepare(`
    SELECT x.id AS disclosure, x.at, x.file, r.id AS resultId, r.department
    FROM disclosed dd JOIN disclosures x ON x.id = dd.disclosure_id JOIN results r ON r.id = dd.result_id
    WHERE r.draw_id = ? AND r.number = ? ORDER BY x.id, r.id`).all(drawId, number) as SheetPublication[];
}
