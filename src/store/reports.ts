import type { Db } from './db.js';
import type { YearCaps } from '../core/year-caps.js';
import type { ShareBy, TaskOfYear } from '../core/reports.js';

export type { ShareBy, TaskOfYear } from '../core/reports.js';

/** What the year's reports (issue 11: `draw report performance`, `draw report coverage`) read beyond the draws' own records. */

/** Every task of a year in number order, with its departments, its items and its draw's state. */
export function tasksOfYear(db: Db, year: number): TaskOfYear[] {
  const rows = db.prepare(`SELECT p.id, p.number, p.name, p.initiator,
      (SELECT group_concat(department, ',') FROM (SELECT department FROM plan_departments WHERE plan_id = p.id ORDER BY department)) AS departments,
      (SELECT group_concat(item_code, ',') FROM (SELECT item_code FROM plan_items WHERE plan_id = p.id ORDER BY item_code)) AS items,
      d.id AS draw, d.status AS status
    FROM plans p LEFT JOIN draws d ON d.plan_id = p.id AND d.status <> 'voided' WHERE p.year = ? ORDER BY p.number`).all(year) as
    { id: number; number: string; name: string; initiator: string; departments: string | null; items: string | null; draw: number | null; status: 'committed' | 'drawn' | null }[];
  return rows.map((r) => ({
    id: r.id, number: r.number, name: r.name, initiator: r.initiator, departments: r.departments ? r.departments.split(',') : [],
    items: r.items ? r.items.split(',') : [], state: r.status ?? 'planned', draw: r.draw,
  }));
}

export function departmentNames(db: Db): Map<string, string> {
  return new Map((db.prepare('SELECT code, name FROM departments ORDER BY code').all() as { code: string; name: string }[]).map((d) => [d.code, d.name]));
}

export interface ListItem { code: string; department: string; project: string; subitem: string; basis: string; random: boolean; active: boolean }

/** The item list as it stands (each item's current version), by department then code. */
export function currentItems(db: Db): ListItem[] {
  return (db.prepare('SELECT code, department, project, subitem, basis, random, active FROM items WHERE current = 1 ORDER BY department, code').all() as any[])
    .map((i) => ({ ...i, random: i.random === 1, active: i.active === 1 }));
}

const GROUP: Record<ShareBy, string> = { township: 'township', class: 'type_class', grade: "COALESCE(credit_grade, 'ungraded')" };

/**
 * Per township, class or credit grade (as the registry has them now): the active subjects of the
 * registry, and the distinct subjects the year's effective draws drew (their sheets, a cancelled
 * one's too, as `draw status` counts the year against the floor). Summed over the groups, the
 * drawn are the year's distinct subjects drawn and the registry its active subjects.
 */
export function drawnShares(db: Db, year: number, by: ShareBy): { group: string; registry: number; drawn: number }[] {
  return db.prepare(`WITH drawn(code) AS (SELECT DISTINCT s.credit_code FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id
      WHERE d.status = 'drawn' AND p.year = ?)
    SELECT ${GROUP[by]} AS "group", SUM(status = 'active' AND in_registry = 1) AS registry, SUM(credit_code IN (SELECT code FROM drawn)) AS drawn
    FROM subjects GROUP BY 1 HAVING registry > 0 OR drawn > 0 ORDER BY 1`).all(year) as { group: string; registry: number; drawn: number }[];
}

/**
 * The subjects the year's effective draws have drawn as often as the cap of their stratum allows
 * (the rule of store/plans.ts cappedClause and core/year-caps.ts capStratumOf): no longer eligible this year.
 */
export function atCapOfYear(db: Db, year: number, caps: YearCaps): string[] {
  return db.prepare(`SELECT s.credit_code FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id JOIN subjects x ON x.credit_code = s.credit_code
    WHERE d.status = 'drawn' AND p.year = ? GROUP BY s.credit_code
    HAVING COUNT(*) >= CASE WHEN x.abnormal = 1 OR x.serious_violation = 1 THEN ? WHEN x.credit_grade = 'D' THEN ? WHEN x.credit_grade = 'A' THEN ? ELSE ? END
    ORDER BY s.credit_code`).pluck().all(year, caps.listed, caps.gradeD, caps.gradeA, caps.others) as string[];
}
