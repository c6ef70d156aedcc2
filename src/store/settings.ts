import type { Db } from './db.js';
import { getSetting, setSetting } from './db.js';
import { COUNTY_RULES, type DeadlineRules } from '../core/deadlines.js';

/** Office settings with the county's figures as defaults (RULES.md: deadlines and the yearly cap are local). */
export const SETTINGS: Record<string, { default: number; min: number; max: number }> = {
  year_cap: { default: 2, min: 1, max: 12 },
  confirm_days: { default: COUNTY_RULES.confirmDays, min: 1, max: 60 },
  entry_days: { default: COUNTY_RULES.entryDays, min: 1, max: 60 },
  publish_days: { default: COUNTY_RULES.publishDays, min: 1, max: 60 },
};

export function setting(db: Db, key: keyof typeof SETTINGS & string): number {
  const v = getSetting(db, key);
  return v === undefined ? SETTINGS[key].default : Number(v);
}

export function putSetting(db: Db, key: string, value: number): void {
  setSetting(db, key, String(value));
}

export function deadlineRules(db: Db): DeadlineRules {
  return { confirmDays: setting(db, 'confirm_days'), entryDays: setting(db, 'entry_days'), publishDays: setting(db, 'publish_days') };
}
