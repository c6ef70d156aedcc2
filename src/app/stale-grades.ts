import type { Db } from '../store/db.js';
import { staleGradeRows, type PlanRow } from '../store/plans.js';
import { setting } from '../store/settings.js';
import { getSubject } from '../store/queries.js';
import { subjectKeys } from '../core/snapshot.js';
import { staleAmong, staleBefore, type StaleGrades } from '../core/stale-grades.js';

/** The stale grades of a commitment: what is logged with it, and the examples' names for the clerk (kept out of the log). */
export interface StaleWarning { record: StaleGrades; names: Record<string, string> }

/**
 * The credit grades of a draw's population older than the office's `grade_stale_days` on the day
 * of the commitment (issue 11): `subjectsText` the draw's subjects snapshot. Null when every grade is fresh.
 */
export function staleGradesOf(db: Db, plan: Pick<PlanRow, 'scope'>, subjectsText: string, on: string): StaleWarning | null {
  const days = setting(db, 'grade_stale_days');
  const before = staleBefore(on, days);
  const record = staleAmong(staleGradeRows(db, plan.scope, before), subjectKeys(subjectsText), days, before);
  if (!record) return null;
  const names = Object.fromEntries(record.examples.map((e) => [e.key, String((getSubject(db, e.key) as { name?: string } | undefined)?.name ?? '')]));
  return { record, names };
}
