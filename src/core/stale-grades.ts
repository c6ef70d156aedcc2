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
 * The stale grades of a population counted as its snapshot is made, a chunk at a time (in key
 * order): how many, their townships, and the first few of them.
 */
export class StaleTally {
  private count = 0;
  private readonly towns = new Map<string, number>();
  private readonly examples: StaleGrades['examples'] = [];

  /** `townships`: the township of each of the `count`, LF-joined (a township may be ''), in one string, not a string each. */
  add(count: number, townships: string, examples: Iterable<{ key: string; grade: string; asOf: string | null }>): void {
    if (count === 0) return;
    this.count += count;
    // a few dozen townships among a million: each counted where it lies (found by its first character and
    // length, then compared), a new string only for a township not met yet
    const names: string[] = [];
    const counts: number[] = [];
    const byHead = new Map<number, number[]>();
    const headOf = (text: string, at: number, length: number) => (length === 0 ? -1 : text.charCodeAt(at) * 1024 + Math.min(length, 1023));
    for (let i = 0, n = 0; n < count; n++) {
      let end = townships.indexOf('\n', i);
      if (end < 0) end = townships.length;
      const length = end - i;
      const head = headOf(townships, i, length);
      const candidates = byHead.get(head);
      let k = -1;
      if (candidates) for (const c of candidates) if (names[c]!.length === length && townships.startsWith(names[c]!, i)) { k = c; break; }
      if (k < 0) {
        k = names.length;
        names.push(townships.slice(i, end));
        counts.push(0);
        byHead.set(head, [...(candidates ?? []), k]);
      }
      counts[k]!++;
      i = end + 1;
    }
    names.forEach((t, k) => this.towns.set(t, (this.towns.get(t) ?? 0) + counts[k]!));
    for (const e of examples) if (this.examples.length < STALE_EXAMPLES) this.examples.push({ key: e.key, grade: e.grade, asOf: e.asOf });
  }

  /** Null when there are none. */
  grades(days: number, before: string): StaleGrades | null {
    if (this.count === 0) return null;
    const byTownship = Object.fromEntries([...this.towns].sort(([a], [b]) => compareUtf8(a, b)));
    return { days, before, count: this.count, byTownship, examples: [...this.examples] };
  }
}
