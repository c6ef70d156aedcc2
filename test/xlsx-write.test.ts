import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { writeXlsx, columnName } from '../src/io/xlsx-write.js';
import { displayWidth } from '../src/core/display-width.js';
import { readXlsx } from '../src/io/xlsx-in.js';
import { tmp, readCsvText } from './helpers.js';

/**
 * The .xlsx writer (for the papers a clerk opens in Excel): what goes in comes back exactly,
 * read by our reader and by LibreOffice, which opens the file as Excel would.
 */

const columns = [
  { header: '统一社会信用代码' }, { header: '注册号' }, { header: '名称' }, { header: '检查表' },
  { header: '电话' }, { header: '成立日期', kind: 'date' as const }, { header: '备注' },
];
const rows = [
  ['911306347926543012', '130634000012345', '曲阳县恒州镇某某有限公司', '1/17', '03128888888', '2015-03-01', '=1+1'],
  ['92130634MA0B00012K', '', '张三小吃店', '2022-001/5', '0086', '1949-10-01', '第一行\n第二行'],
  ['000123', '0000000000000001', '＜&"\'>', '1-6', '+8613800000000', '2026-01-05', ''],
];

async function readBack(path: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const piece of readXlsx(path, undefined)) for (const r of piece) out.push(r.fields);
  return out;
}

function entryText(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => { zip.close(); resolve(Buffer.concat(chunks).toString('utf8')); });
        });
      });
      zip.on('end', () => reject(new Error(`${name} missing`)));
      zip.readEntry();
    });
  });
}

describe('the .xlsx writer', () => {
  it('round-trips identifiers, leading zeros, Chinese text and dates through our reader', async () => {
    const dir = tmp();
    const path = join(dir, 'list.xlsx');
    await writeXlsx(path, { sheet: '抽取名单', columns, rows, mode: 0o600 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const back = await readBack(path);
    expect(back[0]).toEqual(columns.map((c) => c.header));
    expect(back.slice(1)).toEqual(rows.map((r) => [...r.slice(0, r.length - (r[6] === '' ? 1 : 0))]));
  });

  it('writes text cells, a frozen bold header, real dates and widths that count CJK double', async () => {
    const dir = tmp();
    const path = join(dir, 'list.xlsx');
    await writeXlsx(path, { sheet: '抽取名单', columns, rows });
    const sheet = await entryText(path, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('ySplit="1"');
    // every identifier is an inline string, never a number cell
    expect(sheet).toMatch(/<c r="A2" t="inlineStr" s="3"><is><t xml:space="preserve">911306347926543012<\/t>/);
    // the date is a number with the date style
    expect(sheet).toMatch(/<c r="F2" s="1"><v>42064<\/v><\/c>/);
    // 名称 column: 12 CJK characters = 24, plus the margin
    expect(sheet).toContain(`<col min="3" max="3" width="${displayWidth('曲阳县恒州镇某某有限公司') + 2}" customWidth="1"/>`);
    expect(displayWidth('曲阳a')).toBe(5);
    expect(columnName(0)).toBe('A');
    expect(columnName(27)).toBe('AB');
  });

  // LibreOffice shows what Excel would: a test tool only, which .ci/run installs (libreoffice-calc).
  it('opens in LibreOffice with every value as written (converted to CSV and back to .xlsx)', async () => {
    const dir = tmp();
    const path = join(dir, 'list.xlsx');
    await writeXlsx(path, { sheet: '抽取名单', columns, rows });
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', join(dir, 'csv'), path], { stdio: 'pipe', timeout: 180_000 });
    const csv = readCsvText(readFileSync(join(dir, 'csv', 'list.csv'), 'utf8'));
    expect(csv[0]).toEqual(columns.map((c) => c.header));
    expect(csv.slice(1)).toEqual(rows);
    // LibreOffice's own .xlsx (shared strings, its styles) read by our reader
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'xlsx', '--outdir', join(dir, 'lo-out'), path], { stdio: 'pipe', timeout: 180_000 });
    const again = join(dir, 'lo-out', 'list.xlsx');
    expect(existsSync(again)).toBe(true);
    const back = await readBack(again);
    expect(back.slice(1).map((r) => [...r, ...Array(7 - r.length).fill('')])).toEqual(rows);
  }, 400_000);
});
