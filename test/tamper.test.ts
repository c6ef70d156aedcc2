import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../src/core/audit-chain.js';
import { canonicalJson, sha256Hex } from '../src/core/canonical.js';
import { sealPackage } from '../src/core/package.js';
import { commitmentOf } from '../src/core/snapshot.js';
import { countyDb, draw, onDay, sqlite, tmp, type Run, seeded } from './helpers.js';

/**
 * Issue 5, "nobody fooled": whoever changes the database behind the tool's back (the sqlite3 CLI,
 * triggers dropped where needed) or changes a replay package is caught: `draw audit verify`
 * and/or `draw replay` exit 4 and say what changed and where.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 73915';

let base: string;
let sheets: { number: number; key: string; inspectors: { department: string; certificate: string }[] }[];
let packageText: string;

beforeAll(async () => {
  const t = countyDb();
  expect((await onDay('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
  const r = await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', SEED]));
  expect(r.code, r.stderr).toBe(0);
  sheets = JSON.parse(r.stdout).sheets;
  expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG']))).code).toBe(0);
  const result = await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '未发现问题', '--items', '正常', '--signed']);
  expect(result.code, result.stderr).toBe(0);
  const pkg = join(t.dir, 'package.json');
  expect((await t.run(['export', 'package', '1', '--out', pkg])).code).toBe(0);
  packageText = readFileSync(pkg, 'utf8');
  expect((await t.run(['audit', 'verify'])).code).toBe(0);
  expect((await t.run(['replay', '1'])).code).toBe(0);
  base = t.db;
});

/** A copy of the drawn county to tamper with, and bin/draw bound to it. */
function victim() {
  const db = join(tmp('draw-tamper-'), 'draw.db');
  copyFileSync(base, db);
  return { db, run: (args: string[]): Promise<Run> => draw(['--db', db, ...args]) };
}

const dropTriggers = (db: string, table: string) => {
  for (const name of sqlite(db, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${table}'`).split('\n').filter(Boolean)) {
    sqlite(db, `DROP TRIGGER "${name}"`);
  }
};

function expectCaught(r: Run, ...says: (string | RegExp)[]) {
  expect(r.code, r.stdout + r.stderr).toBe(4);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const s of says) typeof s === 'string' ? expect(r.stdout).toContain(s) : expect(r.stdout).toMatch(s);
}

describe('a stored snapshot changed', () => {
  /** Rewrites the subjects snapshot of draw 1 with the sqlite3 CLI: gunzip, change, gzip, readfile(). */
  function rewriteSubjects(db: string, change: (text: string) => string): string {
    const gz = new Database(db, { readonly: true }).prepare("SELECT text_gz FROM draw_snapshots WHERE draw_id = 1 AND kind = 'subjects'").pluck().get() as Buffer;
    const text = change(gunzipSync(gz).toString('utf8'));
    const file = join(tmp(), 'subjects.gz');
    writeFileSync(file, gzipSync(Buffer.from(text, 'utf8')));
    dropTriggers(db, 'draw_snapshots');
    sqlite(db, `UPDATE draw_snapshots SET text_gz = readfile('${file}') WHERE draw_id = 1 AND kind = 'subjects'`);
    return text;
  }

  it('a subject\'s stratum changed: the replay names the snapshot and the sheets it moves (exit 4)', async () => {
    const v = victim();
    const key = sheets[0].key;
    rewriteSubjects(v.db, (text) => text.replace(new RegExp(`^${key}\\t(\\w+)(?=\\t|$)`, 'm'), (_all, s: string) => `${key}\t${s === 'D' ? 'A' : 'D'}`));
    const r = await v.run(['--json', 'replay', '1']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).differences).toContainEqual(expect.objectContaining({ what: 'snapshot', kind: 'subjects' }));
    expectCaught(await v.run(['replay', '1']), /快照 subjects：承诺为 \d+ [0-9a-f]{64}，实际为 \d+ [0-9a-f]{64}/);
    // the log itself was not touched: it verifies; the replay is what catches this
    expect((await v.run(['audit', 'verify'])).code).toBe(0);
  });

  it('a subject removed, with the digests and the commitment rewritten to match: the logged commitment disagrees (exit 4)', async () => {
    const v = victim();
    const key = sheets[1].key;
    const text = rewriteSubjects(v.db, (t) => t.replace(new RegExp(`^${key}\\t[^\\n]*\\n`, 'm'), ''));
    const d = new Database(v.db);
    const row = d.prepare('SELECT parameters FROM draws WHERE id = 1').get() as { parameters: string };
    const parameters = JSON.parse(row.parameters);
    parameters.snapshots.subjects = { sha256: sha256Hex(text), rows: text.split('\n').length - 1 };
    d.prepare('UPDATE draws SET parameters = ?, commitment = ? WHERE id = 1').run(JSON.stringify(parameters), commitmentOf(parameters));
    d.close();
    expectCaught(await v.run(['replay', '1']), '审计日志中的承诺', '第 2 号检查表');
  });
});

describe('the sheets or the draw changed', () => {
  it.each<[string, (db: string) => void, (string | RegExp)[], string?]>([
    ['an inspector replaced on sheet 3', (db) => {
      const first = sheets[2].inspectors.find((i) => i.department === 'SWJ')!.certificate;
      const onSheet = new Set(sheets[2].inspectors.map((i) => i.certificate));
      const other = sqlite(db, "SELECT certificate FROM inspectors WHERE department = 'SWJ'").split('\n').find((c) => !onSheet.has(c))!;
      sqlite(db, `UPDATE sheets SET team = replace(team, '"${first}"', '"${other}"') WHERE draw_id = 1 AND number = 3`);
    }, ['第 3 号检查表的执法检查人员']],
    ['the teams of sheets 2 and 4 swapped', (db) => {
      sqlite(db, `CREATE TEMP TABLE t AS SELECT number, team FROM sheets WHERE draw_id = 1 AND number IN (2, 4);
        UPDATE sheets SET team = (SELECT team FROM t WHERE t.number = 6 - sheets.number) WHERE draw_id = 1 AND number IN (2, 4);`);
    }, ['第 2 号检查表的执法检查人员', '第 4 号检查表的执法检查人员']],
    ['the subject of sheet 5 replaced by one not drawn', (db) => {
      sqlite(db, `UPDATE sheets SET credit_code = (SELECT credit_code FROM subjects WHERE credit_code NOT IN (SELECT credit_code FROM sheets) LIMIT 1)
        WHERE draw_id = 1 AND number = 5`);
    }, ['第 5 号检查表的检查对象']],
    ['the last sheet deleted', (db) => {
      sqlite(db, 'DELETE FROM sheets WHERE draw_id = 1 AND number = (SELECT MAX(number) FROM sheets)');
    }, ['检查表数：应为']],
    ['the seed changed in the draw\'s row', (db) => {
      sqlite(db, "UPDATE draws SET seed = '2022-04-01 公开摇号 73916' WHERE id = 1");
    }, ['审计日志中的抽取记录'], 'draws 表的记录 1'],
    ['the commitment changed in the draw\'s row', (db) => {
      sqlite(db, `UPDATE draws SET commitment = '${'0'.repeat(64)}' WHERE id = 1`);
    }, ['承诺不符', '审计日志中的承诺'], 'draws 表的记录 1'],
  ])('%s: the replay says so (exit 4)', async (_name, tamper, says, record?: string) => {
    const v = victim();
    tamper(v.db);
    expectCaught(await v.run(['replay', '1']), ...says);
    // the log is intact: the sheets disagree with it (the replay's to say); a draw's own row is audit verify's too
    if (record) expectCaught(await v.run(['audit', 'verify']), record);
    else expect((await v.run(['audit', 'verify'])).code).toBe(0);
  });
});

describe('the audit log changed', () => {
  const entry = (db: string, action: string) => Number(sqlite(db, `SELECT seq FROM audit_log WHERE action = '${action}' ORDER BY seq LIMIT 1`));

  it.each<[string, (db: string) => number, string]>([
    ['the seed in the draw.run entry edited', (db) => {
      const seq = entry(db, 'draw.run');
      sqlite(db, `UPDATE audit_log SET detail = replace(detail, '73915', '73916') WHERE seq = ${seq}`);
      return seq;
    }, 'hash'],
    ['the operator of an import entry changed', (db) => {
      const seq = entry(db, 'import');
      sqlite(db, `UPDATE audit_log SET operator = '别人' WHERE seq = ${seq}`);
      return seq;
    }, 'hash'],
    ['the time of the draw.commit entry moved back a day', (db) => {
      const seq = entry(db, 'draw.commit');
      sqlite(db, `UPDATE audit_log SET at = '2022-03-31T08:00:00.000Z' WHERE seq = ${seq}`);
      return seq;
    }, 'hash'],
    ['an entry changed and its own hash recomputed', (db) => {
      const seq = entry(db, 'draw.commit');
      const row = new Database(db, { readonly: true }).prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as any;
      const forged = { ...row, operator: '别人' };
      sqlite(db, `UPDATE audit_log SET operator = '别人', hash = '${entryHash(row.prev_hash, forged)}' WHERE seq = ${seq}`);
      return seq + 1; // the next entry no longer links to it
    }, 'prev-hash'],
    ['an entry in the middle deleted', (db) => {
      const seq = entry(db, 'draw.commit');
      sqlite(db, `DELETE FROM audit_log WHERE seq = ${seq}`);
      return seq + 1;
    }, 'gap'],
    ['two entries swapped', (db) => {
      const seq = entry(db, 'draw.commit');
      sqlite(db, `UPDATE audit_log SET seq = -1 WHERE seq = ${seq}; UPDATE audit_log SET seq = ${seq} WHERE seq = ${seq + 1}; UPDATE audit_log SET seq = ${seq + 1} WHERE seq = -1;`);
      return seq;
    }, 'prev-hash'],
    ['an entry forged at the end', (db) => {
      const seq = Number(sqlite(db, 'SELECT MAX(seq) FROM audit_log')) + 1;
      const e = { seq, at: '2022-05-11T00:00:00.000Z', operator: '别人', action: 'draw.void', detail: canonicalJson({ draw: 1, reason: '伪造' }) };
      sqlite(db, `INSERT INTO audit_log VALUES (${seq}, '${e.at}', '${e.operator}', '${e.action}', '${e.detail}', '${'1'.repeat(64)}', '${entryHash('1'.repeat(64), e)}')`);
      return seq;
    }, 'prev-hash'],
  ])('%s: audit verify names the entry (exit 4), and so does the replay', async (_name, tamper, problem) => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    const seq = tamper(v.db);
    const r = await v.run(['--json', 'audit', 'verify']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).broken).toMatchObject({ seq, problem });
    expectCaught(await v.run(['audit', 'verify']), `第 ${seq} 条`);
    expectCaught(await v.run(['replay', '1']), '审计日志被改动');
  });

  it('the newest entries cut off (the draw.run and what came after): the chain alone cannot tell, the replay can (exit 4)', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    const seq = entry(v.db, 'draw.run');
    sqlite(v.db, `DELETE FROM audit_log WHERE seq >= ${seq}`);
    // A chain cut at its end is still a chain: only a head kept elsewhere (printed after every
    // command, in the replay package) shows it. The draw's own row still points at its entries.
    expectCaught(await v.run(['replay', '1']), '审计日志中的抽取记录');
  });
});

describe('a result changed', () => {
  // needs audit verify to check results against their log entries (see the report: src/cli/commands/audit.ts, src/store/audit.ts)
  it('in the results table: audit verify exit 4, naming the sheet', async () => {
    const v = victim();
    dropTriggers(v.db, 'results');
    sqlite(v.db, `UPDATE results SET findings = '["not_disclosed"]' WHERE draw_id = 1 AND number = 1`);
    const r = await v.run(['--json', 'audit', 'verify']);
    expect(r.code, r.stdout).toBe(4);
    expect(JSON.parse(r.stdout).ok).toBe(false);
    expectCaught(await v.run(['audit', 'verify']), '1/1');
  });

  it('its log entry cut off the end of the log: audit verify exit 4', async () => {
    const v = victim();
    dropTriggers(v.db, 'audit_log');
    sqlite(v.db, "DELETE FROM audit_log WHERE action = 'result.enter'");
    expectCaught(await v.run(['audit', 'verify']), '1/1');
  });
});

describe('a replay package changed', () => {
  const replayText = async (text: string): Promise<Run> => {
    const file = join(tmp(), 'package.json');
    writeFileSync(file, text);
    return await draw(['replay', '--package', file]);
  };

  it('one byte changed in any value, from the draw to the integrity hash: exit 4, saying what', async () => {
    // one character of a string value in every part of the package
    const positions: number[] = [];
    for (const field of ['"seed"', '"commitment"', '"resultHash"', '"algorithm"', '"subjects": "', '"inspectors": "', '"conflicts": "', '"key"', '"certificate"', '"detail"', '"integrity"', '"head"']) {
      const at = packageText.indexOf(field);
      expect(at, field).toBeGreaterThan(0);
      const open = packageText.indexOf('"', packageText.indexOf(':', at));
      let p = open + 4;
      while (!/[0-9A-Za-z]/.test(packageText[p])) p++;
      positions.push(p);
    }
    for (const p of positions) {
      const c = packageText[p];
      const changed = packageText.slice(0, p) + (c === '1' ? '2' : '1') + packageText.slice(p + 1);
      expect(changed).not.toBe(packageText);
      const r = await replayText(changed);
      expectCaught(r, '复核不一致');
      expect(r.stdout, `byte ${p} (${JSON.stringify(packageText.slice(p - 20, p + 5))})`).toMatch(/复核包完整性哈希不符|承诺|快照|检查表/);
    }
  });

  it('resealed after a sheet was changed: the replay still disagrees (exit 4)', async () => {
    const pkg = JSON.parse(packageText);
    const sheet = pkg.expected.sheets[0];
    [sheet.inspectors[0], sheet.inspectors[1]] = [sheet.inspectors[1], sheet.inspectors[0]];
    const { integrity: _, ...rest } = pkg;
    expectCaught(await replayText(JSON.stringify(sealPackage(rest))), '第 1 号检查表的执法检查人员');
  });

  it('resealed after its audit entries were rewritten: the replay still disagrees (exit 4)', async () => {
    // needs src/cli/commands/replay.ts to call packageAuditProblems (see the report)
    const pkg = JSON.parse(packageText);
    const run = pkg.audit.entries.find((e: { action: string }) => e.action === 'draw.run');
    run.detail = run.detail.replace('73915', '73916');
    const { integrity: _, ...rest } = pkg;
    expectCaught(await replayText(JSON.stringify(sealPackage(rest))), /复核包中的审计日志第 \d+ 条/);
    // the entry's hash recomputed too: it no longer records this draw's seed
    run.hash = entryHash(run.prev_hash, run);
    const { integrity: __, ...again } = pkg;
    expectCaught(await replayText(JSON.stringify(sealPackage(again))), '复核包中的审计日志记下的种子');
  });
});
