import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvText } from '../src/io/csv-write.js';
import { freshDb, tmp } from './helpers.js';

/**
 * Issue 15: CSV that stays CSV, read by someone else's parser. Python's csv module (RFC 4180, as
 * Excel reads a .csv) must see the same rows and cells the tool wrote, and every cell that Excel
 * would take for a formula (= + - @, full-width too) must arrive guarded by a leading apostrophe.
 */
function pythonRows(path: string): string[][] {
  const script = 'import csv,json,sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

const HOSTILE = ['曲阳县\n换行\n有限公司', '回车\r之后', '他说"好"，然后', '=1+1+cmd|\' /C calc\'!A0', '＝SUM(A1)', '@cmd', '-2+3', 'a,b;c\td'];
const EXCEL_FORMULA = /^[=+\-@＝＋－＠\t\r]/;

describe('CSV read back by Python\'s csv module', () => {
  it('the one CSV writer: every row has its cells, text comes back as written, formulas guarded', () => {
    const dir = tmp();
    const path = join(dir, 'hostile.csv');
    writeFileSync(path, `\uFEFF${csvText(['序号', '名称', '备注'], HOSTILE.map((name, i) => [i + 1, name, '正常']))}`);
    const rows = pythonRows(path);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const row of rows) expect(row).toHaveLength(3);
    HOSTILE.forEach((name, i) => {
      const cell = rows[i + 1][1];
      if (EXCEL_FORMULA.test(name)) expect(cell).toBe(`'${name}`);
      else expect(cell).toBe(name);
      expect(EXCEL_FORMULA.test(cell)).toBe(false);
      expect(rows[i + 1][2]).toBe('正常');
    });
  });

  it('the rejects file of an import through the CLI', async () => {
    const t = await freshDb();
    await t.run(['import', 'departments', join('fixtures', 'departments.csv')]);
    const p = join(t.dir, 'hostile-inspectors.csv');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    // Every row lacks a valid department, so every row is rejected and lands in the rejects file.
    writeFileSync(p, ['部门,姓名,执法证号,联系电话', ...HOSTILE.map((n, i) => `XX,${quote(n)},1306340010${String(i).padStart(2, '0')},`), ''].join('\r\n'));
    const r = await t.run(['import', 'inspectors', p]);
    expect(r.code).toBe(3);
    const rows = pythonRows(join(t.dir, 'hostile-inspectors.rejects.csv'));
    expect(rows).toHaveLength(HOSTILE.length + 1);
    const width = rows[0].length;
    for (const row of rows) expect(row).toHaveLength(width);
    const nameColumn = rows[0].indexOf('姓名');
    expect(nameColumn).toBeGreaterThanOrEqual(0);
    HOSTILE.forEach((name, i) => {
      const cell = rows[i + 1][nameColumn];
      expect(cell).toBe(EXCEL_FORMULA.test(name) ? `'${name}` : name);
    });
    expect(readFileSync(join(t.dir, 'hostile-inspectors.rejects.csv'), 'utf8').startsWith('\uFEFF')).toBe(true);
  });
});
