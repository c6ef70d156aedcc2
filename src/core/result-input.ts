import { parseDate } from './dates.js';
import { codeOf, FINDINGS, ITEM_OUTCOMES, splitList } from './findings.js';

/**
 * A sheet's result as a clerk gives it (flags or one row of a results file), checked against
 * the plan's items. Pure: returns the result or the first problem, naming the field.
 */
export interface ResultInput {
  inspectedOn: string; findings: string[]; items: Record<string, 'normal' | 'abnormal'>; signed: boolean;
  refusalNote: string; witness: string; note: string;
}
export type ResultProblem = { field: string; reason: string; params?: Record<string, unknown> };

export function checkResult(raw: {
  date?: string; findings?: string; items?: string; signed?: string | boolean; refusalNote?: string; witness?: string; note?: string;
}, planItems: string[], today: string, earliest = ''): { ok: true; value: ResultInput } | { ok: false; problem: ResultProblem } {
  const fail = (field: string, reason: string, params?: Record<string, unknown>) => ({ ok: false as const, problem: { field, reason, params } });
  const date = parseDate(raw.date ?? '');
  if (date === null) return fail('date', 'result.badDate', { value: (raw.date ?? '').trim() });
  if (date > today) return fail('date', 'result.future', { value: date, today });
  // an inspection of a plan is made in the plan's year or later, never years before it
  if (date < earliest) return fail('date', 'result.beforePlanYear', { value: date, year: earliest.slice(0, 4) });
  const findings: string[] = [];
  for (const f of splitList(raw.findings ?? '')) {
    const code = codeOf(FINDINGS, f);
    if (!code) return fail('findings', 'result.badFinding', { value: f, accepted: FINDINGS.map((x) => x.label).join('、') });
    if (!findings.includes(code)) findings.push(code);
  }
  if (findings.length === 0) return fail('findings', 'reject.required');
  const items: Record<string, 'normal' | 'abnormal'> = {};
  const itemText = (raw.items ?? '').trim();
  const all = codeOf(ITEM_OUTCOMES, itemText);
  if (all) for (const code of planItems) items[code] = all as 'normal' | 'abnormal';
  else {
    for (const part of splitList(itemText)) {
      const m = /^([^=:：]+)[=:：](.+)$/.exec(part);
      const outcome = m ? codeOf(ITEM_OUTCOMES, m[2]) : undefined;
      if (!m || !outcome) return fail('items', 'result.badItem', { value: part });
      const code = m[1].trim().toUpperCase();
      if (!planItems.includes(code)) return fail('items', 'result.itemNotInPlan', { value: code, items: planItems.join('、') });
      items[code] = outcome as 'normal' | 'abnormal';
    }
    const missing = planItems.filter((c) => !(c in items));
    if (missing.length) return fail('items', 'result.itemsMissing', { missing: missing.join('、') });
  }
  const signedText = typeof raw.signed === 'boolean' ? (raw.signed ? '是' : '拒签') : (raw.signed ?? '').trim();
  let signed: boolean;
  if (['是', '已签字', '签字', 'yes', 'y', '1', 'true', 'signed'].includes(signedText.toLowerCase())) signed = true;
  else if (['否', '拒签', '拒绝签字', 'no', 'n', '0', 'false', 'refused'].includes(signedText.toLowerCase())) signed = false;
  else return fail('signed', 'result.badSigned', { value: signedText });
  const refusalNote = (raw.refusalNote ?? '').trim();
  const witness = (raw.witness ?? '').trim();
  if (!signed && (!refusalNote || !witness)) return fail(refusalNote ? 'witness' : 'refusalNote', 'result.refusalNeedsNote');
  return { ok: true, value: { inspectedOn: date, findings, items, signed, refusalNote, witness, note: (raw.note ?? '').trim() } };
}
