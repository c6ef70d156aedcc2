import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';

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
  const seq = ((db.prepare('SELECT MAX(seq) AS s FROM replacements WHERE draw_id = ?').get(drawId) as { s: number | null }).s ?? 0) + 1;
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
