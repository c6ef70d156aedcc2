/**
 * Where an inspection item applies (issue 10): the industries (GB/T 4754 code prefixes) and the
 * subject classes it names. An item that names none applies to every subject; a subject gets the
 * items that apply to it, and a department is on its sheet only when one of its items does.
 * Pure: the store hands in the items and the subject.
 */

import { compareUtf8 } from './draw/order.js';

export const SUBJECT_CLASSES = ['enterprise', 'individual', 'cooperative', 'other'] as const;
export type SubjectClass = (typeof SUBJECT_CLASSES)[number];

export interface ItemScope {
  /** GB/T 4754 prefixes, as written: a section letter (`H`), letter and digits (`H62`), or digits (`62`, `6210`) */
  industries: readonly string[];
  classes: readonly string[];
}

export interface SubjectTraits {
  /** as imported: `H6210`, `6210` or '' when the registry did not say */
  industryCode: string;
  typeClass: string;
}

/**
 * Whether an industry code lies under a prefix. A prefix with its section letter is compared with
 * the whole code; a digits-only prefix with the code's digits (the section letter is implied by
 * the digits in GB/T 4754, and exports write codes both ways).
 */
export function industryUnder(code: string, prefix: string): boolean {
  const c = code.trim().toUpperCase();
  const p = prefix.trim().toUpperCase();
  if (p === '') return true;
  if (/^[A-Z]/.test(p)) return /^[A-Z]/.test(c) && c.startsWith(p);
  return c.replace(/^[A-Z]/, '').startsWith(p);
}

/**
 * Whether an item applies to a subject. A subject whose industry the registry left blank is not
 * ruled out by an industry restriction: it stays on the sheet, and the department may reject it
 * at confirmation (不属本部门职责), rather than being left uninspected without anyone deciding so.
 */
export function itemApplies(item: ItemScope, subject: SubjectTraits): boolean {
  if (item.classes.length > 0 && !item.classes.includes(subject.typeClass)) return false;
  if (item.industries.length > 0 && subject.industryCode.trim() !== '') {
    return item.industries.some((p) => industryUnder(subject.industryCode, p));
  }
  return true;
}

/** The departments (sorted by code, bytewise) one of whose items applies to the subject. */
export function departmentsFor(items: readonly (ItemScope & { department: string })[], subject: SubjectTraits): string[] {
  const out = new Set<string>();
  for (const item of items) if (!out.has(item.department) && itemApplies(item, subject)) out.add(item.department);
  return [...out].sort(compareUtf8);
}

/** An item's `industries` or `subject_classes` column: ';'-separated, '' for none. */
export function splitScopeColumn(text: string): string[] {
  return text.split(';').map((s) => s.trim()).filter(Boolean);
}
