import { describe, expect, it } from 'vitest';
import { isDateFormat, numberText, serialToDate, columnIndex } from '../src/io/xlsx-in.js';
import { dateSerial } from '../src/io/xlsx-write.js';
import { sniffSeparator } from '../src/io/csv-in.js';
import { csvLine, safeCell } from '../src/io/csv-write.js';
import { sheetRefAsDate, typeClassOf, toSubject } from '../src/core/records.js';
import { nearestHeader, mapHeader } from '../src/io/columns.js';
import { LISTING_EXTRAS, RECORD_SPECS, listedFields, listedRecord, storedFields, tableColumns } from '../src/core/record-spec.js';

describe('reading an .xlsx cell', () => {
  it('keeps the digits of an exact number and shows an inexact one as Excel does', () => {
    expect(numberText('130634001001')).toBe('130634001001');
    expect(numberText('123456789012345')).toBe('123456789012345');
    expect(numberText('911306347926543000')).toBe('9.11306347926543E+17');
    expect(numberText('1.30634E+11')).toBe('1.30634E+11');
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('12.5')).toBe('12.5');
  });
  it('knows a date format and the day a serial is', () => {
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('h:mm')).toBe(false);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('"m"0')).toBe(false);
    expect(serialToDate(46022)).toBe('2025-12-31');
    expect(serialToDate(59)).toBe('1900-02-28');
    expect(serialToDate(61)).toBe('1900-03-01');
    expect(serialToDate(0, true)).toBe('1904-01-01');
    for (const d of ['1900-01-01', '1900-02-28', '1900-03-01', '2015-03-01', '2026-01-05']) expect(serialToDate(dateSerial(d))).toBe(d);
    expect(columnIndex('AB7')).toBe(27);
  });
});

describe('a CSV file as Excel saves it', () => {
  it('finds the separator below title rows', () => {
    expect(sniffSeparator('名录\n导出\n统一社会信用代码\t企业名称\t状态\nA\tB\tC\n')).toBe('\t');
    expect(sniffSeparator('a;b;c\n1;2,5;3\n')).toBe(';');
    expect(sniffSeparator('a,b,c\n"x;y;z",2,3\n')).toBe(',');
    expect(sniffSeparator('单列\n')).toBe(',');
    // semicolons inside a business scope vary from row to row; the commas do not
    expect(sniffSeparator('代码,名称,经营范围\nA,甲,食品;日用品;五金;家电;建材\nB,乙,餐饮\nC,丙,零售;批发\n')).toBe(',');
  });
  it('writes every field RFC 4180 quoted, guarded and free of controls', () => {
    expect(csvLine(['a"b', 'c,d', 'e\nf', 'g\rh', '=1', '－1', '\u001b[2J', 7])).toBe('"a""b","c,d","e\nf","g\rh",\'=1,\'－1,[2J,7\r\n');
    expect(safeCell('\t=cmd')).toBe("'\t=cmd");
    expect(safeCell(-5)).toBe('-5');
  });
});

describe('rules', () => {
  it('a sheet reference turned into a date, and one that is not', () => {
    expect(sheetRefAsDate('2026/1/5')).toBe('1/5');
    expect(sheetRefAsDate('1月6日')).toBe('1/6');
    expect(sheetRefAsDate('2026-01-17 00:00:00')).toBe('1/17');
    expect(sheetRefAsDate('1/17')).toBeNull();
    expect(sheetRefAsDate('2022-001/17')).toBeNull();
  });
  it('the class from the type text, then from the credit code', () => {
    expect(typeClassOf('有限责任公司', '911306347926543012')).toBe('enterprise');
    expect(typeClassOf('个体工商户', '')).toBe('individual');
    expect(typeClassOf('事业单位', '')).toBe('other');
    expect(typeClassOf('', '12130634MB0000001X')).toBe('other');
    expect(typeClassOf('', '93130634MA0000001X')).toBe('cooperative');
    expect(typeClassOf('', '130634000012345')).toBe('enterprise');
  });
  it('a subject row with a regional 注册号 is kept with a warning', () => {
    const lookups = { department: () => undefined, acceptedCode: () => false, township: () => undefined, inspectorExists: () => false, subjectExists: () => false };
    const o = toSubject({ credit_code: '92130634MA0U3AQU93', registration_number: '14010700A001338', name: '甲', status: '存续' }, lookups);
    expect(o.ok).toBe(true);
    if (o.ok) {
      expect(o.record.registration_number).toBe('14010700A001338');
      expect(o.warnings.map((w) => w.reason)).toContain('warn.regnoRegional');
    }
  });
});

describe('one record spec per kind', () => {
  it('names the listing\'s table columns and JSON fields: fields of the spec or the listing\'s extras, never the phone', () => {
    for (const kind of Object.keys(RECORD_SPECS) as (keyof typeof RECORD_SPECS)[]) {
      const names = new Set([...RECORD_SPECS[kind].fields.map((x) => x.name), ...LISTING_EXTRAS[kind]]);
      for (const c of tableColumns(kind)) expect(names.has(c), `${kind}.${c}`).toBe(true);
      for (const k of RECORD_SPECS[kind].keys) expect(listedFields(kind)).toContain(k);
    }
    expect(listedFields('inspectors')).not.toContain('phone');
    expect(listedRecord('inspectors', { certificate: '1', name: '马敏', phone: '03121234567', items: 'A', active: true, import_id: 3 }))
      .toEqual({ certificate: '1', name: '马敏', active: true });
    expect(Object.keys(listedRecord('subjects', { status: 'active', credit_code: 'X', name: 'n', business_scope: 's' }))).toEqual(['credit_code', 'name', 'status']);
  });
  it('gives the headers, the store columns and the suggestions', () => {
    expect(storedFields('subjects')).toContain('type_class');
    expect(storedFields('conflicts')).toEqual(['reason', 'declared_on']);
    expect(mapHeader('items', ['部门代码', '检查项目']).missing).toEqual([]);
    expect(mapHeader('inspectors', ['部门代码', '姓名', '执法证号']).missing).toEqual([]);
    expect(mapHeader('conflicts', ['证件号码', '工商注册号', '原因']).missing).toEqual([]);
    expect(nearestHeader('inspectors', 'certificate', ['单位', '姓名', '执法证好'])).toEqual({ found: '执法证好', meant: '执法证号' });
    expect(nearestHeader('inspectors', 'certificate', ['单位', '姓名', '备注'])).toBeNull();
    for (const spec of Object.values(RECORD_SPECS)) for (const f of spec.fields) expect(f.headers).toContain(f.name);
  });
});
