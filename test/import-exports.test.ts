import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../src/core/uscc.js';
import { countyDb, freshDb, readCsvText, sqlite, writeCsv } from './helpers.js';
import { makeXlsx } from './xlsx-maker.js';

/**
 * Registry exports and clerks' files as they really come (issue 9), and imports that account
 * for every line (issue 15): every file here is a real file, GBK or UTF-8 CSV or an .xlsx
 * made by the test, imported through the CLI in-process (test/helpers.ts `draw`), on real SQLite files.
 */
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const gbk = (dir: string, name: string, rows: string[][], sep = ',') => {
  const path = join(dir, name);
  writeFileSync(path, iconv.encode(rows.map((r) => r.join(sep)).join('\r\n') + '\r\n', 'gb18030'));
  return path;
};

/** A valid credit code from its first 16 characters: the organisation code's check (GB 11714) and the code's own (GB 32100) added. */
function uscc(body: string): string {
  const b = body.padEnd(16, '0').slice(0, 16);
  const org = b.slice(8, 16);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) { const c = org.charCodeAt(i); sum += (c <= 57 ? c - 48 : c - 55) * w[i]; }
  const r = 11 - (sum % 11);
  return completeUscc(b + (r === 10 ? 'X' : r === 11 ? '0' : String(r)));
}

/** A valid 15-digit registration number (GS15-2006: ISO 7064 MOD 11,10) from its first 14 digits. */
function regno(first14: string): string {
  for (let d = 0; d <= 9; d++) {
    const code = first14 + d;
    let p = 10;
    let ok = false;
    for (let i = 0; i < 15; i++) {
      let s = (p + Number(code[i])) % 10;
      if (s === 0) s = 10;
      if (i === 14) ok = s === 1;
      p = (s * 2) % 11;
    }
    if (ok) return code;
  }
  throw new Error('no check digit');
}

const A = uscc('91130634MA0A0000');
const B = uscc('92130634MA0B0001');
const C = uscc('91130634MA0C0002');
const OTHER = uscc('91130634MA0D0003');
const R15 = regno('13063460000001');

async function departments() {
  const t = freshDb();
  const d = writeCsv(t.dir, 'd.csv', [['部门代码', '部门名称'], ['SCJG', '曲阳县市场监督管理局'], ['GA', '曲阳县公安局']]);
  expect((await t.run(['import', 'departments', d])).code).toBe(0);
  return t;
}

describe('the 注册号 column as registry exports fill it', () => {
  it('empty, 15 digits, the own credit code, a regional form, another credit code: every row kept', async () => {
    const t = await departments();
    const p = gbk(t.dir, 'subjects.csv', [
      ['统一社会信用代码', '注册号', '企业名称', '登记状态'],
      [A, '', '甲公司', '存续'],
      [B, R15, '乙个体', '存续'],
      [C, C, '丙公司', '存续'],
      [uscc('91130634MA0E0004'), '14010700A001338', '丁公司', '存续'],
      [uscc('91130634MA0F0005'), OTHER, '戊公司', '存续'],
      ['', regno('13063460000002'), '己个体', '存续'],
    ]);
    const r = await t.run(['--json', 'import', 'subjects', p]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ total: 6, inserted: 6, rejected: 0, warnings: 2 });
    expect(sqlite(t.db, `SELECT registration_number FROM subjects WHERE credit_code = '${C}'`)).toBe('');
    expect(sqlite(t.db, `SELECT registration_number FROM subjects WHERE credit_code = '${B}'`)).toBe(R15);
    expect(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE registration_number = '14010700A001338'")).toBe('1');
    expect(sqlite(t.db, `SELECT credit_code FROM subjects WHERE name = '己个体'`)).toBe(regno('13063460000002'));
    expect(r.stderr).toContain('14010700A001338');
    // the warning names both codes
    expect(r.stderr).toMatch(new RegExp(`${OTHER}.*${uscc('91130634MA0F0005')}`));
  });

  it('a clean export with the credit code copied into 注册号 imports whole', async () => {
    const t = await departments();
    const rows = Array.from({ length: 50 }, (_, i) => {
      const code = uscc(`91130634MA0G${String(i).padStart(4, '0')}`);
      return [code, code, `公司${i}`, '存续'];
    });
    const p = gbk(t.dir, 'clean.csv', [['统一社会信用代码', '注册号', '企业名称', '登记状态'], ...rows]);
    const r = await t.run(['--json', 'import', 'subjects', p]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ total: 50, inserted: 50, rejected: 0, warnings: 0 });
  });

  it('a 15-digit number with a wrong check digit and a 12-character value are still rejected', async () => {
    const t = await departments();
    const bad = R15.slice(0, 14) + String((Number(R15[14]) + 1) % 10);
    const p = writeCsv(t.dir, 's.csv', [['统一社会信用代码', '注册号', '企业名称', '登记状态'], [A, bad, '甲', '存续'], [C, '123456789012', '丙', '存续']]);
    const r = await t.run(['--json', 'import', 'subjects', p]);
    expect(r.code).toBe(3);
    expect(json(r)).toMatchObject({ rejected: 2, inserted: 0 });
  });
});

describe('headers as clerks write them', () => {
  it('部门代码 names the department in items and inspectors; conflicts take every subject and certificate header', async () => {
    const t = await departments();
    const items = gbk(t.dir, 'items.csv', [['部门代码', '检查项目'], ['SCJG', '营业执照检查']]);
    expect((await t.run(['import', 'items', items])).code).toBe(0);
    const inspectors = gbk(t.dir, 'insp.csv', [['部门代码', '姓名', '执法证号'], ['SCJG', '张三', '130634001001']]);
    expect((await t.run(['import', 'inspectors', inspectors])).code).toBe(0);
    const subjects = writeCsv(t.dir, 's.csv', [['统一社会信用代码', '企业名称', '登记状态'], [A, '甲', '存续']]);
    expect((await t.run(['import', 'subjects', subjects])).code).toBe(0);
    const conflicts = writeCsv(t.dir, 'c.csv', [['证件号码', '社会信用代码', '利害关系'], ['130634001001', A, '亲属']]);
    const r = await t.run(['--json', 'import', 'conflicts', conflicts]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ inserted: 1 });
  });

  it('a missing column is named in Chinese first, with the nearest header of the file (执法证好 → 执法证号)', async () => {
    const t = await departments();
    const p = writeCsv(t.dir, 'insp.csv', [['单位', '姓名', '执法证好'], ['SCJG', '张三', '130634001001']]);
    const r = await t.run(['import', 'inspectors', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('执法证号 (certificate)');
    expect(r.stderr).toMatch(/“执法证好”是不是“执法证号”/);
  });

  it('a second column for one field (名称 beside 企业名称) is refused naming both', async () => {
    const t = await departments();
    const p = writeCsv(t.dir, 's.csv', [['统一社会信用代码', '企业名称', '名称', '登记状态'], [A, '甲', '乙', '存续']]);
    const r = await t.run(['import', 'subjects', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('企业名称');
    expect(r.stderr).toContain('“名称”');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('0');
    const q = writeCsv(t.dir, 'r.csv', [['统一社会信用代码', '企业名称', '法定代表人', '负责人', '登记状态'], [A, '甲', '张', '李', '存续']]);
    const r2 = await t.run(['import', 'subjects', q]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/法定代表人.*负责人/);
  });
});

describe("Excel's habits", () => {
  it('title rows above the header are found and reported; empty rows anywhere are blank, not rejected', async () => {
    const t = await departments();
    const p = gbk(t.dir, 's.csv', [
      ['曲阳县市场主体名录', '', '', ''],
      ['导出日期：2026-01-05', '', '', ''],
      ['统一社会信用代码', '企业名称', '登记状态', '住所'],
      [A, '甲', '存续', '某地'],
      ['', '', '', ''],
      [C, '丙', '存续', '某地'],
      [',,,'.split(',')[0], '', '', ''],
      ['', '', '', ''],
    ]);
    const r = await t.run(['--json', 'import', 'subjects', p]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ total: 2, inserted: 2, rejected: 0, blank: 3, headerLine: 3 });
    expect(json(r).titleRows.map((x: { text: string }) => x.text)).toEqual(['曲阳县市场主体名录', '导出日期：2026-01-05']);
    expect(r.stderr).toContain('表头在第 3 行');
    const human = await t.run(['import', 'subjects', p]);
    expect(human.stdout).toContain('跳过空行 3 行');
  });

  it('tab- and semicolon-separated files are read (GBK "Unicode text" and a European locale)', async () => {
    const t = await departments();
    const tab = gbk(t.dir, 'tab.txt', [['统一社会信用代码', '企业名称', '登记状态', '住所'], [A, '甲', '存续', '某地, 某村']], '\t');
    const r = await t.run(['--json', 'import', 'subjects', tab]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ separator: '\t', inserted: 1 });
    expect(sqlite(t.db, `SELECT address FROM subjects WHERE credit_code = '${A}'`)).toBe('某地, 某村');
    const semi = join(t.dir, 'semi.csv');
    writeFileSync(semi, `统一社会信用代码;企业名称;登记状态\r\n${C};丙;存续\r\n`);
    expect(json(await t.run(['--json', 'import', 'subjects', semi]))).toMatchObject({ separator: ';', inserted: 1 });
  });

  it('an identifier in scientific notation is rejected with the hint to keep the column as text', async () => {
    const t = await departments();
    const p = writeCsv(t.dir, 'insp.csv', [['单位', '姓名', '执法证号'], ['SCJG', '张三', '1.30634E+11'], ['SCJG', '李四', '130634001002']]);
    const r = await t.run(['--json', 'import', 'inspectors', p]);
    expect(r.code).toBe(3);
    const rejects = readCsvText(readFileSync(join(t.dir, 'insp.rejects.csv'), 'utf8'));
    expect(rejects[1][0]).toBe('2');
    expect(rejects[1][2]).toContain('科学计数法');
    expect(rejects[1][2]).toContain('文本');
    const s = writeCsv(t.dir, 's.csv', [['统一社会信用代码', '企业名称', '登记状态'], ['9.11306347926543E+17', '甲', '存续']]);
    const r2 = await t.run(['import', 'subjects', s]);
    expect(r2.code).toBe(3);
    expect(readFileSync(join(t.dir, 's.rejects.csv'), 'utf8')).toContain('科学计数法');
  });

  it('a sheet reference Excel turned into a date is rejected with what it probably was', async () => {
    const t = freshDb();
    const p = writeCsv(t.dir, 'results.csv', [['检查表', '检查日期', '检查结果', '签字确认'], ['2026/1/5', '2026-01-10', '未发现问题', '是'], ['1月6日', '2026-01-10', '未发现问题', '是']]);
    const r = await t.run(['import', 'results', p]);
    expect(r.code).toBe(3);
    const rejects = readCsvText(readFileSync(join(t.dir, 'results.rejects.csv'), 'utf8'));
    expect(rejects[1][2]).toContain('日期');
    expect(rejects[1][2]).toContain('1/5');
    expect(rejects[2][2]).toContain('1/6');
  });
});

describe('every line accounted for (issue 15)', () => {
  const header = ['统一社会信用代码', '企业名称', '登记状态'];
  const rows = Array.from({ length: 11 }, (_, i) => [uscc(`91130634MA0H${String(i).padStart(4, '0')}`), `公司${i}`, '存续']);

  it('a quote opened and never closed is refused naming the line where it opened; nothing written', async () => {
    const t = await departments();
    const p = join(t.dir, 'q.csv');
    const lines = [header, ...rows].map((r) => r.join(','));
    lines[4] = lines[4].replace('公司3', '"公司3');
    writeFileSync(p, `${lines.join('\n')}\n`);
    const r = await t.run(['import', 'subjects', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 5 行');
    expect(r.stderr).toContain('引号');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('0');
  });

  it('a quote that closes further down, swallowing rows, is refused too', async () => {
    const t = await departments();
    const p = join(t.dir, 'q2.csv');
    const lines = [header, ...rows].map((r) => r.join(','));
    lines[3] = lines[3].replace('公司2', '"公司2');
    lines[7] = lines[7].replace('公司6', '公司6"');
    writeFileSync(p, `${lines.join('\n')}\n`);
    const r = await t.run(['import', 'subjects', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 4 行');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('0');
  });

  it('a quoted field with a line break in an address is still one row', async () => {
    const t = await departments();
    const p = join(t.dir, 'ok.csv');
    writeFileSync(p, `统一社会信用代码,企业名称,登记状态,住所\n${A},甲,存续,"某镇\n某村"\n${C},丙,存续,某地\n`);
    expect(json(await t.run(['--json', 'import', 'subjects', p]))).toMatchObject({ total: 2, inserted: 2 });
  });

  it('a lone 0xFF is named as an invalid byte, a file cut inside a character as cut, neither as "mixed"', async () => {
    const t = await departments();
    const text = `统一社会信用代码,企业名称,登记状态\n${A},曲阳县恒州镇某某有限公司,存续\n`;
    const ff = join(t.dir, 'ff.csv');
    writeFileSync(ff, Buffer.concat([Buffer.from(text), Buffer.from(`${C},丙`), Buffer.from([0xff]), Buffer.from(',存续\n')]));
    const r = await t.run(['import', 'subjects', ff]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('0xFF');
    expect(r.stderr).not.toContain('混用');
    const cut = join(t.dir, 'cut.csv');
    const bytes = Buffer.from(`${text}${C},丙公司`);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 1));
    const r2 = await t.run(['import', 'subjects', cut]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('字符的中间结束');
    expect(r2.stderr).not.toContain('混用');
  });
});

describe('the rejects file', () => {
  it('is written by the one CSV writer: BOM, CRLF, quoting, the formula guard, controls removed, mode 0600', async () => {
    const t = await departments();
    const p = join(t.dir, 'evil.csv');
    writeFileSync(p, [
      '部门,姓名,执法证号,联系电话',
      'XX,=1+1+cmd|\' /C calc\'!A0,130634001001,13800000000',
      'XX,"曲阳\n换行",130634001002,',
      'XX,＋SUM(A1),130634001003,',
      'XX,\u001b[31m红\u009b,130634001004,',
      '',
    ].join('\r\n'));
    const r = await t.run(['import', 'inspectors', p]);
    expect(r.code).toBe(3);
    const path = join(t.dir, 'evil.rejects.csv');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = readFileSync(path, 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(raw.split('\r\n').length).toBe(6); // header, four rows, the empty rest: the LF stays inside its quotes
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[^\r]\n(?!换行)/);
    const rows = readCsvText(raw);
    expect(rows[1][4]).toBe("'=1+1+cmd|' /C calc'!A0");
    expect(rows[2][4]).toBe('曲阳\n换行');
    expect(rows[3][4]).toBe("'＋SUM(A1)");
    expect(rows[4][4]).toBe('[31m红');
  });

  it('an import with no rejected row leaves alone a rejects file it did not write', async () => {
    const t = await departments();
    const p = writeCsv(t.dir, 'd2.csv', [['部门代码', '部门名称'], ['SW', '税务局']]);
    const mine = join(t.dir, 'd2.rejects.csv');
    writeFileSync(mine, '我自己的笔记');
    const r = await t.run(['import', 'departments', p]);
    expect(r.code).toBe(0);
    expect(readFileSync(mine, 'utf8')).toBe('我自己的笔记');
    expect(r.stdout).toContain('不是本次写的');
  });

  it('the temporary a killed import left is removed by the next import', async () => {
    const t = await departments();
    const p = writeCsv(t.dir, 'd3.csv', [['部门代码', '部门名称'], ['SW', '税务局']]);
    const left = join(t.dir, '.d3.rejects.csv.draw-999999999.tmp'); // the one writer's temporary (write-file.ts), its process gone
    writeFileSync(left, 'half');
    expect((await t.run(['import', 'departments', p])).code).toBe(0);
    expect(existsSync(left)).toBe(false);
  });
});

describe('--full cannot empty a registry by accident', () => {
  let t: Awaited<ReturnType<typeof departments>>;
  const codes = Array.from({ length: 30 }, (_, i) => uscc(`91130634MA0J${String(i).padStart(4, '0')}`));
  beforeAll(async () => {
    t = await departments();
    const p = writeCsv(t.dir, 'all.csv', [['统一社会信用代码', '企业名称', '登记状态'], ...codes.map((c, i) => [c, `公司${i}`, '存续'])]);
    expect((await t.run(['import', 'subjects', p])).code).toBe(0);
  });

  it('a file whose every row is rejected retires nothing', async () => {
    const p = writeCsv(t.dir, 'bad.csv', [['统一社会信用代码', '企业名称', '登记状态'], ...codes.map((c) => [c, '', '存续'])]);
    const r = await t.run(['--json', 'import', 'subjects', p, '--full']);
    expect(r.code).toBe(3);
    expect(json(r)).toMatchObject({ rejected: 30, retired: 0, retireSkipped: true });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE in_registry = 1')).toBe('30');
  });

  it('a file with some rows rejected retires nothing either, unless --strict (which then keeps nothing)', async () => {
    const p = writeCsv(t.dir, 'some.csv', [['统一社会信用代码', '企业名称', '登记状态'], ...codes.slice(0, 28).map((c, i) => [c, i === 0 ? '' : `公司${i}`, '存续'])]);
    const r = json(await t.run(['--json', 'import', 'subjects', p, '--full']));
    expect(r).toMatchObject({ rejected: 1, retired: 0, retireSkipped: true, committed: true });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE in_registry = 1')).toBe('30');
  });

  it('retiring over 10% is refused on a pipe without --yes (exit 2, count and share), done with it', async () => {
    const p = writeCsv(t.dir, 'most.csv', [['统一社会信用代码', '企业名称', '登记状态'], ...codes.slice(0, 20).map((c, i) => [c, `公司${i}`, '存续'])]);
    const r = await t.run(['import', 'subjects', p, '--full']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('10 条');
    expect(r.stderr).toContain('33.3%');
    expect(r.stderr).toContain('--yes');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE in_registry = 1')).toBe('30');
    expect(json(await t.run(['--json', 'import', 'subjects', p, '--full', '--yes']))).toMatchObject({ retired: 10 });
    // within 10%: no question
    const back = writeCsv(t.dir, 'back.csv', [['统一社会信用代码', '企业名称', '登记状态'], ...codes.slice(0, 29).map((c, i) => [c, `公司${i}`, '存续'])]);
    expect(json(await t.run(['--json', 'import', 'subjects', back, '--full']))).toMatchObject({ retired: 0, updated: 9 });
  });
});

describe('subject classes', () => {
  it('事业单位, 机关 and codes of other registering authorities are class other, listed by --class', async () => {
    const t = await departments();
    const p = gbk(t.dir, 's.csv', [
      ['统一社会信用代码', '企业名称', '市场主体类型', '登记状态'],
      [A, '甲公司', '有限责任公司', '存续'],
      [B, '乙个体', '个体工商户', '存续'],
      [uscc('93130634MA0K0001'), '丙合作社', '农民专业合作社', '存续'],
      [uscc('12130634MB000000'), '县医院', '事业单位', '存续'],
      [uscc('51130634MJ000000'), '某协会', '', '存续'],
      [uscc('11130634000000003'), '县政府办公室', '机关', '存续'],
    ]);
    expect((await t.run(['import', 'subjects', p])).code).toBe(0);
    const other = json(await t.run(['--json', 'list', 'subjects', '--class', '其他']));
    expect(other.map((s: { name: string }) => s.name).sort()).toEqual(['县医院', '县政府办公室', '某协会'].sort());
    expect(json(await t.run(['--json', 'list', 'subjects', '--class', '企业'])).map((s: { name: string }) => s.name)).toEqual(['甲公司']);
    expect((await t.run(['list', 'subjects', '--class', '公司'])).code).toBe(2);
  });
});

describe('.xlsx in', () => {
  it('reads the first sheet or --sheet NAME: exact digits, dates, the same validation and rejects file', async () => {
    const t = await departments();
    const file = join(t.dir, 'book.xlsx');
    await makeXlsx(file, [
      { name: '说明', rows: [['这一页不是数据']] },
      {
        name: '执法人员',
        rows: [
          ['曲阳县执法人员名单'],
          [],
          ['单位', '姓名', '执法证号', '有效期至', '联系电话'],
          ['SCJG', '马敏', { n: '130634001001' }, { date: 46022 }, '013804939127'],
          ['SCJG', '刘军', { n: '1.30634E+11' }, '', ''],
          ['SCJG', '王五', { n: '9113063479265430001' }, '', ''],
          [],
          ['SCJG', '赵六', '130634001004', { n: '2027-06-30', t: 'str' }, { n: '13800000000' }],
        ],
      },
    ]);
    const dry = await t.run(['--json', 'import', 'inspectors', file, '--sheet', '执法人员', '--dry-run']);
    expect(json(dry)).toMatchObject({ format: 'xlsx', sheet: '执法人员', total: 4, inserted: 2, rejected: 2, committed: false });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM inspectors')).toBe('0');
    const r = await t.run(['--json', 'import', 'inspectors', file, '--sheet', '执法人员']);
    expect(r.code).toBe(3);
    expect(json(r)).toMatchObject({ inserted: 2, rejected: 2, blank: 1, headerLine: 3 });
    expect(sqlite(t.db, "SELECT certificate || '|' || valid_until || '|' || phone FROM inspectors WHERE name = '马敏'")).toBe('130634001001|2025-12-31|013804939127');
    expect(sqlite(t.db, "SELECT valid_until || '|' || phone FROM inspectors WHERE name = '赵六'")).toBe('2027-06-30|13800000000');
    const rejects = readCsvText(readFileSync(join(t.dir, 'book.rejects.csv'), 'utf8'));
    expect(rejects.slice(1).map((x) => x[0])).toEqual(['5', '6']);
    expect(rejects[1][2]).toContain('科学计数法');
    expect(rejects[2][2]).toContain('科学计数法');
    const first = await t.run(['import', 'inspectors', file]);
    expect(first.code).toBe(2); // the first sheet has no header
    const strict = await t.run(['--json', 'import', 'inspectors', file, '--sheet', '执法人员', '--strict']);
    expect(json(strict)).toMatchObject({ committed: false });
    const none = await t.run(['import', 'inspectors', file, '--sheet', '没有']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('执法人员');
  });

  it('a file that is not a workbook is refused cleanly', async () => {
    const t = await departments();
    const p = join(t.dir, 'fake.xlsx');
    writeFileSync(p, 'PK\u0003\u0004 not really');
    const r = await t.run(['import', 'subjects', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不是可读的 .xlsx 工作簿');
    expect(r.stderr).not.toContain('    at ');
    expect(existsSync(join(t.dir, 'fake.rejects.csv'))).toBe(false);
  });
});

describe('a class in a plan scope', () => {
  it('--type 其他 scopes the other registrations, --type 企业 leaves them out', async () => {
    const t = countyDb();
    const p = writeCsv(t.dir, 'other.csv', [['统一社会信用代码', '企业名称', '市场主体类型', '登记状态'],
      [uscc('12130634MB000001'), '县医院', '事业单位', '存续'], [uscc('52130634MJ000002'), '某民办学校', '民办非企业单位', '存续']]);
    expect((await t.run(['import', 'subjects', p])).code).toBe(0);
    const plan = async (type: string, name: string) => JSON.parse((await t.run(['--json', 'plan', '--year', '2022', '--name', name, '--departments', 'SCJG',
      '--items', 'all', '--initiator', 'SCJG', '--ratio', '50%', '--window', '2022-04-01..2022-06-30', '--type', type, '--no-input'])).stdout);
    expect((await plan('其他', '其他类')).population).toBe(2);
    const enterprises = Number(sqlite(t.db, "SELECT COUNT(*) FROM subjects WHERE type_class = 'enterprise' AND status = 'active' AND in_registry = 1"));
    expect((await plan('企业', '企业类')).population).toBe(enterprises);
  });
});
