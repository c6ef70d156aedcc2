import { compareUtf8 } from './draw/order.js';

/**
 * Credit grades too old to drive a draw (art. 24, 28): grades are renewed monthly, so a grade as
 * of more than the office's `grade_stale_days` before the commitment, or one with no date, is
 * counted and named when a task's draw is committed, and the count is logged with the
 * commitment. Pure.
 */

/** What the commitment logs (draw.commit `staleGrades`) and the clerk is warned of. */
export interface StaleGrades {
  /** the setting in force: older than this many days is stale */
  days: number;
  /** grades as of a day before this one (or undated) are stale */
  before: string;
  count: number;
  /** how many per township, townships in bytewise order */
  byTownship: Record<string, number>;
  /** the first few by credit code */
  examples: { key: string; grade: string; asOf: string | null }[];
}

/** How many examples the warning names and the log keeps. */
export const STALE_EXAMPLES = 5;

/** The first day a grade is fresh on `on` (YYYY-MM-DD) with `days` allowed: `on` less `days` days. */
export function staleBefore(on: string, days: number): string {
  const [y, m, d] = on.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The stale grades among a draw's population: `rows` are the scope's stale or undated grades in
 * bytewise order of key, `population` says whether a key is in the draw's snapshot. Null when there are none.
 */
export function staleAmong(rows: Iterable<{ key: string; township: string; grade: string; asOf: string | null }>, population: { has(key: string): boolean }, days: number, before: string): StaleGrades | null {
  let count = 0;
  const towns = new Map<string, number>();
  const examples: StaleGrades['examples'] = [];
  for (const r of rows) {
    if (!population.has(r.key)) continue;
    count++;
    towns.set(r.township, (towns.get(r.township) ?? 0) + 1);
    if (examples.length < STALE_EXAMPLES) examples.push({ key: r.key, grade: r.grade, asOf: r.asOf });
  }
  if (count === 0) return null;
  const byTownship = Object.fromEntries([...towns].sort(([a], [b]) => compareUtf8(a, b)));
  return { days, before, count, byTownship, examples };
}
