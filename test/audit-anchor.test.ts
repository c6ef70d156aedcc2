import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../src/core/audit-chain.js';
import { countyDb, draw, drawProcess, readCsvText, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * Issue 13, outside anchors: every paper and package carries the audit head it was made at
 * (SEQ:HASH), and `draw audit verify --anchor` holds the log to it. A log cut short or rewritten
 * with every hash recomputed still verifies as a chain; only the anchor catches it (exit 4, naming
 * the anchor).
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 73915';

let base: string;
let dir: string;
/** the head right after the draw, as the log held it */
let afterDraw: { seq: number; hash: string };
/** the head at the end, when the later papers and the package were made */
let atEnd: { seq: number; hash: string };
const files: Record<string, string> = {};

const head = (db: string) => {
  const [seq, hash] = sqlite(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').split('|');
  return { seq: Number(seq), hash };
};

beforeAll(async () => {
  const t = countyDb();
  dir = t.dir;
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  await ok(PLAN);
  await ok(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']);
  const drawn = JSON.parse((await ok(['--json', 'run', '2022-001', '--seed', SEED])).stdout);
  afterDraw = head(t.db);
  // the sheets printed right after the draw
  await ok(['export', 'sheets', '1', '--out', join(dir, 'first')]);
  files.firstSheets = join(dir, 'first', 'sheets-1.html');
  // later work: a replacement (a record the log describes), then the papers and the package
  const cert = drawn.sheets[2].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
  await ok(['replace', '1/3', '--inspector', cert, '--reason', '依法回避', '--approved-by', '王局长']);
  // an attempt refused and logged: an entry no record stands for, so cutting it off leaves a log that verifies
  expect((await seeded(t, ['run', '2022-001', '--seed', SEED])).code).toBe(2);
  atEnd = head(t.db);
  expect(atEnd.seq).toBe(afterDraw.seq + 2);
  await ok(['export', 'sheets', '1', '--out', join(dir, 'later')]);
  files.sheets = join(dir, 'later', 'sheets-1.html');
  await ok(['export', 'sheets', '1', '--out', join(dir, 'later'), '--format', 'csv']);
  files.sheetsCsv = join(dir, 'later', 'sheets-1.csv');
  await ok(['export', 'sheets', '1', '--out', join(dir, 'later'), '--format', 'xlsx']);
  files.sheetsXlsx = join(dir, 'later', 'sheets-1.xlsx');
  const year = '2022'; // the replacements of the year's draws
  files.replacementsGbk = join(dir, 'replacements.csv');
  await ok(['export', 'replacements', '--year', year, '--out', files.replacementsGbk, '--encoding', 'gb18030']);
  files.replacementsHtml = join(dir, 'replacements.html');
  await ok(['export', 'replacements', '--year', year, '--out', files.replacementsHtml]);
  files.drawn = join(dir, 'drawn.csv');
  await ok(['export', 'drawn', '1', '--out', files.drawn, '--encoding', 'gb18030']);
  files.status = join(dir, 'status.xlsx');
  await ok(['status', '--year', '2022', '--out', files.status]);
  files.package = join(dir, 'package.json');
  await ok(['export', 'package', '1', '--out', files.package]);
  expect(head(t.db)).toEqual(atEnd); // exports add no entry
  base = t.db;
});

/** A copy of the finished database to tamper with, and the CLI bound to it. */
function victim() {
  const db = join(tmp('draw-anchor-'), 'draw.db');
  copyFileSync(base, db);
  return { db, run: (args: string[]): Promise<Run> => draw(['--db', db, ...args]) };
}

const dropTriggers = (db: string, table: string) => {
  for (const name of sqlite(db, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${table}'`).split('\n').filter(Boolean)) {
    sqlite(db, `DROP TRIGGER "${name}"`);
  }
};

const anchorsOf = (r: Run) => JSON.parse(r.stdout).anchors as { anchor: string; file: string | null; status: string; [k: string]: unknown }[];

describe('every paper and the package carry the head they were made at', () => {
  it('the HTML sheets: printed in each footer as SEQ:HASH and in the page head', () => {
    const first = readFileSync(files.firstSheets, 'utf8');
    expect(first).toContain(`<meta name="draw-audit-head" content="${afterDraw.seq}:${afterDraw.hash}">`);
    expect(first).toContain(`审计日志头：${afterDraw.seq}:${afterDraw.hash}</footer>`);
    expect(readFileSync(files.sheets, 'utf8')).toContain(`content="${atEnd.seq}:${atEnd.hash}"`);
  });

  it('the CSV sheets and the GB18030 replacements list: a column of SEQ:HASH on every row', () => {
    const [header, ...rows] = readCsvText(readFileSync(files.sheetsCsv, 'utf8'));
    const col = header.indexOf('审计日志头（序号:哈希）');
    expect(col).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r[col]).toBe(`${atEnd.seq}:${atEnd.hash}`);
    const gbk = new TextDecoder('gb18030').decode(readFileSync(files.replacementsGbk));
    const [h2, ...r2] = readCsvText(gbk);
    expect(r2).toHaveLength(1);
    expect(r2[0][h2.indexOf('审计日志头（序号:哈希）')]).toBe(`${atEnd.seq}:${atEnd.hash}`);
  });

  it('the package: audit.head with audit.headSeq, inside what its integrity covers', () => {
    const pkg = JSON.parse(readFileSync(files.package, 'utf8'));
    expect(pkg.audit).toMatchObject({ head: atEnd.hash, headSeq: atEnd.seq });
  });
});

describe('draw audit verify --anchor', () => {
  it('an untouched database holds every anchor: typed, HTML, CSV, .xlsx, GB18030 CSV (replacements, drawn list), status workbook, package (exit 0)', async () => {
    const v = victim();
    const given = [`${afterDraw.seq}:${afterDraw.hash.toUpperCase()}`, files.firstSheets, files.sheets, files.sheetsCsv, files.sheetsXlsx,
      files.replacementsGbk, files.replacementsHtml, files.drawn, files.status, files.package, atEnd.hash];
    const r = await v.run(['--json', 'audit', 'verify', ...given.flatMap((a) => ['--anchor', a])]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const anchors = anchorsOf(r);
    expect(anchors.map((a) => [a.status, a.seq])).toEqual([
      ['held', afterDraw.seq], ['held', afterDraw.seq], ...Array(8).fill(['held', atEnd.seq]), ['held', atEnd.seq],
    ]);
    expect(anchors[1]).toMatchObject({ anchor: `${afterDraw.seq}:${afterDraw.hash}`, file: files.firstSheets });
    const text = await v.run(['audit', 'verify', '--anchor', files.firstSheets]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`锚点 ${afterDraw.seq}:${afterDraw.hash}（${files.firstSheets}）：日志仍有第 ${afterDraw.seq} 条且哈希相同`);
  });

  it('a log cut short after the sheets were printed: the chain still verifies, the later anchors do not (exit 4)', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    sqlite(v.db, `DELETE FROM audit_log WHERE seq = ${atEnd.seq}`);
    // without an anchor nothing shows: the refused attempt stood for no record
    expect((await v.run(['audit', 'verify'])).code).toBe(0);
    const r = await v.run(['audit', 'verify', '--anchor', files.sheets, '--anchor', files.package, '--anchor', files.firstSheets]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const cut = `日志只到第 ${atEnd.seq - 1} 条，没有第 ${atEnd.seq} 条；日志在锚点之后被截短`;
    expect(r.stdout).toContain(`锚点 ${atEnd.seq}:${atEnd.hash}（${files.sheets}）：${cut}`);
    expect(r.stdout).toContain(`锚点 ${atEnd.seq}:${atEnd.hash}（${files.package}）：${cut}`);
    // the paper printed before the cut still holds
    expect(r.stdout).toContain(`锚点 ${afterDraw.seq}:${afterDraw.hash}（${files.firstSheets}）：日志仍有`);
    // the exit code as the shell sees it, from bin/draw
    expect(drawProcess(['--db', v.db, 'audit', 'verify', '--anchor', files.sheetsCsv]).code).toBe(4);
    const en = await v.run(['--lang', 'en', '--json', 'audit', 'verify', '--anchor', files.sheetsXlsx]);
    expect(en.code).toBe(4);
    expect(anchorsOf(en)).toEqual([expect.objectContaining({ status: 'cut', seq: atEnd.seq, last: atEnd.seq - 1, file: files.sheetsXlsx })]);
  });

  it('cut short and written on (the log grows past the anchor again): the anchor\'s entry is another, rewritten (exit 4)', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    sqlite(v.db, `DELETE FROM audit_log WHERE seq = ${atEnd.seq}`);
    expect((await seeded(v, ['run', '2022-001', '--seed', 'another'])).code).toBe(2); // a new entry takes the seq
    expect((await v.run(['audit', 'verify'])).code).toBe(0);
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.sheetsCsv]);
    expect(r.code).toBe(4);
    const [a] = anchorsOf(r);
    expect(a).toMatchObject({ status: 'rewritten', seq: atEnd.seq, found: head(v.db).hash });
  });

  it('a chain rewritten from before the first sheets, every hash recomputed: verifies as a chain, every anchor after it refuses (exit 4)', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    dropTriggers(v.db, 'audit_draws');
    // entry 1 (init) gets another time; every hash from there on is recomputed, links and draw column too
    const d = new Database(v.db);
    const rows = d.prepare('SELECT seq, at, operator, action, detail, prev_hash, hash FROM audit_log ORDER BY seq').all() as
      { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string }[];
    let prev = rows[0].prev_hash;
    d.transaction(() => {
      for (const e of rows) {
        const at = e.seq === 1 ? '2021-01-01T00:00:00.000Z' : e.at;
        const hash = entryHash(prev, { ...e, at });
        d.prepare('UPDATE audit_log SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(at, prev, hash, e.seq);
        d.prepare('UPDATE audit_draws SET hash = ? WHERE hash = ?').run(hash, e.hash);
        prev = hash;
      }
    })();
    d.close();
    expect((await v.run(['audit', 'verify'])).code).toBe(0);
    const r = await v.run(['audit', 'verify', '--anchor', files.firstSheets, '--anchor', `${atEnd.seq}:${atEnd.hash}`]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const now = (seq: number) => sqlite(v.db, `SELECT hash FROM audit_log WHERE seq = ${seq}`);
    expect(r.stdout).toContain(`锚点 ${afterDraw.seq}:${afterDraw.hash}（${files.firstSheets}）：日志第 ${afterDraw.seq} 条的哈希现在是 ${now(afterDraw.seq)}；日志从这一条或更早处被改写过`);
    expect(r.stdout).toContain(`锚点 ${atEnd.seq}:${atEnd.hash}：日志第 ${atEnd.seq} 条的哈希现在是 ${now(atEnd.seq)}`);
    // a bare hash (a paper made before papers carried the seq): no entry has it any more
    const bare = await v.run(['--lang', 'en', 'audit', 'verify', '--anchor', afterDraw.hash]);
    expect(bare.code).toBe(4);
    expect(bare.stdout).toContain(`anchor ${afterDraw.hash}: no entry of the log has that hash; the log was cut short or rewritten`);
  });

  it('an entry after the anchor changed without recomputing: the chain break is the anchor\'s too (exit 4)', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    sqlite(v.db, `UPDATE audit_log SET operator = 'x' WHERE seq = ${atEnd.seq}`);
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.firstSheets]);
    expect(r.code).toBe(4);
    expect(anchorsOf(r)).toEqual([expect.objectContaining({ status: 'broken', seq: afterDraw.seq, at: atEnd.seq })]);
  });

  it('a malformed anchor, or a file that carries no head, is a usage error naming it (exit 2)', async () => {
    const v = victim();
    for (const bad of ['12:abc', `0:${atEnd.hash}`, `${atEnd.seq}-${atEnd.hash}`, join(dir, 'no-such-paper.html')]) {
      const r = await v.run(['audit', 'verify', '--anchor', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--anchor ${bad}：既不是"序号:哈希"`);
    }
    const plain = join(tmp(), 'notes.html');
    writeFileSync(plain, '<!DOCTYPE html><html><body>审计日志头哈希：' + atEnd.hash + '</body></html>');
    const csv = join(tmp(), 'list.csv');
    writeFileSync(csv, '序号,名称\r\n1,曲阳县某公司\r\n');
    for (const file of [plain, csv]) {
      const r = await v.run(['audit', 'verify', '--anchor', file]);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toContain(`--anchor ${file}：文件中没有审计日志头（序号:哈希）`);
    }
    const en = await v.run(['--lang', 'en', 'audit', 'verify', '--anchor', '12:abc']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--anchor 12:abc: neither SEQ:HASH');
  });
});
