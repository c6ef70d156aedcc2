import {
  toConflict, toDepartment, toInspector, toItem, toSubject,
  type Kind, type Lookups, type RowVerdict, type Raw,
} from './records.js';
import { rowHash } from './row-hash.js';

/**
 * One spec per registry kind: its fields with the headers that mean each (Chinese first: they
 * are what a message names), the key, the store's columns and the fields a listing shows. The
 * header matching (io/columns.ts), the row rule, the store's writer (store/registry.ts) and the
 * listing all read it, so a field is named once.
 */
export interface FieldSpec {
  name: string;
  /** headers of spreadsheets and registry exports, English names, pinyin codes of 经济户籍管理系统 dumps */
  headers: string[];
  /** read from the file (false: derived by the rule, such as a subject's class) */
  read?: boolean;
  /** in `draw list --json` (false: the long texts and the phone number, which `draw show` gives) */
  listed?: boolean;
  /** a column of the store's table (false: read only to find the record, such as a conflict's 注册号) */
  stored?: boolean;
}

export interface RecordSpec {
  kind: Kind;
  table: string;
  keys: string[];
  /** the column that says a record is still in the registry */
  flag: string;
  fields: FieldSpec[];
  /** groups of fields of which at least one must be present */
  required: string[][];
  rule: (raw: Raw, lookups: Lookups) => RowVerdict<Record<string, unknown>>;
  /**
   * `draw list`'s table, in order: the few a clerk scans on a terminal. Fields of the spec, the
   * store's state (version, active), or what the listing's query adds (a department's counts,
   * the names beside a conflict's codes): LISTING_EXTRAS.
   */
  columns: string[];
  /**
   * The table keeps a digest of each record's stored values in `row_hash` (core/row-hash.ts), so
   * that a re-import finds an unchanged record by its key and that number: the subjects, a
   * province's millions re-imported every month.
   */
  rowHash?: true;
}

/** What a listing's query adds to a kind's record, beside its fields. */
export const LISTING_EXTRAS: Record<Kind, string[]> = {
  departments: ['inspectors', 'items', 'active'],
  items: ['version', 'current', 'valid_from', 'active'],
  inspectors: ['active'],
  subjects: ['in_registry'],
  conflicts: ['inspector_name', 'subject_name', 'active'],
};

// Headers shared by every file that refers to the same thing: a department, a subject, an
// inspector. A file that names a department by its code accepts every header the departments
// file accepts for that code (a county's items file headed 部门代码 is read).
export const DEPARTMENT_CODE_HEADERS = ['部门编码', '部门代码', '单位编码', '单位代码', 'bmbm', 'dwdm'];
export const DEPARTMENT_NAME_HEADERS = ['部门名称', '单位名称', 'bmmc', 'dwmc'];
export const CREDIT_CODE_HEADERS = ['统一社会信用代码', '信用代码', '社会信用代码', 'uniscid', 'tyshxydm', 'creditcode', 'credit_code'];
export const REGNO_HEADERS = ['注册号', '工商注册号', 'zch', 'regno', 'registration_number'];
export const CERTIFICATE_HEADERS = ['执法证号', '警官证号', '执法证（警官证）号', '执法证(警官证)号', '证件号', '证件号码', '执法证件号', 'zfzh', 'certificate'];
const DEPARTMENT_REF_HEADERS = ['部门', '单位', ...DEPARTMENT_CODE_HEADERS, ...DEPARTMENT_NAME_HEADERS, 'department', 'dept'];

const f = (name: string, headers: string[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name, headers: headers.includes(name) ? headers : [...headers, name], read: true, listed: true, ...extra,
});
const as = <T>(rule: (raw: Raw, l: Lookups) => RowVerdict<T>) => rule as unknown as RecordSpec['rule'];

export const RECORD_SPECS: Record<Kind, RecordSpec> = {
  departments: {
    kind: 'departments', table: 'departments', keys: ['code'], flag: 'active', required: [['code'], ['name']], rule: as(toDepartment),
    columns: ['code', 'name', 'inspectors', 'items', 'active'],
    fields: [
      f('code', [...DEPARTMENT_CODE_HEADERS, '编码', '代码']),
      f('name', [...DEPARTMENT_NAME_HEADERS, '部门', '单位', '名称']),
    ],
  },
  items: {
    kind: 'items', table: 'items', keys: ['code'], flag: 'active', required: [['department'], ['project']], rule: as(toItem),
    columns: ['code', 'version', 'department', 'project', 'subitem', 'method', 'class', 'random', 'industries', 'subject_classes', 'active'],
    fields: [
      f('department', ['实施部门', '检查部门', '所属部门', ...DEPARTMENT_REF_HEADERS]),
      f('code', ['事项编码', '抽查事项编码', '编码', 'sxbm']),
      f('project', ['检查项目', '抽查项目', '事项名称', '抽查事项', 'jcxm']),
      f('subitem', ['检查子项', '子项', 'jczx']),
      f('content', ['检查内容', 'jcnr'], { listed: false }),
      f('basis', ['检查依据', '依据', 'jcyj'], { listed: false }),
      f('method', ['检查方式', '抽查方式', 'jcfs']),
      f('class', ['事项类别', '类别', '事项类型', 'sxlb']),
      f('random', ['是否随机抽查', '随机抽查', '纳入随机抽查', 'sfsjcc']),
      // Where the item applies (issue 10): optional; a list without these columns applies everywhere.
      f('industries', ['适用行业代码', '适用行业', '适用行业范围', '适用国民经济行业', 'syhy', 'syhydm']),
      f('subject_classes', ['适用主体类别', '适用主体类型', '适用主体', '适用对象类别', '适用对象类型', 'syztlb']),
    ],
  },
  inspectors: {
    kind: 'inspectors', table: 'inspectors', keys: ['certificate'], flag: 'active', required: [['department'], ['name'], ['certificate']],
    rule: as(toInspector), columns: ['certificate', 'name', 'department', 'title', 'post', 'valid_until', 'active'],
    fields: [
      f('department', ['所在单位', '所属部门', ...DEPARTMENT_REF_HEADERS]),
      f('name', ['姓名', 'xm']),
      f('title', ['职务', 'zw']),
      f('certificate', CERTIFICATE_HEADERS),
      f('valid_until', ['有效期至', '证件有效期至', '证件有效期', '执法证有效期', 'yxq']),
      f('post', ['执法岗位', '岗位', 'zfgw']),
      f('phone', ['联系电话', '电话', '手机', '手机号', 'lxdh'], { listed: false }),
      f('items', ['授权事项', '可检查事项', '检查事项', 'sqsx'], { listed: false }),
      f('active', ['状态', '在岗', '是否在岗', 'zt']),
    ],
  },
  subjects: {
    kind: 'subjects', table: 'subjects', keys: ['credit_code'], flag: 'in_registry', rowHash: true,
    required: [['credit_code', 'registration_number'], ['name'], ['status']], rule: as(toSubject),
    columns: ['credit_code', 'name', 'type_class', 'township', 'status', 'credit_grade', 'abnormal'],
    fields: [
      f('credit_code', CREDIT_CODE_HEADERS),
      f('registration_number', REGNO_HEADERS),
      f('name', ['企业名称', '名称', '市场主体名称', '主体名称', '企业（字号）名称', '字号名称', 'qymc', 'entname', 'ztmc']),
      f('representative', ['法定代表人', '负责人', '经营者', '法定代表人/负责人/经营者', '法定代表人（负责人、经营者）',
        '法定代表人(负责人、经营者)', '法定代表人姓名', 'fzrxm', 'fddbr', 'lerep', 'fddbrxm']),
      f('type', ['市场主体类型', '企业类型', '主体类型', '类型', 'qylx', 'enttype', 'ztlx']),
      f('type_class', ['主体类别'], { read: false }),
      f('registry_authority', ['登记机关', 'djjg', 'regorg']),
      f('supervising_unit', ['管辖单位', '管辖机关', '监管单位', 'gxdw', 'localadm']),
      f('township', ['所属乡镇', '乡镇', '乡镇街道', '所在乡镇', 'ssxz', 'xzjd']),
      f('township_raw', [], { read: false }),
      f('founded_on', ['成立日期', '注册日期', 'clrq', 'estdate']),
      f('status', ['登记状态', '经营状态', '企业状态', '状态', 'jyzt', 'djzt', 'regstate']),
      f('status_raw', [], { read: false }),
      f('address', ['住所', '经营场所', '住所（经营场所）', '住所(经营场所)', '地址', 'zs', 'dom', 'jycs']),
      f('industry_code', ['行业代码', '国民经济行业代码', '行业门类代码', 'hydm', 'industryco']),
      f('business_scope', ['经营范围', 'jyfw', 'opscope'], { listed: false }),
      f('abnormal', ['是否列入经营异常名录', '经营异常名录', '列入经营异常名录', '经营异常', 'sfjyyc', 'jyyc']),
      f('serious_violation', ['是否列入严重违法失信名单', '严重违法失信名单', '严重违法失信', '严重违法', 'sfyzwfsx', 'yzwf']),
      f('credit_grade', ['信用风险等级', '信用风险分类', '信用等级', '风险等级', 'xyfxdj', 'fxdj']),
      f('grade_as_of', ['信用风险等级日期', '评级日期', '分类日期', '等级评定日期', 'fxdjrq', 'pjrq']),
    ],
  },
  conflicts: {
    kind: 'conflicts', table: 'conflicts', keys: ['certificate', 'credit_code'], flag: 'active',
    required: [['certificate'], ['credit_code', 'registration_number'], ['reason']], rule: as(toConflict),
    columns: ['certificate', 'inspector_name', 'credit_code', 'subject_name', 'reason', 'declared_on', 'active'],
    fields: [
      f('certificate', CERTIFICATE_HEADERS),
      // A conflict names its subject by whatever key the subjects file had: the credit code or the 注册号.
      f('credit_code', CREDIT_CODE_HEADERS),
      f('registration_number', REGNO_HEADERS, { stored: false, listed: false }),
      f('reason', ['原因', '利害关系', '回避原因', '利害关系说明', 'hbyy']),
      f('declared_on', ['申报日期', '登记日期', '日期', 'sbrq']),
    ],
  },
};

/** The store's columns of a kind beside its key: every field, read or derived. */
export const storedFields = (kind: Kind): string[] =>
  RECORD_SPECS[kind].fields.filter((x) => x.stored !== false).map((x) => x.name).filter((n) => !RECORD_SPECS[kind].keys.includes(n));

/** The columns an import writes for a kind, its key first, `row_hash` last where it keeps one: the order of a record's tuple. */
export const writtenColumns = (kind: Kind): string[] =>
  [...RECORD_SPECS[kind].keys, ...storedFields(kind), ...(RECORD_SPECS[kind].rowHash ? ['row_hash'] : [])];

/** A record's tuple as an import writes it (writtenColumns), its row hash worked out where the kind keeps one. */
export function writtenTuple(kind: Kind, columns: readonly string[], record: Record<string, unknown>): unknown[] {
  const tuple = recordTuple(columns, record);
  if (RECORD_SPECS[kind].rowHash) tuple[columns.length - 1] = rowHash(tuple, RECORD_SPECS[kind].keys.length, columns.length - 1);
  return tuple;
}

/**
 * A record as the values its columns hold, in `columns` order (writtenColumns): a flag as 1 or 0,
 * a missing value as null. The second thread of a large import sends its records so, as plain
 * arrays, far cheaper to pass between threads than objects naming every field.
 */
export function recordTuple(columns: readonly string[], record: Record<string, unknown>): unknown[] {
  const tuple = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const v = record[columns[i]];
    tuple[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null;
  }
  return tuple;
}

/** The fields `draw list --json` gives for a kind, in the spec's order (the listing's extras follow). */
export const listedFields = (kind: Kind): string[] => RECORD_SPECS[kind].fields.filter((x) => x.listed).map((x) => x.name);

/** `draw list`'s table columns for a kind. */
export const tableColumns = (kind: Kind): string[] => RECORD_SPECS[kind].columns;

/** A listed record: its listed fields in the spec's order, then the listing's extras; nothing else (no phone, no long texts). */
export function listedRecord(kind: Kind, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...listedFields(kind), ...LISTING_EXTRAS[kind]]) if (name in row) out[name] = row[name];
  return out;
}
