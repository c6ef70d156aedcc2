/**
 * The deadlines of art. 17 and 20 and 企业信息公示暂行条例 art. 6, in working days. The county's
 * figures are the defaults; an office sets its own (`draw config`), and every report names them.
 */
export interface DeadlineRules { confirmDays: number; entryDays: number; publishDays: number }
export const COUNTY_RULES: DeadlineRules = { confirmDays: 1, entryDays: 5, publishDays: 20 };

/** China keeps one time zone without daylight saving: a moment's date there is UTC+8's date. */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
