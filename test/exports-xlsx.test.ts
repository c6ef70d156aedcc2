import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../src/io/xlsx-in.js';
import { completeUscc, orgCodeValid, regnoValid } from '../src/core/uscc.js';
import { countyDb, onDay, readCsvText, sqlite, writeCsv, type Db, type Run, seeded } from './helpers.js';

/**
 * The papers as .xlsx (drawn list, sheets, disclosure, status): `--format` or the extension
 * decides, CSV stays the default; read back with our reader and with LibreOffice headless, every
 * identifier exactly as written: an all-digit credit code, a 15-digit 注册号 as a subject's key, a
 * sheet reference `1/2`.
 */

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stdout}\n${r.stderr}`);
  return r;
};
const json = (r: Run) => JSON.parse(ok(r).stdout);

/** An 18-digit credit code of digits only whose organisation code is valid too (Excel makes 9.1130634E+17 of it). */
function digitsOnlyCode(): string {
  for (let n = 0; ; n++) {
    const code = completeUscc(`911306340${String(n).padStart(8, '0')}`);
    if (/^\d{18}$/.test(code) && orgCodeValid(code.slice(8, 17))) return code;
  }
}
function registrationNumber(): string {
  for (let n = 0; ; n++) {
    const r = `130634000${String(n).padStart(6, '0')}`;
    if (regnoValid(r)) return r;
  }
}

async function readBack(path: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const piece of readXlsx(path, undefined)) for (const r of piece) out.push(r.fields);
  return out;
}
const statSyncMode = (file: string) => statSync(file).mode & 0o777;
const pad = (rows: string[][], n: number) => rows.map((r) => [...r, ...Array(Math.max(0, n - r.length)).fill('')]);

describe('papers as .xlsx', () => {
  let t: Db;
  const code = digitsOnlyCode();
  const regno = registrationNumber();
  beforeAll(async () => {
    t = countyDb();
    const subjects = writeCsv(t.dir, 'more.csv', [
      ['统一社会信用代码', '注册号', '企业名称', '法定代表人', '市场主体类型', '登记机关', '管辖单位', '所属乡镇', '成立日期', '登记状态', '住所'],
      [code, '', '曲阳县数字有限公司', '王五', '有限责任公司', '曲阳县市场监督管理局', '测试所', '恒州镇', '2015-03-01', '存续', '恒州镇1号'],
      ['', regno, '曲阳县老字号商店', '赵六', '有限责任公司', '曲阳县市场监督管理局', '测试所', '恒州镇', '2001-03-01', '存续', '恒州镇2号'],
    ]);
    ok(await t.run(['import', 'subjects', subjects]));
    ok(await onDay('2022-03-25T02:00:00Z', () => t.run(['plan', '--year', '2022', '--name', '测试所全覆盖', '--departments', 'SCJG', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '100%', '--unit', '测试所', '--window', '2022-04-01..2022-06-30', '--no-input'])));
    ok(await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', 'xlsx'])));
    ok(await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG'])));
    expect(sqlite(t.db, 'SELECT credit_code FROM sheets ORDER BY credit_code').split('\n')).toEqual([regno, code].sort());
    // one department on the sheets: its results need no --department
    for (const n of [1, 2]) ok(await t.run(['result', `1/${n}`, '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']));
  });

  it('writes the drawn list, the sheets, the disclosure and the status as workbooks that keep every identifier', async () => {
    const drawn = json(await t.run(['--json', 'export', 'drawn', '1', '--out', join(t.dir, '抽取名单.xlsx')]));
    expect(drawn.format).toBe('xlsx');
    const sheets = json(await t.run(['--json', 'export', 'sheets', '1', '--out', t.dir, '--format', 'xlsx']));
    expect(sheets.out).toBe(join(t.dir, 'sheets-1.xlsx'));
    // the status before the disclosure: both results wait to be published (by sheet reference and department)
    const status = json(await t.run(['--json', 'status', '--year', '2022', '--on', '2030-01-05', '--out', join(t.dir, '进度.xlsx')]));
    expect(status.file).toMatchObject({ format: 'xlsx', rows: 3 });
    const disclosure = json(await t.run(['--json', 'export', 'disclosure', '1', '--out', join(t.dir, '公示.xlsx')]));
    expect(disclosure).toMatchObject({ format: 'xlsx', rows: 2 });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM disclosed')).toBe('2');
    expect(sqlite(t.db, 'SELECT sha256 FROM disclosures')).toBe(disclosure.sha256);

    const keyOf = (rows: string[][], column: string) => rows.slice(1).map((r) => r[rows[0].indexOf(column)]).sort();
    const d = await readBack(drawn.out);
    expect(d[0]).toEqual(['序号', '抽查计划编号', '抽查计划名称', '市场主体名称', '统一社会信用代码/注册号', '所属乡镇', '检查实施机关', '审计日志头（序号:哈希）', '抽取过程', '备注']);
    expect(keyOf(d, '统一社会信用代码/注册号')).toEqual([regno, code].sort());
    expect(d.slice(1).map((r) => r[0])).toEqual(['1', '2']);
    const s = await readBack(sheets.out);
    expect(keyOf(s, '统一社会信用代码/注册号').every((k) => k === code || k === regno)).toBe(true);
    expect(s.slice(1).map((r) => r[s[0].indexOf('检查日期')])).toContain('2022-05-10');
    const x = await readBack(disclosure.out);
    expect(x[0][9]).toBe('检查完成日期');
    expect(x.slice(1).map((r) => r[9])).toEqual(['2022-05-10', '2022-05-10']);
    expect(keyOf(x, '统一社会信用代码/注册号')).toEqual([regno, code].sort());
    const st = await readBack(status.file.out);
    expect(st[0].slice(0, 4)).toEqual(['事项', '抽查计划编号', '抽取序号', '部门或检查表']);
    // the department confirmed before entering (so nothing to confirm is overdue); publication is due from the inspection (10 May 2022)
    expect(st.slice(1).map((r) => [r[0], r[3]])).toEqual([['进度', 'SCJG'], ['待公示', '1/1 SCJG'], ['待公示', '1/2 SCJG']]);

    // LibreOffice, which opens the files as Excel would: the same text, nothing turned into a number or a date
    const lo = join(t.dir, 'lo');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${t.dir}/lo-profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1',
      '--outdir', lo, drawn.out, sheets.out, disclosure.out, status.file.out], { stdio: 'pipe', timeout: 300_000 });
    const csv = (name: string) => readCsvText(readFileSync(join(lo, name), 'utf8'));
    expect(csv('抽取名单.csv')).toEqual(pad(d, d[0].length));
    expect(csv('公示.csv')).toEqual(pad(x, x[0].length));
    expect(csv('进度.csv')).toEqual(pad(st, st[0].length));
    expect(csv('sheets-1.csv')).toEqual(pad(s, s[0].length));
    expect(csv('抽取名单.csv').flat()).toContain(code);
    expect(csv('进度.csv').flat()).toContain('1/2 SCJG');
  }, 400_000);

  it('keeps CSV the default, and --format csv wins over the extension', async () => {
    const plain = json(await t.run(['--json', 'export', 'drawn', '1', '--out', join(t.dir, 'drawn.csv')]));
    expect(plain.format).toBe('csv');
    expect(readFileSync(plain.out, 'utf8').startsWith('\uFEFF序号,')).toBe(true);
    const forced = json(await t.run(['--json', 'export', 'drawn', '1', '--out', join(t.dir, 'drawn.xlsx'), '--format', 'csv']));
    expect(forced.format).toBe('csv');
    expect(readFileSync(forced.out).subarray(0, 2).toString('latin1')).not.toBe('PK');
    const zipped = json(await t.run(['--json', 'export', 'drawn', '1', '--out', join(t.dir, 'drawn.txt'), '--format', 'xlsx']));
    expect(readFileSync(zipped.out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await t.run(['export', 'drawn', '1', '--out', join(t.dir, 'x'), '--format', 'pdf'])).code).toBe(2);
  });

  it('writes the rejects file as a workbook with --rejects-format xlsx: the phone\'s leading zero and every code as written', async () => {
    const inspectors = writeCsv(t.dir, 'inspectors-more.csv', [
      ['单位', '姓名', '职务', '执法证号', '有效期至', '执法岗位', '联系电话', '授权事项', '状态'],
      ['不存在的局', '张三', '科员', '013063400199', '2026-12-31', '执法岗', '03128888888', '', '在岗'],
    ]);
    const subjects = writeCsv(t.dir, 'subjects-more.csv', [
      ['统一社会信用代码', '注册号', '企业名称', '登记状态'],
      [code, regno, '=HYPERLINK("x")', '不知道'],
    ]);
    const r1 = await t.run(['--json', 'import', 'inspectors', inspectors, '--rejects-format', 'xlsx']);
    expect(r1.code).toBe(3);
    expect(JSON.parse(r1.stdout).rejectsFile).toBe(join(t.dir, 'inspectors-more.rejects.xlsx'));
    const r2 = await t.run(['--json', 'import', 'subjects', subjects, '--rejects-format', 'xlsx']);
    expect(r2.code).toBe(3);
    const a = await readBack(join(t.dir, 'inspectors-more.rejects.xlsx'));
    expect(a[0].slice(0, 4)).toEqual(['行号', '列', '原因', '单位']);
    expect(a[1][0]).toBe('2');
    expect(a[1].slice(3)).toEqual(['不存在的局', '张三', '科员', '013063400199', '2026-12-31', '执法岗', '03128888888', '', '在岗']);
    const b = await readBack(join(t.dir, 'subjects-more.rejects.xlsx'));
    expect(b[1].slice(3)).toEqual([code, regno, '=HYPERLINK("x")', '不知道']); // a text cell, never a formula: no guard needed
    expect((statSyncMode(join(t.dir, 'subjects-more.rejects.xlsx')))).toBe(0o600);
    expect(readdirSync(t.dir).filter((f) => /\.tmp$/.test(f))).toEqual([]);
    const lo = join(t.dir, 'lo-rejects');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${t.dir}/lo-profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1',
      '--outdir', lo, join(t.dir, 'inspectors-more.rejects.xlsx'), join(t.dir, 'subjects-more.rejects.xlsx')], { stdio: 'pipe', timeout: 300_000 });
    expect(readCsvText(readFileSync(join(lo, 'inspectors-more.rejects.csv'), 'utf8'))).toEqual(pad(a, a[0].length));
    expect(readCsvText(readFileSync(join(lo, 'subjects-more.rejects.csv'), 'utf8'))).toEqual(pad(b, b[0].length));
    // the CSV stays the default
    expect((await t.run(['import', 'inspectors', inspectors])).code).toBe(3);
    expect(readFileSync(join(t.dir, 'inspectors-more.rejects.csv'), 'utf8').startsWith('\uFEFF行号,列,原因,')).toBe(true);
  }, 400_000);
});
