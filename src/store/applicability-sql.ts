import { splitScopeColumn } from '../core/applicability.js';

/**
 * core/applicability.ts's itemApplies as an SQL condition on a subjects row, for counting over a
 * county's registry in one query (a test holds the two together on the fixture county). Every
 * value is a bound parameter.
 */
export interface ItemScopeColumns { industries: string; subject_classes: string }

// The subject's code as industryUnder reads it: trimmed, upper case; and its digits (a leading
// section letter dropped), for a prefix written in digits only.
const CODE = 'upper(trim(industry_code))';
const DIGITS = `CASE WHEN ${CODE} GLOB '[A-Z]*' THEN substr(${CODE}, 2) ELSE ${CODE} END`;

export function itemAppliesSql(item: ItemScopeColumns): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const classes = splitScopeColumn(item.subject_classes);
  if (classes.length > 0) {
    parts.push(`type_class IN (${classes.map(() => '?').join(', ')})`);
    params.push(...classes);
  }
  const prefixes = splitScopeColumn(item.industries).map((p) => p.toUpperCase());
  if (prefixes.length > 0) {
    // a subject whose industry the registry left blank is not ruled out (see itemApplies)
    const any = prefixes.map((p) => `substr(${/^[A-Z]/.test(p) ? CODE : DIGITS}, 1, ${p.length}) = ?`);
    parts.push(`(${CODE} = '' OR ${any.join(' OR ')})`);
    params.push(...prefixes);
  }
  return { sql: parts.length ? `(${parts.join(' AND ')})` : '1', params };
}

/** Whether any of the items applies: the OR of their conditions ('0' for none). */
export function anyItemAppliesSql(items: readonly ItemScopeColumns[]): { sql: string; params: unknown[] } {
  if (items.length === 0) return { sql: '0', params: [] };
  const each = items.map(itemAppliesSql);
  return { sql: `(${each.map((e) => e.sql).join(' OR ')})`, params: each.flatMap((e) => e.params) };
}
