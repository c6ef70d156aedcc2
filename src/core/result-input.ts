import { parseDate } from './dates.js';
import { codeOf, FINDINGS, ITEM_OUTCOMES, ITEM_PROBLEMS, splitList, type ItemOutcome } from './findings.js';

/**
 * One department's result of a sheet as a clerk gives it (flags, or one row of a results file),
 * checked against the sheet as it stands (art. 6, 11, 18, 20, 30). Pure: returns the result or the
 * first problem, naming the field.
 */
export interface ResultInput {
  /** the department whose part this is (art. 6); results entered before issue 10 have none (joint) */
  department: string;
  inspectedOn: string; findings: string[]; items: Record<string, ItemOutcome>;
  /** the visit in effect after this entry: the one given with it, or the one recorded before */
  signed: boolean; refusalNote: string; witness: string;
  note: string;
  /** why an inspection outside the plan's window is entered all the same; '' inside it */
  lateReason: string;
}

/**
 * A problem with an entry. `refused`: the entry is well formed but contradicts itself or the draw
 * (art. 30: exit 5, a rejected row on import); otherwise the input itself is malformed (exit 2).
 */
export type ResultProblem = { field: string; reason: string; params?: Record<string, unknown>; refused?: true };

/** The sheet an entry is for, as the store finds it. */
export interface SheetForEntry {
  /** the departments on the sheet as it stands (rejecting departments taken off), by code */
  departments: string[];
  /** per department on the sheet: its plan items that apply to the subject, by code */
  items: Record<string, string[]>;
  /** the departments that confirmed this sheet (art. 17) */
  confirmed: string[];
  /** the day it was drawn (China time), and the plan's window */
  drawnOn: string; windowStart: string; windowEnd: string;
  /** the visit recorded for the sheet, if any (signed, or the refusal with its note and witness) */
  visit: Visit | null;
  /** the sheet was cancelled at confirmation: it takes no results */
  cancelled: boolean;
}

export interface Visit { signed: boolean; refusalNote: string; witness: string }

export interface RawResult {
  department?: string; date?: string; findings?: string; items?: string;
  /** undefined or '' when the visit is not given (it is recorded already) */
  signed?: string | boolean; refusalNote?: string; witness?: string; note?: string; lateReason?: string;
}

export type CheckedResult = { ok: true; value: ResultInput; visitGiven: boolean } | { ok: false; problem: ResultProblem };

const REST = ['其余', '其他', '其它', 'REST', 'OTHERS'];
const SIGNED = ['是', '已签字', '签字', 'yes', 'y', '1', 'true', 'signed'];
const REFUSED = ['否', '拒签', '拒绝签字', 'no', 'n', '0', 'false', 'refused'];

export function checkResult(raw: RawResult, sheet: SheetForEntry, today: string): CheckedResult {
  const fail = (field: string, reason: string, params?: Record<string, unknown>) => ({ ok: false as const, problem: { field, reason, params } });
  const refuse = (field: string, reason: string, params?: Record<string, unknown>) => ({ ok: false as const, problem: { field, reason, params, refused: true as const } });

  if (sheet.cancelled) return refuse('sheet', 'result.sheetCancelled');
  // who enters: the department whose part it is; a sheet with one department on it names it
  let department = (raw.department ?? '').trim().toUpperCase();
  if (department === '') {
    if (sheet.departments.length !== 1) return fail('department', 'result.departmentRequired', { departments: sheet.departments.join('、') });
    department = sheet.departments[0];
  }
  if (!sheet.departments.includes(department)) return refuse('department', 'result.departmentNotOnSheet', { value: department, departments: sheet.departments.join('、') });
  if (!sheet.confirmed.includes(department)) return refuse('department', 'result.notConfirmed', { value: department });

  const date = parseDate(raw.date ?? '');
  if (date === null) return fail('date', 'result.badDate', { value: (raw.date ?? '').trim() });
  if (date > today) return refuse('date', 'result.future', { value: date, today });
  if (date < sheet.drawnOn) return refuse('date', 'result.beforeDraw', { value: date, drawn: sheet.drawnOn });
  const lateReason = (raw.lateReason ?? '').trim();
  const outside = date < sheet.windowStart || date > sheet.windowEnd;
  if (outside && !lateReason) return refuse('date', 'result.outsideWindow', { value: date, start: sheet.windowStart, end: sheet.windowEnd });
  // a reason given for an inspection inside the window would be dropped: nothing a clerk gives may vanish silently
  if (!outside && lateReason) return refuse('lateReason', 'result.lateReasonInWindow', { value: date, start: sheet.windowStart, end: sheet.windowEnd });

  const findings: string[] = [];
  for (const f of splitList(raw.findings ?? '')) {
    const code = codeOf(FINDINGS, f);
    if (!code) return fail('findings', 'result.badFinding', { value: f, accepted: FINDINGS.map((x) => x.label).join('、') });
    if (!findings.includes(code)) findings.push(code);
  }
  if (findings.length === 0) return fail('findings', 'reject.required');

  const planItems = sheet.items[department] ?? [];
  const items: Record<string, ItemOutcome> = {};
  const itemText = (raw.items ?? '').trim();
  const all = codeOf(ITEM_OUTCOMES, itemText) as ItemOutcome | undefined;
  // none of the department's items applies to the subject (the registry changed since a draw-core/1
  // draw): an outcome given for them would be written for nothing; only 不涉及 (or nothing) says so truly
  if (planItems.length === 0 && itemText !== '' && all !== 'not_applicable') return refuse('items', 'result.noItemsApply', { department });
  if (all) for (const code of planItems) items[code] = all;
  else {
    let rest: ItemOutcome | undefined;
    for (const part of splitList(itemText)) {
      const m = /^([^=:：]+)[=:：](.+)$/.exec(part);
      const outcome = m ? (codeOf(ITEM_OUTCOMES, m[2]) as ItemOutcome | undefined) : undefined;
      if (!m || !outcome) return fail('items', 'result.badItem', { value: part });
      const code = m[1].trim().toUpperCase();
      // 其余=正常: the items not named, whichever apply to this subject (a clerk names the ones that stand out)
      if (REST.includes(code)) {
        rest = outcome;
        continue;
      }
      if (!planItems.includes(code)) return fail('items', 'result.itemNotForDepartment', { value: code, department, items: planItems.join('、') });
      items[code] = outcome;
    }
    if (rest) for (const code of planItems) if (!(code in items)) items[code] = rest;
    const missing = planItems.filter((c) => !(c in items));
    if (missing.length) return fail('items', 'result.itemsMissing', { missing: missing.join('、') });
  }

  // the finding and the items must tell the same story (art. 30)
  const abnormal = Object.keys(items).filter((c) => items[c] === 'abnormal');
  if (findings.includes('no_problem')) {
    const other = findings.find((f) => f !== 'no_problem');
    if (other) return refuse('findings', 'result.noProblemAndProblem', { other: FINDINGS.find((x) => x.code === other)!.label });
    if (abnormal.length) return refuse('findings', 'result.noProblemButAbnormal', { items: abnormal.join('、') });
  }
  const problem = findings.find((f) => ITEM_PROBLEMS.includes(f));
  if (problem && abnormal.length === 0) return refuse('findings', 'result.problemButNoAbnormal', { finding: FINDINGS.find((x) => x.code === problem)!.label });

  // the visit: recorded once per sheet, by the first department to enter; given again only to correct it
  const signedText = typeof raw.signed === 'boolean' ? (raw.signed ? '是' : '拒签') : (raw.signed ?? '').trim();
  let visit: Visit;
  let visitGiven = true;
  if (signedText === '') {
    if (!sheet.visit) return fail('signed', 'result.visitRequired');
    visit = sheet.visit;
    visitGiven = false;
  } else {
    let signed: boolean;
    if (SIGNED.includes(signedText.toLowerCase())) signed = true;
    else if (REFUSED.includes(signedText.toLowerCase())) signed = false;
    else return fail('signed', 'result.badSigned', { value: signedText });
    const refusalNote = signed ? '' : (raw.refusalNote ?? '').trim();
    const witness = signed ? '' : (raw.witness ?? '').trim();
    if (!signed && (!refusalNote || !witness)) return fail(refusalNote ? 'witness' : 'refusalNote', 'result.refusalNeedsNote');
    visit = { signed, refusalNote, witness };
    const v = sheet.visit;
    if (v && v.signed === signed && v.refusalNote === refusalNote && v.witness === witness) visitGiven = false;
  }
  return {
    ok: true, visitGiven,
    value: { department, inspectedOn: date, findings, items, ...visit, note: (raw.note ?? '').trim(), lateReason },
  };
}

/**
 * Whether an entry says exactly what the department's current result says (date, finding, items,
 * note, late reason; the visit unchanged): a file imported twice, or a command run again. Nothing is
 * written then; a correction would be published as 更正 of a result that did not change.
 */
export function sameEntry(value: ResultInput, visitGiven: boolean,
  current: { inspectedOn: string; findings: string[]; items: Record<string, string>; note: string; lateReason: string } | undefined): boolean {
  if (!current || visitGiven) return false;
  const items = (x: Record<string, string>) => JSON.stringify(Object.keys(x).sort().map((k) => [k, x[k]]));
  return current.inspectedOn === value.inspectedOn && current.note === value.note && current.lateReason === value.lateReason
    && JSON.stringify([...current.findings].sort()) === JSON.stringify([...value.findings].sort()) && items(current.items) === items(value.items);
}
