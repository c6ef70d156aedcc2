/**
 * The yearly cap per risk stratum (art. 17, 24, 28): how many times one subject may be drawn by a
 * year's draws. Subjects on the abnormal or serious-violation list and grade D are checked more
 * often (no cap by default); good credit (grade A) may be checked less; every other subject has
 * the office's general cap. `null` is "no cap". Pure.
 */
export interface YearCaps {
  /** on the abnormal (经营异常名录) or serious-violation list, whatever the grade */
  listed: number | null;
  /** credit grade D (not listed) */
  gradeD: number | null;
  /** credit grade A (not listed) */
  gradeA: number;
  /** grades B and C, and subjects with no grade */
  others: number;
}

/** The stratum of the cap: the list first (the higher risk decides), then the grade. */
export type CapStratum = keyof YearCaps;

export function capStratumOf(s: { abnormal: number | boolean; serious_violation: number | boolean; credit_grade: string | null }): CapStratum {
  if (s.abnormal || s.serious_violation) return 'listed';
  if (s.credit_grade === 'D') return 'gradeD';
  if (s.credit_grade === 'A') return 'gradeA';
  return 'others';
}

/** Whether a subject drawn `times` already this year may be drawn again. */
export function underCap(caps: YearCaps, stratum: CapStratum, times: number): boolean {
  const cap = caps[stratum];
  return cap === null || times < cap;
}

/**
 * The caps from the office's settings, where 0 means "no cap" for the list and grade D, and "the
 * general cap" for grade A (a lower figure caps grade A lower, art. 24). Art. 28 allows good credit
 * fewer checks, never more: a grade-A figure above the general cap (or left above it when year_cap is
 * lowered) is held at the general cap, so an A subject is never drawn more often than a B.
 */
export function yearCapsOf(s: { general: number; listed: number; gradeD: number; gradeA: number }): YearCaps {
  return { listed: s.listed || null, gradeD: s.gradeD || null, gradeA: Math.min(s.gradeA || s.general, s.general), others: s.general };
}
