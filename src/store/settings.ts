import type { Db } from './db.js';
import { DrawError, EXIT } from '../errors.js';
import { COUNTY_RULES, type DeadlineRules } from '../core/deadlines.js';
import { yearCapsOf, type YearCaps } from '../core/year-caps.js';

/** Office settings with the county's figures as defaults (RULES.md: deadlines and the yearly cap are local). */
export const SETTINGS = {
  year_cap: { default: 2, min: 1, max: 12 },
  confirm_days: { default: COUNTY_RULES.confirmDays, min: 1, max: 60 },
  entry_days: { default: COUNTY_RULES.entryDays, min: 1, max: 60 },
  publish_days: { default: COUNTY_RULES.publishDays, min: 1, max: 60 },
  // the county's administrative division code (GB/T 2260; 曲阳县 130634): with a plan number it
  // makes the disclosure's task number, unique beyond the county (province codes run 11 to 82)
  division_code: { default: 130634, min: 110000, max: 829999 },
  // issue 11 (annual plan): the yearly floor of art. 17 in ppm (3%), checked on the year against the
  // registry's active subjects when the annual plan is filed; and the month from which `draw status`
  // warns that the year is ending with the floor unmet (November)
  year_floor_ppm: { default: 30_000, min: 1, max: 1_000_000 },
  floor_warn_month: { default: 11, min: 1, max: 12 },
  // issue 11 (risk caps): the yearly cap per stratum (art. 24, 28, core/year-caps.ts). 0 = no cap for
  // the listed and grade D, who are checked more often; for grade A 0 = year_cap, a lower figure caps A lower
  year_cap_listed: { default: 0, min: 0, max: 12 },
  year_cap_d: { default: 0, min: 0, max: 12 },
  year_cap_a: { default: 0, min: 0, max: 12 },
  // issue 11 (stale grades): a credit grade older than this many days at commitment is warned of (grades are renewed monthly)
  grade_stale_days: { default: 31, min: 1, max: 3660 },
  // issue 13 — the ceremony (H1): 1 lets `draw run TASK --seed …` commit and draw in one step (every
  // paper of such a draw says so); 0, the default, refuses it: commit first, publish, then draw
  one_step_draw: { default: 0, min: 0, max: 1 },
  // issue 13 — the ceremony (H1): minutes that must pass between the commitment and the seed (0: at the
  // same ceremony, once the commitment has been shown); at most a week
  seed_delay_minutes: { default: 0, min: 0, max: 10080 },
} as const satisfies Record<string, { default: number; min: number; max: number }>;

export type SettingKey = keyof typeof SETTINGS;

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** A stored setting; one that is not a whole number in range was put there outside the tool (exit 4, never NaN downstream). */
export function setting(db: Db, key: SettingKey): number {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: unknown } | undefined;
  const spec = SETTINGS[key];
  if (row === undefined) return spec.default;
  const n = typeof row.value === 'string' && /^[0-9]+$/.test(row.value) ? Number(row.value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) throw DrawError.of(EXIT.mismatch, 'db.badSetting', { key, value: String(row.value), min: spec.min, max: spec.max }, 'db.damagedHint');
  return n;
}

export function putSetting(db: Db, key: SettingKey, value: number): void {
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, String(value));
}

/** How many times a year one subject may be drawn (art. 17): the general cap, of grades B, C and the ungraded. */
export const yearCap = (db: Db) => setting(db, 'year_cap');

/** The yearly cap of each risk stratum (art. 24, 28). */
export function yearCaps(db: Db): YearCaps {
  return yearCapsOf({ general: setting(db, 'year_cap'), listed: setting(db, 'year_cap_listed'), gradeD: setting(db, 'year_cap_d'), gradeA: setting(db, 'year_cap_a') });
}

export function deadlineRules(db: Db): DeadlineRules {
  return { confirmDays: setting(db, 'confirm_days'), entryDays: setting(db, 'entry_days'), publishDays: setting(db, 'publish_days') };
}
