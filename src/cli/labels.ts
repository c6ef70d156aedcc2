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
