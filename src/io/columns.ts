import type { Kind } from '../core/records.js';

/** What `draw import` reads: the registries, and the results of a draw's sheets. */
export type ImportKind = Kind | 'results';

/**
 * The columns each import accepts: the field name (GLOSSARY.md), then the headers that mean it —
 * Chinese headers of spreadsheets and registry exports, English names, and the pinyin codes of
 * 经济户籍管理系统 dumps. Headers are compared after normalisation (see normaliseHeader).
 */
export interface ColumnSpec { field: string; aliases: string[] }
export interface KindSpec {
  columns: ColumnSpec[];
  /** groups of fields of which at least one must be present */
  required: string[][];
}

const col = (field: string, ...aliases: string[]): ColumnSpec => ({ field, aliases: [field, ...aliases] });

export const SPECS: Record<ImportKind, KindSpec> = {
  departments: {
    columns: [
      col('code', '部门编码', '部门代码', '单位编码', '单位代码', '编码', '代码', 'bmbm', 'dwdm'),
      col('name', '部门名称', '单位名称', '部门', '单位', '名称', 'bmmc', 'dwmc'),
    ],
    required: [['code'], ['name']],
  },
  items: {
    columns: [
      col('department', '部门', '单位', '部门编码', '实施部门', '检查部门', '所属部门', 'dept'),
      col('code', '事项编码', '抽查事项编码', '编码', 'sxbm'),
      col('project', '检查项目', '抽查项目', '事项名称', '抽查事项', 'jcxm'),
      col('subitem', '检查子项', '子项', 'jczx'),
      col('content', '检查内容', 'jcnr'),
      col('basis', '检查依据', '依据', 'jcyj'),
      col('method', '检查方式', '抽查方式', 'jcfs'),
      col('class', '事项类别', '类别', '事项类型', 'sxlb'),
      col('random', '是否随机抽查', '随机抽查', '纳入随机抽查', 'sfsjcc'),
    ],
    required: [['department'], ['project']],
  },
  inspectors: {
    columns: [
      col('department', '单位', '部门', '所在单位', '所属部门', '部门编码'),
      col('name', '姓名', 'xm'),
      col('title', '职务', 'zw'),
      col('certificate', '执法证号', '警官证号', '执法证（警官证）号', '执法证(警官证)号', '证件号', '证件号码', '执法证件号', 'zfzh'),
      col('valid_until', '有效期至', '证件有效期至', '证件有效期', '执法证有效期', 'yxq'),
      col('post', '执法岗位', '岗位', 'zfgw'),
      col('phone', '联系电话', '电话', '手机', '手机号', 'lxdh'),
      col('items', '授权事项', '可检查事项', '检查事项', 'sqsx'),
      col('active', '状态', '在岗', '是否在岗', 'zt'),
    ],
    required: [['department'], ['name'], ['certificate']],
  },
  subjects: {
    columns: [
      col('credit_code', '统一社会信用代码', '信用代码', '社会信用代码', 'uniscid', 'tyshxydm', 'creditcode'),
      col('registration_number', '注册号', '工商注册号', 'zch', 'regno'),
      col('name', '企业名称', '名称', '市场主体名称', '主体名称', '企业（字号）名称', '字号名称', 'qymc', 'entname', 'ztmc'),
      col('representative', '法定代表人', '负责人', '经营者', '法定代表人/负责人/经营者', '法定代表人（负责人、经营者）',
        '法定代表人(负责人、经营者)', '法定代表人姓名', 'fzrxm', 'fddbr', 'lerep', 'fddbrxm'),
      col('type', '市场主体类型', '企业类型', '主体类型', '类型', 'qylx', 'enttype', 'ztlx'),
      col('registry_authority', '登记机关', 'djjg', 'regorg'),
      col('supervising_unit', '管辖单位', '管辖机关', '监管单位', 'gxdw', 'localadm'),
      col('township', '所属乡镇', '乡镇', '乡镇街道', '所在乡镇', 'ssxz', 'xzjd'),
      col('founded_on', '成立日期', '注册日期', 'clrq', 'estdate'),
      col('status', '登记状态', '经营状态', '企业状态', '状态', 'jyzt', 'djzt', 'regstate'),
      col('address', '住所', '经营场所', '住所（经营场所）', '住所(经营场所)', '地址', 'zs', 'dom', 'jycs'),
      col('industry_code', '行业代码', '国民经济行业代码', '行业门类代码', 'hydm', 'industryco'),
      col('business_scope', '经营范围', 'jyfw', 'opscope'),
      col('abnormal', '是否列入经营异常名录', '经营异常名录', '列入经营异常名录', '经营异常', 'sfjyyc', 'jyyc'),
      col('serious_violation', '是否列入严重违法失信名单', '严重违法失信名单', '严重违法失信', '严重违法', 'sfyzwfsx', 'yzwf'),
      col('credit_grade', '信用风险等级', '信用风险分类', '信用等级', '风险等级', 'xyfxdj', 'fxdj'),
      col('grade_as_of', '信用风险等级日期', '评级日期', '分类日期', '等级评定日期', 'fxdjrq', 'pjrq'),
    ],
    required: [['credit_code', 'registration_number'], ['name'], ['status']],
  },
  conflicts: {
    columns: [
      col('certificate', '执法证号', '警官证号', '执法证（警官证）号', '证件号', 'zfzh'),
      col('credit_code', '统一社会信用代码', '信用代码', '注册号', 'uniscid'),
      col('reason', '原因', '利害关系', '回避原因', '利害关系说明', 'hbyy'),
      col('declared_on', '申报日期', '登记日期', '日期', 'sbrq'),
    ],
    required: [['certificate'], ['credit_code'], ['reason']],
  },
  results: {
    columns: [
      col('sheet', '检查表', '检查表编号', '抽查表编号', '表号'),
      col('date', '检查日期', '检查完成日期', 'inspected_on'),
      col('findings', '检查结果', '抽查结果'),
      col('items', '事项结果', '检查事项结果', '各事项结果'),
      col('signed', '签字确认', '是否签字', '被检查对象签字'),
      col('refusal_note', '拒签说明', '拒绝签字情况', '拒签情况'),
      col('witness', '见证人'),
      col('note', '备注'),
    ],
    required: [['sheet'], ['date'], ['findings'], ['signed']],
  },
};

/**
 * Registry dumps annotate headers with a type and width: `clrq(D)`, `#nbxh(C|50)`. Strip the
 * marks, the annotation, full-width forms and case, so every spelling meets one key.
 */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^#/, '')
    .replace(/\((?:[A-Za-z]{1,2}(?:\|\d+)?)\)$/, '')
    .replace(/（/g, '(').replace(/）/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase();
}

export interface HeaderMap {
  /** field → column index */
  index: Map<string, number>;
  unknown: string[];
  duplicates: string[];
  missing: string[][];
}

export function mapHeader(kind: ImportKind, header: string[]): HeaderMap {
  const spec = SPECS[kind];
  const lookup = new Map<string, string>();
  for (const c of spec.columns) for (const a of c.aliases) lookup.set(normaliseHeader(a), c.field);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  header.forEach((h, i) => {
    const field = lookup.get(normaliseHeader(h));
    if (field === undefined) { if (h.trim() !== '') unknown.push(h); return; }
    if (index.has(field)) duplicates.push(h);
    else index.set(field, i);
  });
  const missing = spec.required.filter((group) => !group.some((f) => index.has(f)));
  return { index, unknown, duplicates, missing };
}
