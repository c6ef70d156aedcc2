import type { Catalog } from './catalog.js';
import type { zhYear } from './zh-year.js';

/** issue 11 — the yearly caps per risk stratum, stale grades, the year's reports (en); merged by index.ts. */
export const enYear = {
  'config.year_cap_listed': 'most draws a year of a subject on the abnormal or serious-violation list, 0 = no cap (art. 24, 28)',
  'config.year_cap_d': 'most draws a year of a subject of credit grade D, 0 = no cap (art. 28)',
  'config.year_cap_a': 'most draws a year of a subject of credit grade A, 0 = as year_cap; may be set lower (art. 24)',
  'config.grade_stale_days': 'at a commitment, warn of credit grades older than this many days (grades are renewed monthly)',
  'run.staleGrades': 'warning: {n} subjects of the draw have a credit grade as of before {before} (older than {days} days) or undated, and this draw still stratifies and caps them by it: {towns}. For example: {examples}. Logged with the commitment; to draw by new grades, import them, void this commitment and draw again.',
  'run.staleTown': '{town} {n}',
  'run.staleExample': '{name} ({key}, grade {grade}, {asOf})',
  'run.staleUndated': 'undated',
  'run.staleNoTown': '(no township)',
  'run.staleSeparator': '; ',
} as const satisfies Catalog<typeof zhYear>;
