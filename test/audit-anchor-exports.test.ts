import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../src/io/xlsx-in.js';
import { countyDb, draw, onDay, readCsvText, sqlite, tmp, type Run } from './helpers.js';

/**
 * Issue 13, anchors on the remaining exports: the disclosure (CSV and .xlsx), the item list and
 * the plan as filed carry the audit head they were made at, and `draw audit verify --anchor FILE`
 * takes each of them: held on an untouched database, cut when the log was cut short after it.
 * A disclosure carries the head before its own disclosure.export entry (that entry records the
 * file's SHA-256, so the file cannot hold it).
 */

const COLUMN = '审计日志头（序号:哈希）';
type Head = { seq: number; hash: string };
const text = (h: Head) => `${h.seq}:${h.hash}`;

let base: string;
const files: Record<string, string> = {};
const heads: Record<string, Head> = {};

const head = (db: string): Head => {
  const [seq, hash] = sqlite(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').split('|');
  return { seq: Number(seq), hash: hash! };
};

beforeAll(async () => {
  const t = countyDb();
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  await onDay('2022-03-25T02:00:00Z', () => ok(['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG', '--items', 'all',
    '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']));
  await onDay('2022-04-01T01:00:00Z', () => ok(['run', '2022-001', '--commit-only']));
  await onDay('2022-04-01T02:00:00Z', () => ok(['run', '2022-001', '--seed', '2022-04-01 公开摇号 锚点']));
  await onDay('2022-04-01T03:00:00Z', () => ok(['confirm', '1', '--department', 'SCJG']));
  for (const n of [1, 2]) await ok(['result', `1/${n}`, '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']);
  // an attempt refused and logged: an entry no record stands for, which a cut can take off unseen
  expect((await t.run(['run', '2022-001', '--seed', 'again'])).code).toBe(2);
  heads.disclosureCsv = head(t.db);
  files.disclosureCsv = join(t.dir, '公示.csv');
  await ok(['export', 'disclosure', '1', '--out', files.disclosureCsv, '--encoding', 'gb18030']);
  expect(head(t.db).seq).toBe(heads.disclosureCsv.seq + 1); // its own entry came after
  heads.disclosureXlsx = head(t.db);
  files.disclosureXlsx = join(t.dir, '公示.xlsx');
  await ok(['export', 'disclosure', '1', '--out', files.disclosureXlsx]);
  expect((await t.run(['run', '2022-001', '--seed', 'once more'])).code).toBe(2);
  heads.later = head(t.db);
  files.items = join(t.dir, '事项清单.csv');
  await ok(['export', 'items', '--out', files.items]);
  files.itemsGbk = join(t.dir, '事项清单-gbk.csv');
  await ok(['export', 'items', '--out', files.itemsGbk, '--encoding', 'gb18030']);
  files.plan = join(t.dir, '计划.md');
  await ok(['export', 'plan', '2022-001', '--out', files.plan]);
  expect(head(t.db)).toEqual(heads.later); // those exports add no entry
  base = t.db;
});

function victim() {
  const db = join(tmp('draw-anchor-exports-'), 'draw.db');
  copyFileSync(base, db);
  return { db, run: (args: string[]): Promise<Run> => draw(['--db', db, ...args]) };
}

const cut = (db: string, from: number) => {
  for (const name of sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_draws')").split('\n').filter(Boolean)) {
    sqlite(db, `DROP TRIGGER "${name}"`);
  }
  sqlite(db, `DELETE FROM audit_draws WHERE hash IN (SELECT hash FROM audit_log WHERE seq >= ${from}); DELETE FROM audit_log WHERE seq >= ${from}`);
};

const anchorsOf = (r: Run) => JSON.parse(r.stdout).anchors as { anchor: string; file: string | null; status: string; seq?: number }[];

async function cellsOfXlsx(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const r of readXlsx(file, undefined)) rows.push(r.fields);
  return rows;
}

describe('the disclosure, the item list and the plan carry the head they were made at', () => {
  it('the disclosure, CSV in GB18030 and .xlsx: the last column, one SEQ:HASH on every row, the head before its own entry', async () => {
    const [header, ...rows] = readCsvText(new TextDecoder('gb18030').decode(readFileSync(files.disclosureCsv)));
    expect(header.at(-1)).toBe(COLUMN);
    expect(header.at(-2)).toBe('备注'); // the publicity system's columns keep their places
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.at(-1)).toBe(text(heads.disclosureCsv));
    const [xh, ...xr] = await cellsOfXlsx(files.disclosureXlsx);
    expect(xh.at(-1)).toBe(COLUMN);
    for (const r of xr) expect(r[xh.indexOf(COLUMN)]).toBe(text(heads.disclosureXlsx));
    // the entry that records the CSV's SHA-256 is the one right after the head it carries
    const entry = JSON.parse(sqlite(base, `SELECT detail FROM audit_log WHERE seq = ${heads.disclosureCsv.seq + 1}`));
    expect(entry).toMatchObject({ file: files.disclosureCsv, encoding: 'gb18030' });
  });

  it('the item list, UTF-8 and GB18030: the last column on every row', () => {
    for (const [file, decode] of [[files.items, (b: Buffer) => b.toString('utf8')], [files.itemsGbk, (b: Buffer) => new TextDecoder('gb18030').decode(b)]] as const) {
      const [header, ...rows] = readCsvText(decode(readFileSync(file)));
      expect(header.at(-1)).toBe(COLUMN);
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect(r.at(-1)).toBe(text(heads.later));
    }
  });

  it('the plan: a printed line and a comment that a Markdown viewer hides', () => {
    const md = readFileSync(files.plan, 'utf8');
    expect(md).toContain(`\n审计日志头：${text(heads.later)}\n`);
    expect(md).toContain(`\n<!-- draw-audit-head ${text(heads.later)} -->\n`);
  });
});

describe('draw audit verify --anchor with these files', () => {
  it('an untouched database holds each of them (exit 0)', async () => {
    const v = victim();
    const given = [files.disclosureCsv, files.disclosureXlsx, files.items, files.itemsGbk, files.plan];
    const r = await v.run(['--json', 'audit', 'verify', ...given.flatMap((f) => ['--anchor', f])]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(anchorsOf(r).map((a) => [a.file, a.status, a.anchor])).toEqual([
      [files.disclosureCsv, 'held', text(heads.disclosureCsv)], [files.disclosureXlsx, 'held', text(heads.disclosureXlsx)],
      [files.items, 'held', text(heads.later)], [files.itemsGbk, 'held', text(heads.later)], [files.plan, 'held', text(heads.later)],
    ]);
  });

  it('a log cut short by its last entry: the chain verifies, the item list and the plan do not (exit 4); the disclosures still hold', async () => {
    const v = victim();
    cut(v.db, heads.later.seq);
    expect((await v.run(['audit', 'verify'])).code).toBe(0);
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.items, '--anchor', files.itemsGbk, '--anchor', files.plan,
      '--anchor', files.disclosureXlsx]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(anchorsOf(r).map((a) => [a.file, a.status])).toEqual([[files.items, 'cut'], [files.itemsGbk, 'cut'], [files.plan, 'cut'], [files.disclosureXlsx, 'held']]);
    const zh = await v.run(['audit', 'verify', '--anchor', files.plan]);
    expect(zh.stdout).toContain(`锚点 ${text(heads.later)}（${files.plan}）：日志只到第 ${heads.later.seq - 1} 条，没有第 ${heads.later.seq} 条`);
  });

  it('a log cut short before a disclosure\'s head: that disclosure does not hold (exit 4), the earlier one does', async () => {
    const v = victim();
    cut(v.db, heads.disclosureXlsx.seq);
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.disclosureXlsx, '--anchor', files.disclosureCsv]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(anchorsOf(r).map((a) => [a.file, a.status])).toEqual([[files.disclosureXlsx, 'cut'], [files.disclosureCsv, 'held']]);
  });
});
