/**
 * A department's rejection of one drawn sheet at 比对和确认 (art. 17): the short list of reasons
 * and how a clerk writes one (`SHEET=REASON[:NOTE]`). Pure: no store, no flags.
 */

/** The reasons, in the order the office lists them; the code is what the database keeps. */
export const REJECTION_REASONS = ['not_remit', 'gone', 'checked_this_year', 'not_found', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The reasons as the office writes them (RULES.md art. 17); a clerk may type either these or the codes. */
export const REASON_LABELS: Record<RejectionReason, string> = {
  not_remit: '不属本部门职责',
  gone: '已注销/吊销/迁出',
  checked_this_year: '本年度已检查',
  not_found: '查无此户',
  other: '其他',
};

/**
 * The subject itself cannot be inspected (deregistered, revoked, moved out, not found at its
 * address): no department can, so the sheet is cancelled. The other reasons concern only the
 * department that gives them, which is taken off the sheet.
 */
export const cancelsSheet = (reason: RejectionReason): boolean => reason === 'gone' || reason === 'not_found';

/** `other` says nothing by itself: the clerk must write what the reason is. */
export const needsNote = (reason: RejectionReason): boolean => reason === 'other';

export function isRejectionReason(text: unknown): text is RejectionReason {
  return typeof text === 'string' && (REJECTION_REASONS as readonly string[]).includes(text);
}

/** A reason as typed: its code or its label (full-width or half-width slash), case and spaces aside. */
export function reasonOf(text: string): RejectionReason | null {
  const s = text.trim().replace(/／/g, '/').replace(/\s+/g, '');
  if (isRejectionReason(s.toLowerCase())) return s.toLowerCase() as RejectionReason;
  for (const r of REJECTION_REASONS) if (REASON_LABELS[r] === s) return r;
  return null;
}

export interface RejectionRequest { sheet: number; reason: RejectionReason; note: string }

export type RejectionParse =
  | { ok: true; value: RejectionRequest }
  | { ok: false; problem: 'shape' | 'sheet' | 'reason' | 'note'; part: string };

/**
 * `17=gone`, `17=已注销/吊销/迁出`, `17=其他:本年度由市局检查` (a full-width ＝ or ： as well): the
 * sheet's number in the draw, the reason, and after the first colon a note (required for 其他).
 */
export function parseRejection(text: string): RejectionParse {
  const s = text.trim().replace(/＝/g, '=');
  const eq = s.indexOf('=');
  if (eq < 0) return { ok: false, problem: 'shape', part: s };
  const sheetText = s.slice(0, eq).trim();
  if (!/^[1-9]\d{0,8}$/.test(sheetText)) return { ok: false, problem: 'sheet', part: sheetText };
  const rest = s.slice(eq + 1);
  const colon = rest.search(/[:：]/);
  const reasonText = colon < 0 ? rest : rest.slice(0, colon);
  const note = colon < 0 ? '' : rest.slice(colon + 1).trim();
  const reason = reasonOf(reasonText);
  if (!reason) return { ok: false, problem: 'reason', part: reasonText.trim() };
  if (needsNote(reason) && note === '') return { ok: false, problem: 'note', part: s };
  return { ok: true, value: { sheet: Number(sheetText), reason, note } };
}
