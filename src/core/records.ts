import { parseDate } from './dates.js';
import { cleanText, normaliseIdentifier, parseYesNo, toHalfWidth } from './text.js';
import { checkSubjectCode, type CodeVerdict } from './uscc.js';
import { parseIndustries, parseSubjectClasses } from './item-scope.js';

/**
 * The registry records and the rules that turn one CSV row (already mapped to field names)
 * into a record, or into a rejection naming the field and the reason (a catalog key).
 * Pure: lookups the rules need (departments, accepted codes, townships) come in as arguments.
 */

export type Kind = 'departments' | 'items' | 'inspectors' | 'subjects' | 'conflicts';
export const KINDS: Kind[] = ['departments', 'items', 'inspectors', 'subjects', 'conflicts'];

export type Raw = Record<string, string | undefined>;
export interface Rejection { field: string; reason: string; params?: Record<string, unknown> }
export interface Warning { field: string; reason: string; params?: Record<string, unknown> }
export type RowVerdict<T> = { ok: true; record: T; warnings: Warning[] } | { ok: false; rejection: Rejection };

export interface Department { code: string; name: string }
export interface Item {
  code: string; department: string; project: string; subitem: string; content: string; basis: string;
  method: string; class: 'general' | 'key'; random: boolean;
  /** where the item applies (issue 10), ';'-joined: GB/T 4754 prefixes and subject classes; '' = everywhere */
  industries: string; subject_classes: string;
}
export interface Inspector {
  certificate: string; department: string; name: string; title: string; valid_until: string | null;
  post: string; phone: string; items: string; active: boolean;
}
export type Status = 'active' | 'deregistered' | 'revoked' | 'moved_out';
/** A subject's class (GLOSSARY: 主体类别): 企业, 个体工商户, 农民专业合作社, or another kind of registration. */
export type TypeClass = 'enterprise' | 'individual' | 'cooperative' | 'other';
export const TYPE_CLASSES: TypeClass[] = ['enterprise', 'individual', 'cooperative', 'other'];
export interface Subject {
  credit_code: string; registration_number: string | null; name: string; representative: string; type: string;
  type_class: TypeClass; registry_authority: string; supervising_unit: string; township: string; township_raw: string;
  founded_on: string | null; status: Status; status_raw: string; address: string; industry_code: string;
  business_scope: string; abnormal: boolean; serious_violation: boolean; credit_grade: 'A' | 'B' | 'C' | 'D' | null;
  grade_as_of: string | null;
}
export interface Conflict { certificate: string; credit_code: string; reason: string; declared_on: string | null }

export interface Lookups {
  /** department code or name → code */
  department(text: string): string | undefined;
  /** codes an office accepted on purpose although they fail the check */
  acceptedCode(code: string): boolean;
  /** a township's present name for a present or former name */
  township(text: string): string | undefined;
  inspectorExists(certificate: string): boolean;
  subjectExists(code: string): boolean;
}

/** Longest text each field may hold; anything longer is a broken export, not data. */
export const MAX_LENGTH: Record<string, number> = {
  name: 200, address: 500, business_scope: 4000, basis: 4000, content: 4000, reason: 1000, project: 500, subitem: 500,
};
const DEFAULT_MAX = 200;

export const CHECK_METHODS = ['实地核查', '现场检查', '书面检查', '信息比对', '部门结果或专业意见', '检验检测', '网络监测', '委托专业机构'];

// NUL and the other C0 controls (tab, CR, LF aside) never belong in a registry field.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

class Reject extends Error {
  constructor(readonly rejection: Rejection) { super(rejection.reason); }
}
const reject = (field: string, reason: string, params?: Record<string, unknown>): never => {
  throw new Reject({ field, reason, params });
};

function text(raw: Raw, field: string, required = false): string {
  const v = cleanText(raw[field] ?? '');
  if (CONTROL.test(v)) reject(field, 'reject.control');
  if (required && v === '') reject(field, 'reject.required');
  const max = MAX_LENGTH[field] ?? DEFAULT_MAX;
  if (v.length > max) reject(field, 'reject.tooLong', { length: v.length, max });
  return v;
}

function date(raw: Raw, field: string, required = false): string | null {
  const v = text(raw, field, required);
  if (v === '') return null;
  const d = parseDate(v);
  if (d === null) reject(field, 'reject.date', { value: v });
  return d;
}

function yesNo(raw: Raw, field: string, fallback: boolean): boolean {
  const v = text(raw, field);
  if (v === '') return fallback;
  const b = parseYesNo(v);
  if (b === null) reject(field, 'reject.yesNo', { value: v });
  return b as boolean;
}

/**
 * An identifier Excel turned into a number shown in scientific notation (1.30634E+11): its
 * digits are gone, so the row is refused with how to keep the column as text.
 */
export const EXCEL_NUMBER = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;
function notExcelNumber(field: string, value: string): string {
  if (EXCEL_NUMBER.test(value.trim())) reject(field, 'reject.excelNumber', { value: value.trim() });
  return value;
}

function identifier(raw: Raw, field: string, required = false): string {
  return normaliseIdentifier(notExcelNumber(field, text(raw, field, required)));
}

function subjectCode(field: string, value: string, lookups: Lookups): CodeVerdict {
  if (value === '') reject(field, 'reject.required');
  notExcelNumber(field, value);
  const v = checkSubjectCode(value);
  if (!v.valid && !lookups.acceptedCode(v.code)) {
    reject(field, `reject.code.${v.problem}`, { value: v.code, expected: v.expected ?? '' });
  }
  return v;
}

function departmentOf(raw: Raw, lookups: Lookups): string {
  const v = text(raw, 'department', true);
  const code = lookups.department(v);
  if (code === undefined) reject('department', 'reject.unknownDepartment', { value: v });
  return code as string;
}

const run = <T>(f: (warnings: Warning[]) => T): RowVerdict<T> => {
  const warnings: Warning[] = [];
  try {
    return { ok: true, record: f(warnings), warnings };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, rejection: e.rejection };
    throw e;
  }
};

export function toDepartment(raw: Raw): RowVerdict<Department> {
  return run(() => {
    const code = identifier(raw, 'code', true);
    if (!/^[0-9A-Z_.-]+$/.test(code)) reject('code', 'reject.identifier', { value: code });
    return { code, name: text(raw, 'name', true) };
  });
}

export function toItem(raw: Raw, lookups: Lookups): RowVerdict<Item> {
  return run(() => {
    const department = departmentOf(raw, lookups);
    const project = text(raw, 'project', true);
    const subitem = text(raw, 'subitem');
    let code = identifier(raw, 'code');
    if (code === '') code = `${department}:${project}${subitem ? `/${subitem}` : ''}`;
    const methods = text(raw, 'method').split(/[、,，;；/]/).map((m) => m.trim()).filter(Boolean);
    for (const m of methods) if (!CHECK_METHODS.includes(m)) reject('method', 'reject.method', { value: m, accepted: CHECK_METHODS.join('、') });
    const cls = text(raw, 'class');
    let itemClass: 'general' | 'key' = 'general';
    if (['重点', 'key', '重点事项'].includes(cls)) itemClass = 'key';
    else if (!['', '一般', 'general', '一般事项'].includes(cls)) reject('class', 'reject.itemClass', { value: cls });
    const industries = parseIndustries(text(raw, 'industries'));
    if (!industries.ok) reject('industries', 'reject.itemIndustry', { value: industries.value });
    const classes = parseSubjectClasses(text(raw, 'subject_classes'));
    if (!classes.ok) reject('subject_classes', 'reject.itemSubjectClass', { value: classes.value });
    return {
      code, department, project, subitem, content: text(raw, 'content'), basis: text(raw, 'basis'),
      method: methods.join('、'), class: itemClass, random: yesNo(raw, 'random', true),
      industries: industries.ok ? industries.values.join(';') : '', subject_classes: classes.ok ? classes.values.join(';') : '',
    };
  });
}

export function toInspector(raw: Raw, lookups: Lookups): RowVerdict<Inspector> {
  return run((warnings) => {
    const certificate = identifier(raw, 'certificate', true);
    if (!/^[0-9A-Z()\-]+$/.test(certificate)) reject('certificate', 'reject.identifier', { value: certificate });
    const phone = toHalfWidth(notExcelNumber('phone', text(raw, 'phone'))).replace(/\s+/g, '');
    if (phone !== '' && !/^(\+?86-?)?(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(phone)) {
      warnings.push({ field: 'phone', reason: 'warn.phone', params: { value: phone } });
    }
    const activeText = text(raw, 'active');
    let active = true;
    if (['在岗', '在职', '正常', '有效'].includes(activeText)) active = true;
    else if (['离岗', '调离', '离职', '退休', '停用', '无效'].includes(activeText)) active = false;
    else active = yesNo(raw, 'active', true);
    const items = text(raw, 'items').split(/[、,，;；\s]+/).map(normaliseIdentifier).filter(Boolean);
    return {
      certificate, department: departmentOf(raw, lookups), name: text(raw, 'name', true), title: text(raw, 'title'),
      valid_until: date(raw, 'valid_until'), post: text(raw, 'post'), phone, items: items.join(';'), active,
    };
  });
}

const STATUS: Record<string, Status> = {
  存续: 'active', 在业: 'active', 开业: 'active', 在营: 'active', 正常: 'active', 确立: 'active', 登记成立: 'active',
  '存续（在营、开业、在册）': 'active', 在册: 'active', '1': 'active',
  注销: 'deregistered', 已注销: 'deregistered', '吊销，已注销': 'deregistered', '4': 'deregistered', '3': 'deregistered',
  吊销: 'revoked', 已吊销: 'revoked', 吊销未注销: 'revoked', '吊销，未注销': 'revoked', 撤销: 'revoked', 已撤销: 'revoked',
  '2': 'revoked', '5': 'revoked',
  迁出: 'moved_out', 已迁出: 'moved_out', '6': 'moved_out',
};
export const STATUS_TEXTS = Object.keys(STATUS).filter((k) => !/^\d$/.test(k));

export function normaliseStatus(raw: string): Status | undefined {
  const v = toHalfWidth(raw).replace(/\s+/g, '').replace(/,/g, '，');
  // Own keys only: a cell reading `constructor` is an unknown status, not Object's.
  const own = (k: string) => (Object.hasOwn(STATUS, k) ? STATUS[k] : undefined);
  return own(v) ?? own(v.replace(/[()（）]/g, ''));
}

// Registrations that are not market subjects (事业单位, 机关, 社会团体 …): the registry exports them
// beside the enterprises, and a scope on 企业 must not draw them.
const OTHER_TYPES = /事业单位|机关|社会团体|民办非企业|基金会|社会服务机构|律师事务所|公证|司法鉴定|宗教|工会|集体经济组织|群众团体|代表机构/;

/**
 * The class from the registry's type text, else from the credit code (GB 32100: the first
 * character is the registering authority, 9 being market regulation; under it the second is
 * 1 enterprise, 2 individual business, 3 cooperative; every other authority registers others).
 */
export function typeClassOf(type: string, code: string): TypeClass {
  if (type.includes('个体')) return 'individual';
  if (type.includes('合作社') || type.includes('合作联社')) return 'cooperative';
  if (OTHER_TYPES.test(type)) return 'other';
  const uscc = code.length === 18;
  if (uscc && code[0] !== '9') return 'other';
  if (type !== '' && !/^\d+$/.test(type)) return 'enterprise';
  if (uscc) return code[1] === '2' ? 'individual' : code[1] === '3' ? 'cooperative' : 'enterprise';
  return 'enterprise';
}

const GRADES: Record<string, 'A' | 'B' | 'C' | 'D'> = {
  A: 'A', B: 'B', C: 'C', D: 'D', 低风险: 'A', 风险低: 'A', 一般风险: 'B', 较低风险: 'B', 较高风险: 'C', 风险较高: 'C', 高风险: 'D', 风险高: 'D',
  'A类': 'A', 'B类': 'B', 'C类': 'C', 'D类': 'D',
};

/**
 * The 注册号 column as registry exports fill it (after the 2015 reform many hold no number of
 * their own): empty; the old 15-digit number, checked; the subject's own credit code copied
 * there (nothing to keep beside the key); a regional form with letters (14010700A001338), kept
 * with a warning; another valid credit code, kept with a warning naming both.
 */
function registrationNumber(regnoText: string, creditCode: string, lookups: Lookups, warnings: Warning[]): string | null {
  if (regnoText === '') return null;
  notExcelNumber('registration_number', regnoText);
  const value = normaliseIdentifier(regnoText);
  if (value === creditCode) return null;
  if (/^\d{15}$/.test(value)) {
    const v = checkSubjectCode(value);
    if (!v.valid && !lookups.acceptedCode(value)) reject('registration_number', `reject.code.${v.problem}`, { value, expected: '' });
    return value;
  }
  if (/^\d{6}[0-9A-Z]{9}$/.test(value)) {
    warnings.push({ field: 'registration_number', reason: 'warn.regnoRegional', params: { value } });
    return value;
  }
  if (value.length === 18) {
    const v = checkSubjectCode(value);
    if (v.valid) {
      warnings.push({ field: 'registration_number', reason: 'warn.regnoOtherCode', params: { value, code: creditCode } });
      return value;
    }
    return reject('registration_number', `reject.code.${v.problem}`, { value, expected: v.expected ?? '' });
  }
  return reject('registration_number', 'reject.regno', { value });
}

export function toSubject(raw: Raw, lookups: Lookups): RowVerdict<Subject> {
  return run((warnings) => {
    const creditText = text(raw, 'credit_code');
    const regnoText = text(raw, 'registration_number');
    let credit_code: string;
    if (creditText !== '') {
      const v = subjectCode('credit_code', creditText, lookups);
      credit_code = v.code;
      if (v.orgCodeWarning) warnings.push({ field: 'credit_code', reason: 'warn.orgCode', params: { value: v.code } });
    } else if (regnoText !== '') {
      // No credit code: the 注册号 is the key (a 15-digit number, or a credit code copied there).
      const v = subjectCode('registration_number', regnoText, lookups);
      credit_code = v.code;
      if (v.orgCodeWarning) warnings.push({ field: 'registration_number', reason: 'warn.orgCode', params: { value: v.code } });
    } else {
      return reject('credit_code', 'reject.noKey');
    }
    const registration_number = registrationNumber(regnoText, credit_code, lookups, warnings);
    const status_raw = text(raw, 'status', true);
    const status = normaliseStatus(status_raw);
    if (!status) reject('status', 'reject.status', { value: status_raw, accepted: STATUS_TEXTS.slice(0, 12).join('、') });
    const industry = identifier(raw, 'industry_code');
    if (industry !== '' && !/^([A-T](\d{2,4})?|\d{2,4})$/.test(industry)) reject('industry_code', 'reject.industry', { value: industry });
    const gradeText = normaliseIdentifier(text(raw, 'credit_grade'));
    const credit_grade = gradeText === '' ? null : Object.hasOwn(GRADES, gradeText) ? GRADES[gradeText] : undefined;
    if (credit_grade === undefined) reject('credit_grade', 'reject.grade', { value: gradeText });
    const township_raw = text(raw, 'township');
    const township = township_raw === '' ? '' : lookups.township(township_raw) ?? township_raw;
    if (township_raw !== '' && lookups.township(township_raw) === undefined) {
      warnings.push({ field: 'township', reason: 'warn.township', params: { value: township_raw } });
    }
    const type = text(raw, 'type');
    return {
      credit_code, registration_number, name: text(raw, 'name', true), representative: text(raw, 'representative'),
      type, type_class: typeClassOf(type, credit_code), registry_authority: text(raw, 'registry_authority'),
      supervising_unit: text(raw, 'supervising_unit'), township, township_raw, founded_on: date(raw, 'founded_on'),
      status: status as Status, status_raw, address: text(raw, 'address'), industry_code: industry,
      business_scope: text(raw, 'business_scope'), abnormal: yesNo(raw, 'abnormal', false),
      serious_violation: yesNo(raw, 'serious_violation', false), credit_grade: credit_grade ?? null,
      grade_as_of: date(raw, 'grade_as_of'),
    };
  });
}

export function toConflict(raw: Raw, lookups: Lookups): RowVerdict<Conflict> {
  return run(() => {
    const certificate = identifier(raw, 'certificate', true);
    if (!lookups.inspectorExists(certificate)) reject('certificate', 'reject.unknownInspector', { value: certificate });
    const field = text(raw, 'credit_code') === '' && text(raw, 'registration_number') !== '' ? 'registration_number' : 'credit_code';
    const credit_code = checkSubjectCode(notExcelNumber(field, text(raw, field, true))).code;
    if (!lookups.subjectExists(credit_code)) reject(field, 'reject.unknownSubject', { value: credit_code });
    return { certificate, credit_code, reason: text(raw, 'reason', true), declared_on: date(raw, 'declared_on') };
  });
}

/**
 * A results row before its sheet is looked up: a sheet reference that Excel turned into a date
 * (`1/5` typed into a cell becomes 2026/1/5, `1-6` becomes 1月6日) is refused with what it was.
 */
export function toResultRow(raw: Raw): RowVerdict<Record<string, unknown>> {
  return run(() => {
    const ref = text(raw, 'sheet');
    const asDate = sheetRefAsDate(ref);
    if (asDate) reject('sheet', 'reject.sheetAsDate', { value: ref, probably: asDate });
    return raw as Record<string, unknown>;
  });
}

/** The `draw/sheet` a date-looking cell probably was, or null when it does not look like a date. */
export function sheetRefAsDate(ref: string): string | null {
  const v = toHalfWidth(ref).trim();
  let m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (m) return `${Number(m[2])}/${Number(m[3])}`;
  m = /^(?:\d{4}年)?(\d{1,2})月(\d{1,2})日$/.exec(v);
  if (m) return `${Number(m[1])}/${Number(m[2])}`;
  return null;
}
