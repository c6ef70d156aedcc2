import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';
import { nextChangeSeq } from './rejections.js';

/** Replacements of drawn inspectors (art. 16), in the order they were made. */

export interface Replacement {
  seq: number; number: number; department: string; replaced: string; substitute: string; reason: string; approvedBy: string;
  filedOn: string; at: string; operator: string; conflicts: string[]; inactive: string[];
}

/** Replacements in the order they were made, with what was excluded at the time (for the replay). */
export function replacementsOf(db: Db, drawId: number): Replacement[] {
  return (db.prepare(`SELECT seq, number, department, replaced, substitute, reason, approved_by AS approvedBy, filed_on AS filedOn, at, operator, excluded
    FROM replacements WHERE draw_id = ? ORDER BY seq`).all(drawId) as any[])
    .map(({ excluded, ...r }) => ({ ...r, conflicts: [], inactive: [], ...parseJsonOr<object>(excluded, {}) }));
}

export function addReplacement(db: Db, drawId: number, r: Omit<Replacement, 'seq'>): number {
  const seq = nextChangeSeq(db, drawId); // shared with rejections: one order of changes
  db.prepare(`INSERT INTO replacements (draw_id, seq, number, department, replaced, substitute, reason, approved_by, filed_on, at, operator, excluded)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, seq, r.number, r.department, r.replaced, r.substitute, r.reason, r.approvedBy,
    r.filedOn, r.at, r.operator, JSON.stringify({ conflicts: r.conflicts, inactive: r.inactive }));
  return seq;
}

/** Who may not be a substitute on a subject's sheet today: declared conflicts, and who is no longer active. */
export function replacementExclusions(db: Db, key: string, department: string): { conflicted: string[]; active: Set<string> } {
  return {
    conflicted: db.prepare('SELECT certificate FROM conflicts WHERE credit_code = ? AND active = 1').pluck().all(key) as string[],
    active: new Set(db.prepare('SELECT certificate FROM inspectors WHERE department = ? AND active = 1').pluck().all(department) as string[]),
  };
}

/** A replacement as the county office files it (更换执法人员备案表): with its draw, plan, subject and the names. */
export interface FiledReplacement {
  draw: number; drawStatus: string; plan: string; planName: string; seq: number; number: number; key: string; subjectName: string;
  department: string; departmentName: string; replaced: string; replacedName: string; substitute: string; substituteName: string;
  reason: string; approvedBy: string; filedOn: string; at: string; operator: string;
}

/**
 * The replacements of one draw, or of every draw of a year's plans (voided draws included: the
 * filing happened), in draw and seq order, with the names the registries give today.
 */
export function filedReplacements(db: Db, of: { draw: number } | { year: number }): FiledReplacement[] {
  const where = 'draw' in of ? 'r.draw_id = ?' : 'p.year = ?';
  return db.prepare(`SELECT r.draw_id AS draw, d.status AS drawStatus, p.number AS plan, p.name AS planName, r.seq, r.number, s.credit_code AS key,
      COALESCE(sub.name, '') AS subjectName, r.department, COALESCE(dep.name, r.department) AS departmentName,
      r.replaced, COALESCE(a.name, '') AS replacedName, r.substitute, COALESCE(b.name, '') AS substituteName,
      r.reason, r.approved_by AS approvedBy, r.filed_on AS filedOn, r.at, r.operator
    FROM replacements r JOIN draws d ON d.id = r.draw_id JOIN plans p ON p.id = d.plan_id
      JOIN sheets s ON s.draw_id = r.draw_id AND s.number = r.number
      LEFT JOIN subjects sub ON sub.credit_code = s.credit_code LEFT JOIN departments dep ON dep.code = r.department
      LEFT JOIN inspectors a ON a.certificate = r.replaced LEFT JOIN inspectors b ON b.certificate = r.substitute
    WHERE ${where} ORDER BY r.draw_id, r.seq`).all('draw' in of ? of.draw : of.year) as FiledReplacement[];
}
