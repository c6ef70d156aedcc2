import type { Translate } from '../i18n/index.js';

/** How stored codes read to a person: status, type class, item class, yes/no. */
export const label = (t: Translate, group: string, value: unknown): string =>
  value === null || value === undefined || value === '' ? '' : t(`${group}.${String(value)}`);

export const yesNo = (t: Translate, v: unknown) => (v === true || v === 1 ? t('yes') : t('no'));

/** Accepts the stored code or its label in either language (状态 存续 = active). */
export function fromLabel(t: Translate, group: string, values: string[], text: string): string | undefined {
  const v = text.trim();
  return values.find((code) => code === v || t(`${group}.${code}`) === v);
}

/** Where an item applies, as a person reads it: `H62、F521`, `企业、个体工商户`, or 不限 when it names none. */
export function appliesLabel(t: Translate, field: 'industries' | 'subject_classes', value: unknown): string {
  const parts = String(value ?? '').split(';').filter(Boolean);
  if (parts.length === 0) return t('item.appliesAll');
  return parts.map((p) => (field === 'subject_classes' ? t(`typeClass.${p}`) : p)).join('、');
}
