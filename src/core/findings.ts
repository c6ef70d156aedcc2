/**
 * Result categories and follow-up actions as the credit publicity system shows them
 * (RULES.md, "Result categories"): stored by code, shown by label, and read back from any of
 * the label variants systems use.
 */
export interface Labelled { code: string; label: string; variants?: string[] }

export const FINDINGS: Labelled[] = [
  { code: 'no_problem', label: '未发现问题' },
  { code: 'pending_follow_up', label: '发现问题待后续处理' },
  { code: 'not_disclosed', label: '未按规定公示应当公示的信息' },
  { code: 'false_disclosure', label: '公示信息隐瞒真实情况弄虚作假' },
  { code: 'unreachable', label: '通过登记的住所（经营场所）无法联系', variants: ['通过登记的住所(经营场所)无法联系', '通过登记的住所无法联系'] },
  { code: 'other_market_violation', label: '违反其他市场监管规定行为' },
  { code: 'other_department_violation', label: '违反其他部门相关规定' },
  { code: 'corrected', label: '发现问题已责令改正', variants: ['发现问题经责令已改正'] },
  { code: 'no_activity', label: '未发现开展本次抽查涉及的经营活动' },
  { code: 'closed', label: '已关闭停业或正在组织清算' },
  { code: 'obstructed', label: '不配合检查情节严重' },
  { code: 'deregistered', label: '已注销' },
  { code: 'revoked', label: '已被吊销' },
  { code: 'cancelled', label: '已被撤销' },
  { code: 'moved_out', label: '已迁出' },
];

export const ACTIONS: Labelled[] = [
  { code: 'none', label: '无需后续处置' },
  { code: 'refer_routine', label: '反馈日常监管部门' },
  { code: 'order_correction', label: '责令改正' },
  { code: 'refer_case', label: '线索移送办案机构' },
  { code: 'notify_department', label: '抄告其他部门' },
  { code: 'penalty', label: '行政处罚' },
  { code: 'refer_judicial', label: '移送司法机关' },
  { code: 'other', label: '其他' },
];

export const ITEM_OUTCOMES: Labelled[] = [
  { code: 'normal', label: '正常' },
  { code: 'abnormal', label: '不正常', variants: ['异常'] },
  // an item the department checks but that does not arise for this subject (RULES.md art. 11)
  { code: 'not_applicable', label: '不涉及', variants: ['不适用'] },
];

export type ItemOutcome = 'normal' | 'abnormal' | 'not_applicable';

/**
 * Findings that say a problem was found in what the items check: one of them with no item
 * 不正常 contradicts the items (art. 30). Findings about the subject's state (已注销, 无法联系 …),
 * its conduct during the check (不配合检查) or another department's rules are not about the items.
 */
export const ITEM_PROBLEMS: readonly string[] = ['pending_follow_up', 'not_disclosed', 'false_disclosure', 'corrected'];

/** Whether a finding leaves anything to follow up (art. 22): anything but 未发现问题 and 未发现开展本次抽查涉及的经营活动. */
export function foundProblem(findings: readonly string[]): boolean {
  return findings.some((f) => f !== 'no_problem' && f !== 'no_activity');
}

const squash = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/** The code for a code, a label or a label variant; undefined when it is none of them. */
export function codeOf(list: Labelled[], text: string): string | undefined {
  const t = squash(text);
  return list.find((x) => x.code === t || squash(x.label) === t || (x.variants ?? []).some((v) => squash(v) === t))?.code;
}

export function labelOf(list: Labelled[], code: string): string {
  return list.find((x) => x.code === code)?.label ?? code;
}

/** Findings written as a list: 、 ， , ； ; separate them. */
export function splitList(text: string): string[] {
  return text.split(/[、，,；;]/).map((s) => s.trim()).filter(Boolean);
}
