import type { Db } from '../store/db.js';
import { setting } from '../store/settings.js';
import { getSubject } from '../store/queries.js';
import { staleBefore, type StaleGrades } from '../core/stale-grades.js';

/** The stale grades of a commitment: what is logged with it, and the examples' names for the clerk (kept out of the log). */
export interface StaleWarning { record: StaleGrades; names: Record<string, string> }

/** The office's `grade_stale_days` and the first day a grade is fresh on `on` (YYYY-MM-DD), the day of a commitment. */
export function staleRule(db: Db, on: string): { days: number; before: string } {
  const days = setting(db, 'grade_stale_days');
  return { days, before: staleBefore(on, days) };
}

/**
 * The warning for the credit grades of a draw's population older than the office's
 * `grade_stale_days` on the day of the commitment (issue 11), counted as its snapshot was made
 * (core/stale-grades.ts StaleTally): null when every grade is fresh.
 */
export function staleWarning(db: Db, record: StaleGrades | null): StaleWarning | null {
  if (!record) return null;
  const names = Object.fromEntries(record.examples.map((e) => [e.key, String((getSubject(db, e.key) as { name?: string } | undefined)?.name ?? '')]));
  return { record, names };
}
