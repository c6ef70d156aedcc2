import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './connection.js';
import { deriveCoveredYears, WorkCalendar, type CalendarDay } from '../core/calendar.js';

/**
 * The working-day calendar in the database: the shipped State Council notices (data/cn-holidays.csv,
 * 2019–2026) are loaded once, and `draw import calendar` adds a year's notice.
 */
const SHIPPED = fileURLToPath(new URL('../../data/cn-holidays.csv', import.meta.url));

export function ensureShippedCalendar(db: Db): void {
  if ((db.prepare('SELECT COUNT(*) AS n FROM calendar_years').get() as { n: number }).n > 0) return;
  const days = WorkCalendar.parseCsv(readFileSync(SHIPPED, 'utf8'));
  storeCalendar(db, days, deriveCoveredYears(days), 'data/cn-holidays.csv (国务院办公厅 notices 2019–2026, via NateScarlet/holiday-cn)');
}

export function storeCalendar(db: Db, days: readonly CalendarDay[], years: readonly number[], source: string): { days: number; years: number[] } {
  const day = db.prepare('INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?) ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name');
  const year = db.prepare('INSERT INTO calendar_years (year, source) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET source = excluded.source');
  db.transaction(() => {
    for (const d of days) day.run(d.date, d.kind, d.name);
    for (const y of years) year.run(y, source);
  })();
  return { days: days.length, years: [...years] };
}

export function loadCalendar(db: Db): WorkCalendar {
  const days = db.prepare('SELECT date, kind, name FROM calendar_days ORDER BY date').all() as CalendarDay[];
  const years = (db.prepare('SELECT year FROM calendar_years ORDER BY year').all() as { year: number }[]).map((r) => r.year);
  return new WorkCalendar(days, years);
}
