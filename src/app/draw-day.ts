import { DrawError, EXIT, type ExitCode } from '../errors.js';
import { firstDayOfDraw } from '../store/results.js';
import type { Db } from '../store/db.js';
import { chinaDate } from '../core/deadlines.js';

/**
 * A day a clerk gives about a drawn sheet (a disposition's decision, a replacement's filing): not
 * after today, and not before the plan's year began. Refused naming the flag: exit 2 by default;
 * a disposition passes EXIT.refused, as a result's dates are refused (art. 30, exit 5).
 */
export function checkDrawDay(db: Db, drawId: number, flag: string, day: string, now: Date, exitCode: ExitCode = EXIT.usage): void {
  const today = chinaDate(now.toISOString());
  if (day > today) throw DrawError.of(exitCode, 'flag.future', { flag, value: day, today });
  const first = firstDayOfDraw(db, drawId);
  if (day < first) throw DrawError.of(exitCode, 'flag.beforePlanYear', { flag, value: day, year: first.slice(0, 4) });
}
