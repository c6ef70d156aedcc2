import { itemApplies, splitScopeColumn, SUBJECT_CLASSES, type ItemScope, type SubjectClass, type SubjectTraits } from './applicability.js';
import { normaliseIdentifier } from './text.js';

/**
 * Reading where an item applies from the item list's cells (issue 10): 适用行业代码 as GB/T 4754
 * prefixes, 适用主体类别 as the classes of the registry. Pure; records.ts turns a bad part into a
 * rejection naming the field. Both are stored sorted and without repeats, so that writing the same
 * list in another order or with another separator is not a change of the item (no new version).
 */

/** What a clerk puts between the parts of one cell: ; and its full-width form, 、, commas, spaces. */
const SEPARATORS = /[;；、,，\s]+/;

// The divisions (两位大类) under each section letter. GB/T 4754-2017 renumbered the divisions from O
// on by one against the 2011 edition, and registry exports carry either, so a section accepts the
// divisions of both: what is refused is a letter and digits of another section (C62 for H62).
const DIVISIONS: Record<string, [number, number]> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62], I: [63, 65],
  J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [79, 82], P: [82, 83], Q: [83, 85], R: [85, 90],
  S: [90, 96], T: [96, 97],
};

export type ScopeParse<T> = { ok: true; values: T[] } | { ok: false; value: string };

// The word `draw export items` writes for an item that names none, read back as none.
const EVERYWHERE = new Set(['不限', '全部', '所有', 'any', 'all']);
const everywhere = (text: string) => EVERYWHERE.has(text.trim().toLowerCase());

/** `H62;H61`, `H62、F521`, `62`, `C`: each a section letter, a letter with 2–4 digits, or 2–4 digits. */
export function parseIndustries(text: string): ScopeParse<string> {
  const values = new Set<string>();
  if (everywhere(text)) return { ok: true, values: [] };
  for (const part of text.split(SEPARATORS).map(normaliseIdentifier).filter(Boolean)) {
    const m = /^([A-T])?(\d{2,4})?$/.exec(part);
    if (!m || (m[1] === undefined && m[2] === undefined)) return { ok: false, value: part };
    if (m[1] !== undefined && m[2] !== undefined) {
      const [low, high] = DIVISIONS[m[1]];
      const division = Number(m[2].slice(0, 2));
      if (division < low || division > high) return { ok: false, value: part };
    }
    values.add(part);
  }
  return { ok: true, values: [...values].sort() };
}

const CLASS_WORDS: Record<string, SubjectClass> = {
  企业: 'enterprise', 个体工商户: 'individual', 个体: 'individual', 个体户: 'individual',
  农民专业合作社: 'cooperative', 专业合作社: 'cooperative', 合作社: 'cooperative', 其他: 'other', 其它: 'other',
  enterprise: 'enterprise', individual: 'individual', cooperative: 'cooperative', other: 'other',
};

/** `企业;个体工商户` → enterprise, individual, in the registry's order of classes. */
export function parseSubjectClasses(text: string): ScopeParse<SubjectClass> {
  const values = new Set<SubjectClass>();
  if (everywhere(text)) return { ok: true, values: [] };
  for (const part of text.split(SEPARATORS).map((s) => s.trim()).filter(Boolean)) {
    const word = part.toLowerCase();
    const c = Object.hasOwn(CLASS_WORDS, word) ? CLASS_WORDS[word] : undefined;
    if (c === undefined) return { ok: false, value: part };
    values.add(c);
  }
  return { ok: true, values: SUBJECT_CLASSES.filter((c) => values.has(c)) };
}

/** An item version's stored columns as core/applicability reads them. */
export function scopeOf(item: { industries: string; subject_classes: string }): ItemScope {
  return { industries: splitScopeColumn(item.industries), classes: splitScopeColumn(item.subject_classes) };
}

/**
 * The items a department's inspectors take to one subject: those of its plan items that apply to
 * it, as the subject stands in the registry now; every one when the registry no longer holds the
 * subject (nothing to rule one out). The same rule as the items its result is entered for
 * (store/entry-sheet.ts), so that the paper and the entry agree. Should the registry have changed
 * the subject since the draw so that none of a department's items applies, the department keeps
 * its place and team on the sheet with no item: it rejects the sheet at confirmation (不属本部门职责).
 */
export function itemsForSubject<T extends { industries: string; subject_classes: string }>(items: readonly T[], subject: SubjectTraits | undefined): T[] {
  return subject === undefined ? [...items] : items.filter((i) => itemApplies(scopeOf(i), subject));
}
