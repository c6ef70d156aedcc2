import type { Db } from './db.js';

/** Annual plans (年度抽查计划): one per year, holding the year's tasks (the rows of plans). */

export interface AnnualPlanRow {
  id: number; year: number; createdAt: string; createdBy: string; filedAt: string | null; filedBy: string | null;
  /** the figures of the latest filing (app/annual-plan.ts Filing), null before it is filed */
  filing: unknown;
}

export function getAnnualPlan(db: Db, year: number): AnnualPlanRow | undefined {
  const r = db.prepare('SELECT id, year, created_at, created_by, filed_at, filed_by, filing FROM annual_plans WHERE year = ?').get(year) as Record<string, any> | undefined;
  return r && { id: r.id, year: r.year, createdAt: r.created_at, createdBy: r.created_by, filedAt: r.filed_at, filedBy: r.filed_by, filing: r.filing ? JSON.parse(r.filing) : null };
}

/** The year's annual plan, created when it has none yet; `created` says which. */
export function ensureAnnualPlan(db: Db, year: number, at: string, operator: string): { id: number; created: boolean } {
  const found = getAnnualPlan(db, year);
  if (found) return { id: found.id, created: false };
  const id = Number(db.prepare('INSERT INTO annual_plans (year, created_at, created_by) VALUES (?, ?, ?)').run(year, at, operator).lastInsertRowid);
  return { id, created: true };
}

/** Makes a plan row a task of an annual plan. */
export function linkTask(db: Db, planId: number, annualPlanId: number): void {
  db.prepare('UPDATE plans SET annual_plan_id = ? WHERE id = ?').run(annualPlanId, planId);
}

export function markFiled(db: Db, year: number, at: string, operator: string, filing: string): void {
  db.prepare('UPDATE annual_plans SET filed_at = ?, filed_by = ?, filing = ? WHERE year = ?').run(at, operator, filing, year);
}

/** How many subjects a drawn task's draw drew (its sheets, less the substitutes that came in for cancelled ones). */
export function drawnCountOfTask(db: Db, planId: number): number | null {
  const row = db.prepare(`SELECT d.id, (SELECT COUNT(*) FROM sheets s WHERE s.draw_id = d.id AND s.substitute_for IS NULL) AS n
    FROM draws d WHERE d.plan_id = ? AND d.status = 'drawn'`).get(planId) as { id: number; n: number } | undefined;
  return row ? row.n : null;
}
