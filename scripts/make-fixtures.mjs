#!/usr/bin/env node
/**
 * Writes fixtures/ from the seeded county (scripts/county.mjs). Run after `npm run build`:
 *   node scripts/make-fixtures.mjs [--out DIR]
 * The output is deterministic: a test regenerates it and compares it with the committed files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { completeUscc } from '../dist/core/uscc.js';
import {
  DEPARTMENTS, ITEMS, rng, subjects, subjectRow, csvLine, CHINESE_SUBJECT_HEADER, PINYIN_SUBJECT_HEADER,
} from './county.mjs';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : new URL('../fixtures', import.meta.url).pathname;
mkdirSync(join(out, 'broken'), { recursive: true });

const SUBJECTS = 3000;
const csv = (header, rows) => [header, ...rows].map(csvLine).join('');
const write = (name, text, encoding = 'utf8') =>
  writeFileSync(join(out, name), encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : text);

write('departments.csv', csv(['部门编码', '部门名称'], DEPARTMENTS));
write('items.csv', csv(['部门', '事项编码', '检查项目', '检查子项', '检查内容', '检查依据', '检查方式', '事项类别', '是否随机抽查', '适用行业代码', '适用主体类别'], ITEMS));

// Inspectors: certificate 1306 + county 34 + department number + sequence; 公安局 holds 警官证.
const r = rng('inspectors');
const TITLES = ['科员', '一级科员', '四级主任科员', '副所长', '所长', '副科长', '科长', '一级主办'];
const inspectors = [];
DEPARTMENTS.forEach(([code, name], d) => {
  const n = code === 'SCJG' ? 30 : code === 'SWJ' ? 16 : 8 + r.int(6);
  const deptItems = ITEMS.filter((i) => i[0] === code).map((i) => i[1]);
  for (let k = 1; k <= n; k++) {
    const cert = code === 'GAJ' ? `130634GA${String(k).padStart(4, '0')}` : `1306340${String(d + 1).padStart(2, '0')}${String(k).padStart(3, '0')}`;
    const person = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '马', '郭', '何'][r.int(14)] + ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰', '涛', '明', '超'][r.int(15)] + (r.chance(0.5) ? ['华', '平', '辉', '鹏', '飞', '霞'][r.int(6)] : '');
    const expired = r.chance(0.04);
    const validUntil = expired ? '2021-12-31' : `${2024 + r.int(4)}-12-31`;
    const active = r.chance(0.95) ? '在岗' : '调离';
    const authorised = deptItems.length > 1 && r.chance(0.2) ? deptItems.slice(0, 1).join('、') : '';
    inspectors.push([name, person, TITLES[r.int(TITLES.length)], cert, validUntil, `${name.replace(/^(曲阳县|保定市|国家税务总局曲阳县)/, '')}执法岗`, `13${3 + r.int(7)}${String(r.int(1e8)).padStart(8, '0')}3`.slice(0, 11), authorised, active]);
  }
});
write('inspectors.csv', csv(['单位', '姓名', '职务', '执法证号', '有效期至', '执法岗位', '联系电话', '授权事项', '状态'], inspectors));

// Subjects: once as the registry's GB18030 export with Chinese headers, once as a UTF-8 pinyin dump.
const all = [...subjects(SUBJECTS)];
write('subjects.csv', csv(CHINESE_SUBJECT_HEADER, all.map((s, i) => subjectRow(s, i, 'chinese'))), 'gb18030');
write('subjects-pinyin.csv', csv(PINYIN_SUBJECT_HEADER, all.map((s, i) => subjectRow(s, i, 'pinyin'))));

// A few declared conflicts between active inspectors and active subjects.
const rc = rng('conflicts');
const REASONS = ['配偶经营该企业', '近亲属在该企业任职', '曾在该企业任职，离职未满两年', '与经营者系同学关系', '与经营者有经济往来'];
const activeSubjects = all.filter((s) => s.credit_code && (s.status === '存续' || s.status === '在业'));
const activeInspectors = inspectors.filter((i) => i[8] === '在岗' && i[4] !== '2021-12-31');
const conflicts = [];
for (let k = 0; k < 10; k++) {
  const s = activeSubjects[rc.int(activeSubjects.length)];
  const i = activeInspectors[rc.int(activeInspectors.length)];
  conflicts.push([i[3], s.credit_code, REASONS[rc.int(REASONS.length)], `2022-0${1 + rc.int(3)}-${String(1 + rc.int(28)).padStart(2, '0')}`]);
}
write('conflicts.csv', csv(['执法证号', '统一社会信用代码', '利害关系', '申报日期'], conflicts));

// Broken rows: every validation rule once (see fixtures/README.md for the list and the verdicts).
const ok = all.find((s) => s.credit_code && s.status === '存续');
const base = subjectRow({ ...ok, grade: 'B', grade_as_of: '2022-01-31', abnormal: false, serious: false }, 0, 'chinese');
const row = (changes) => { const f = [...base]; for (const [i, v] of Object.entries(changes)) f[i] = v; return f; };
const CODE = 0; const REG = 1; const NAME = 2; const FOUNDED = 8; const STATUS = 9; const IND = 11; const ABN = 13; const GRADE = 15;
const broken = [
  row({ [CODE]: '91130634MA0XXXXX1A', [NAME]: '校验位错误' }),
  row({ [CODE]: '91350211M0000XUF46', [NAME]: '福建早期试点代码' }),
  row({ [CODE]: 'B7320621MA1MRHG20G', [NAME]: '登记管理部门代码错误' }),
  row({ [CODE]: '9113063412345', [NAME]: '长度错误' }),
  row({ [CODE]: '91130634MA0OOOOOOO', [NAME]: '非法字符' }),
  row({ [CODE]: '', [REG]: '130634600000001', [NAME]: '注册号校验位错误' }),
  row({ [CODE]: '', [REG]: '', [NAME]: '没有代码' }),
  row({ [CODE]: ok.credit_code, [NAME]: '同一文件内重复' }),
  row({ [NAME]: '', [CODE]: completeUscc('91130634MA0NNAME1') }),
  row({ [FOUNDED]: '2022-02-30' }),
  row({ [FOUNDED]: '去年' }),
  row({ [STATUS]: '不知道' }),
  row({ [IND]: 'Z99999' }),
  row({ [GRADE]: 'E' }),
  row({ [ABN]: '也许' }),
  row({ [NAME]: '长'.repeat(201) }),
  row({ [NAME]: 'NUL\u0000字符' }),
  [...base, '多出的字段'],
  row({ [CODE]: '911101005JLR20JR60', [NAME]: '组织机构代码校验不符（仅警告）' }),
  row({ [CODE]: ` ${ok.credit_code.toLowerCase().replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `, [NAME]: '全角小写（规范化后与第 2 行相同，重复）' }),
];
write('broken/subjects-broken.csv', csv(CHINESE_SUBJECT_HEADER, [base, ...broken]));

write('broken/inspectors-broken.csv', csv(['单位', '姓名', '职务', '执法证号', '有效期至', '执法岗位', '联系电话', '授权事项', '状态'], [
  ['曲阳县市场监督管理局', '正常人员', '科员', '130634999001', '2025-12-31', '执法岗', '13800000000', '', '在岗'],
  ['不存在的局', '部门错误', '科员', '130634999002', '2025-12-31', '执法岗', '13800000000', '', '在岗'],
  ['曲阳县市场监督管理局', '', '科员', '130634999003', '2025-12-31', '执法岗', '13800000000', '', '在岗'],
  ['曲阳县市场监督管理局', '证号非法', '科员', '1306#34', '2025-12-31', '执法岗', '13800000000', '', '在岗'],
  ['曲阳县市场监督管理局', '日期错误', '科员', '130634999005', '2025-13-01', '执法岗', '13800000000', '', '在岗'],
  ['曲阳县市场监督管理局', '电话可疑（警告）', '科员', '130634999006', '2025-12-31', '执法岗', '12345', '', '在岗'],
  ['曲阳县市场监督管理局', '状态错误', '科员', '130634999007', '2025-12-31', '执法岗', '13800000000', '', '也许'],
]));
console.log(`fixtures written to ${out}`);
