import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../src/core/audit-chain.js';
import { readXlsx } from '../src/io/xlsx-in.js';
import { countyDb, draw, drawProcess, FIXTURES, onDay, readCsvText, sqlite, tmp, type Run } from './helpers.js';

/**
 * Issue 13, anchors on the remaining exports. The item list and the plan as filed carry the audit
 * head they were made at. The disclosure (CSV and .xlsx) carries none: its columns are exactly the
 * publicity system's template, which refuses a file with another column. It is an anchor through
 * its own disclosure.export entry, which records the file's SHA-256: `draw audit verify --anchor
 * 公示.csv` finds that entry by the digest and holds the log to it (as it does a file imported,
 * through its import entry). Held on an untouched database; exit 4 naming it when the log was cut
 * short before that entry or rewritten so that it records another file.
 */

const COLUMN = '审计日志头（序号:哈希）';
/** the columns of the publicity system's result notice (检查结果公告), and nothing else */
const PUBLICITY = ['序号', '抽查计划编号', '抽查计划名称', '抽查任务编号', '抽查任务名称', '抽查类型', '检查实施机关',
  '市场主体名称', '统一社会信用代码/注册号', '检查完成日期', '检查结果', '检查事项及结果', '备注'];
const SEQ_HASH = /\d+:[0-9a-f]{64}/;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
type Head = { seq: number; hash: string };
const text = (h: Head) => `${h.seq}:${h.hash}`;

let base: string;
const files: Record<string, string> = {};
const heads: Record<string, Head> = {};
/** the head each disclosure's export printed: its own disclosure.export entry, a bare hash */
const printed: Record<string, string> = {};

const head = (db: string): Head => {
  const [seq, hash] = sqlite(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').split('|');
  return { seq: Number(seq), hash: hash! };
};

beforeAll(async () => {
  const t = countyDb();
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  await onDay('2022-03-25T02:00:00Z', () => ok(['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG', '--items', 'all',
    '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']));
  await onDay('2022-04-01T01:00:00Z', () => ok(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']));
  await onDay('2022-04-01T02:00:00Z', () => ok(['run', '2022-001', '--seed', '2022-04-01 公开摇号 锚点']));
  await onDay('2022-04-01T03:00:00Z', () => ok(['confirm', '1', '--department', 'SCJG']));
  for (const n of [1, 2]) await ok(['result', `1/${n}`, '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']);
  // an attempt refused and logged: an entry no record stands for, which a cut can take off unseen
  expect((await t.run(['run', '2022-001', '--seed', 'again'])).code).toBe(2);
  // each disclosure's anchor is its own disclosure.export entry, the head right after it
  files.disclosureCsv = join(t.dir, '公示.csv');
  printed.disclosureCsv = /审计日志头哈希：([0-9a-f]{64})/.exec((await ok(['export', 'disclosure', '1', '--out', files.disclosureCsv, '--encoding', 'gb18030'])).stdout)![1]!;
  heads.disclosureCsv = head(t.db);
  files.disclosureXlsx = join(t.dir, '公示.xlsx');
  await ok(['export', 'disclosure', '1', '--out', files.disclosureXlsx]);
  heads.disclosureXlsx = head(t.db);
  expect(heads.disclosureXlsx.seq).toBe(heads.disclosureCsv.seq + 1);
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
  for await (const piece of readXlsx(file, undefined)) for (const r of piece) rows.push(r.fields);
  return rows;
}

describe('the disclosure, the item list and the plan carry the head they were made at', () => {
  it('the disclosure, CSV in GB18030 and .xlsx: exactly the publicity system\'s columns, no head anywhere in it', async () => {
    const [header, ...rows] = readCsvText(new TextDecoder('gb18030').decode(readFileSync(files.disclosureCsv)));
    expect(header).toEqual(PUBLICITY);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toHaveLength(PUBLICITY.length);
    expect(rows.flat().some((c) => SEQ_HASH.test(c))).toBe(false);
    const [xh, ...xr] = await cellsOfXlsx(files.disclosureXlsx);
    expect(xh).toEqual(PUBLICITY);
    expect(xr).toHaveLength(2);
    expect(xr.flat().some((c) => SEQ_HASH.test(c))).toBe(false);
    // the entry that is each file's anchor records the file's SHA-256
    for (const kind of ['disclosureCsv', 'disclosureXlsx']) {
      const [action, detail] = sqlite(base, `SELECT action, detail FROM audit_log WHERE seq = ${heads[kind]!.seq}`).split('|');
      expect(action).toBe('disclosure.export');
      expect(JSON.parse(detail!)).toMatchObject({ file: files[kind], sha256: sha256(files[kind]!) });
    }
    expect(printed.disclosureCsv).toBe(heads.disclosureCsv.hash);
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

/** Rewrites entry `seq` with `change` and recomputes every hash from it on (links and draw column too), as one who covers a change would. */
function rewrite(db: string, seq: number, change: (e: { at: string; detail: string }) => { at: string; detail: string }) {
  for (const name of sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_draws')").split('\n').filter(Boolean)) {
    sqlite(db, `DROP TRIGGER "${name}"`);
  }
  const d = new Database(db);
  const rows = d.prepare('SELECT seq, at, operator, action, detail, prev_hash, hash FROM audit_log ORDER BY seq').all() as
    { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string }[];
  d.transaction(() => {
    let prev = rows[0]!.prev_hash;
    for (const e of rows) {
      const { at, detail } = e.seq === seq ? change(e) : e;
      const hash = entryHash(prev, { ...e, at, detail });
      d.prepare('UPDATE audit_log SET at = ?, detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(at, detail, prev, hash, e.seq);
      d.prepare('UPDATE audit_draws SET hash = ? WHERE hash = ?').run(hash, e.hash);
      prev = hash;
    }
  })();
  d.close();
}

describe('draw audit verify --anchor with these files', () => {
  it('an untouched database holds each of them (exit 0); a disclosure through the entry that records its SHA-256, a file imported through its import', async () => {
    const v = victim();
    const subjects = join(FIXTURES, 'subjects.csv'); // imported when the county was built
    const given = [files.disclosureCsv, files.disclosureXlsx, files.items, files.itemsGbk, files.plan, subjects];
    const r = await v.run(['--json', 'audit', 'verify', ...given.flatMap((f) => ['--anchor', f])]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const importEntry = Number(sqlite(base, `SELECT seq FROM audit_log WHERE action = 'import' AND detail LIKE '%"sha256":"${sha256(subjects)}"%'`));
    expect(anchorsOf(r).map((a) => [a.file, a.status, a.anchor])).toEqual([
      [files.disclosureCsv, 'held', text(heads.disclosureCsv)], [files.disclosureXlsx, 'held', text(heads.disclosureXlsx)],
      [files.items, 'held', text(heads.later)], [files.itemsGbk, 'held', text(heads.later)], [files.plan, 'held', text(heads.later)],
      [subjects, 'held', `${importEntry}:${sqlite(base, `SELECT hash FROM audit_log WHERE seq = ${importEntry}`)}`],
    ]);
    expect(anchorsOf(r)[0]).toMatchObject({ sha256: sha256(files.disclosureCsv), recordedBy: 'disclosure.export', seq: heads.disclosureCsv.seq });
    expect(anchorsOf(r)[5]).toMatchObject({ recordedBy: 'import' });
    expect(anchorsOf(r)[2]).not.toHaveProperty('sha256'); // a file that carries a head is held by that head
    const zh = await v.run(['audit', 'verify', '--anchor', files.disclosureCsv]);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`锚点 ${text(heads.disclosureCsv)}（${files.disclosureCsv}）：日志第 ${heads.disclosureCsv.seq} 条（disclosure.export）仍记着该文件的 SHA-256`);
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

  it('a log cut short before a disclosure\'s entry: that disclosure does not hold (exit 4, naming it), the earlier one does', async () => {
    const v = victim();
    cut(v.db, heads.disclosureXlsx.seq);
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.disclosureXlsx, '--anchor', files.disclosureCsv]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(anchorsOf(r).map((a) => [a.file, a.status])).toEqual([[files.disclosureXlsx, 'lost'], [files.disclosureCsv, 'held']]);
    // the disclosures table still names the file: its entry was lost, it is no stranger's file
    expect(anchorsOf(r)[0]).toMatchObject({ anchor: `sha256:${sha256(files.disclosureXlsx)}`, records: ['disclosures 2'] });
    const zh = await v.run(['audit', 'verify', '--anchor', files.disclosureXlsx]);
    expect(zh.code).toBe(4);
    expect(zh.stdout).toContain(`锚点 sha256:${sha256(files.disclosureXlsx)}（${files.disclosureXlsx}）：日志中已没有记着该文件 SHA-256 的条目，`
      + '而数据库的记录 disclosures 2 仍记着它；日志被截短或被改写过');
    // the exit code as the shell sees it, and in English
    expect(drawProcess(['--db', v.db, 'audit', 'verify', '--anchor', files.disclosureXlsx]).code).toBe(4);
    const en = await v.run(['--lang', 'en', 'audit', 'verify', '--anchor', files.disclosureXlsx]);
    expect(en.stdout).toContain(`(${files.disclosureXlsx}): no entry of the log records the file's SHA-256 any more, yet the database's records disclosures 2 still name it`);
  });

  it('cut short before the disclosure and written on (another entry takes its seq): exit 4 naming it', async () => {
    const v = victim();
    cut(v.db, heads.disclosureCsv.seq);
    expect((await v.run(['run', '2022-001', '--seed', 'another'])).code).toBe(2); // a refused attempt, logged at the disclosure's seq
    expect(sqlite(v.db, `SELECT action FROM audit_log WHERE seq = ${heads.disclosureCsv.seq}`)).toBe('draw.refused');
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.disclosureCsv]);
    expect(r.code).toBe(4);
    expect(anchorsOf(r)).toEqual([expect.objectContaining({ status: 'lost', file: files.disclosureCsv, records: ['disclosures 1'] })]);
  });

  it('the chain rewritten at the disclosure\'s entry (it records another file), every hash recomputed: the chain verifies, the disclosure does not hold (exit 4)', async () => {
    const v = victim();
    // the entry now says another file was published: its detail as canonical JSON, the digest replaced
    rewrite(v.db, heads.disclosureCsv.seq, (e) => ({ at: e.at, detail: e.detail.replace(sha256(files.disclosureCsv), 'f'.repeat(64)) }));
    expect(sqlite(v.db, `SELECT detail FROM audit_log WHERE seq = ${heads.disclosureCsv.seq}`)).toContain('f'.repeat(64));
    const chain = JSON.parse((await v.run(['--json', 'audit', 'verify'])).stdout);
    expect(chain.broken).toBeNull(); // a consistent chain: only the file shows the change
    const r = await v.run(['--json', 'audit', 'verify', '--anchor', files.disclosureCsv, '--anchor', files.disclosureXlsx]);
    expect(r.code).toBe(4);
    expect(anchorsOf(r).map((a) => [a.file, a.status])).toEqual([[files.disclosureCsv, 'lost'], [files.disclosureXlsx, 'held']]);
    // the later disclosure still holds, but through its entry as it now stands, rewritten: the file carries no hash to tell
    expect(anchorsOf(r)[1]!.anchor).not.toBe(text(heads.disclosureXlsx));
  });

  it('a chain rewritten before the disclosure\'s entry, keeping that entry: the file alone cannot tell, the head its export printed does (exit 4)', async () => {
    const v = victim();
    rewrite(v.db, 1, (e) => ({ at: '2021-01-01T00:00:00.000Z', detail: e.detail })); // entry 1 (init) given another time
    expect(sqlite(v.db, 'SELECT hash FROM audit_log WHERE seq = 1')).not.toBe(sqlite(base, 'SELECT hash FROM audit_log WHERE seq = 1'));
    const byFile = await v.run(['--json', 'audit', 'verify', '--anchor', files.disclosureCsv]);
    expect(anchorsOf(byFile)).toEqual([expect.objectContaining({ status: 'held', seq: heads.disclosureCsv.seq })]);
    const byHead = await v.run(['audit', 'verify', '--anchor', printed.disclosureCsv!]);
    expect(byHead.code).toBe(4);
    expect(byHead.stdout).toContain(`锚点 ${printed.disclosureCsv}：日志中没有哈希为它的记录`);
  });

  it('a file that carries no head and whose SHA-256 nothing in the database records is a usage error naming it (exit 2)', async () => {
    const v = victim();
    // the publicity columns with a row of another county's: not a file this database wrote
    const stranger = join(tmp(), '外县公示.csv');
    writeFileSync(stranger, `\uFEFF${PUBLICITY.join(',')}\r\n1,2022-001,2022年第一批,130634-2022-001,2022年第一批,不定向,某局,某公司,91130634MA00000001,2022-05-10,未发现问题,,\r\n`);
    const digest = sha256(stranger);
    const r = await v.run(['audit', 'verify', '--anchor', stranger]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--anchor ${stranger}：文件中没有审计日志头（序号:哈希），本数据库的审计日志和记录中也没有其 SHA-256（${digest}）`);
    expect(r.stderr).toContain('公示文件和导入的文件只在写出或导入它的数据库中是锚点');
    expect(r.stdout).toBe(''); // refused before anything was checked
    const en = await v.run(['--lang', 'en', 'audit', 'verify', '--anchor', stranger]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`--anchor ${stranger}: the file carries no audit head (SEQ:HASH), and neither the audit log nor the records of this database hold its SHA-256 (${digest})`);
    // a disclosure this database wrote, changed by one byte, is a stranger too
    const changed = join(tmp(), '公示-改.csv');
    const bytes = readFileSync(files.disclosureCsv);
    bytes[bytes.indexOf('2022-05-10') + 9] = '1'.charCodeAt(0); // 2022-05-11
    writeFileSync(changed, bytes);
    expect((await v.run(['audit', 'verify', '--anchor', changed])).code).toBe(2);
  });
});
