import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import { sealPackage } from '../src/core/package.js';
import { countyDb, draw, onDay, sqlite, tmp, type Db } from './helpers.js';

/**
 * Issue 15, privacy: the replay package carries only what the replay needs. The free-text
 * personal fields of its audit entries (confirmation notes, witnesses, refusal notes, result and
 * disposition notes, specialists, replacement reasons) are left out, as digests the entries'
 * hashes are taken over, so the package still verifies, and a changed one is still caught.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const PERSONAL = ['联系人张三13800000000', '与负责人系亲属回避', '赵工程师', 'ZY-0012', '负责人拒绝签字并离开', '见证人李四', '结果备注王五', '处置备注赵六'];

let t: Db;
let text: string;

beforeAll(async () => {
  t = countyDb();
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  await onDay('2022-03-25T02:00:00Z', () => ok(PLAN));
  await onDay('2022-04-01T01:00:00Z', () => ok(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']));
  const drawn = JSON.parse((await onDay('2022-04-01T02:00:00Z', () => ok(['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']))).stdout);
  await ok(['confirm', '1', '--department', 'SCJG', '--note', PERSONAL[0]]);
  const cert = drawn.sheets[2].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
  await ok(['replace', '1/3', '--inspector', cert, '--reason', PERSONAL[1], '--approved-by', '王局长']);
  await ok(['assist', '1/3', '--department', 'SCJG', '--name', PERSONAL[2], '--certificate', PERSONAL[3]]);
  await ok(['result', '1/2', '--department', 'SCJG', '--date', '2022-05-11', '--findings', '发现问题已责令改正', '--items', 'SCJG-01=不正常,其余=正常', '--refused',
    '--refusal-note', PERSONAL[4], '--witness', PERSONAL[5], '--note', PERSONAL[6]]);
  await ok(['dispose', '1/2', '--department', 'SCJG', '--action', '责令改正', '--date', '2022-05-20', '--complete', '--note', PERSONAL[7]]);
  const out = join(t.dir, 'package.json');
  await ok(['export', 'package', '1', '--out', out]);
  text = readFileSync(out, 'utf8');
});

const replayText = async (body: string) => {
  const file = join(tmp(), 'package.json');
  writeFileSync(file, body);
  return await draw(['replay', '--package', file]);
};
const reseal = (pkg: Record<string, unknown>) => {
  const { integrity: _, ...rest } = pkg;
  return JSON.stringify(sealPackage(rest as Parameters<typeof sealPackage>[0]));
};

describe('the replay package', () => {
  it('holds none of the personal fields, yet the database\'s log holds them all', () => {
    for (const p of PERSONAL) expect(text, p).not.toContain(p);
    const log = sqlite(t.db, 'SELECT group_concat(detail) FROM audit_log');
    for (const p of PERSONAL) expect(log, p).toContain(p);
    // the entries that had them are in the package, their fields as digests
    const pkg = JSON.parse(text);
    const actions = pkg.audit.entries.map((e: { action: string }) => e.action);
    for (const a of ['draw.confirm', 'sheet.replace', 'sheet.assist', 'result.enter', 'sheet.dispose']) expect(actions).toContain(a);
    const witness = JSON.parse(pkg.audit.entries.find((e: { action: string }) => e.action === 'result.enter').detail).witness;
    expect(witness).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (const r of pkg.replacements) expect(r).not.toHaveProperty('reason');
  });

  it('still replays, its entries\' hashes checked (exit 0), and the database verifies', async () => {
    const r = await replayText(text);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
  });

  it('a redacted field\'s digest changed and the package resealed: caught, naming the entry (exit 4)', async () => {
    const pkg = JSON.parse(text);
    const e = pkg.audit.entries.find((x: { action: string }) => x.action === 'result.enter');
    const d = JSON.parse(e.detail);
    d.witness = { sha256: '0'.repeat(64) };
    e.detail = canonicalJson(d);
    const r = await replayText(reseal(pkg));
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`复核包中的审计日志第 ${e.seq} 条`);
  });

  it('a redacted field filled in with made-up text and resealed: caught (exit 4); filled in with the true text: the same entry', async () => {
    const pkg = JSON.parse(text);
    const e = pkg.audit.entries.find((x: { action: string }) => x.action === 'sheet.replace');
    const d = JSON.parse(e.detail);
    e.detail = canonicalJson({ ...d, reason: '工作调动' });
    const forged = await replayText(reseal(pkg));
    expect(forged.code).toBe(4);
    expect(forged.stdout).toContain(`复核包中的审计日志第 ${e.seq} 条`);
    e.detail = canonicalJson({ ...d, reason: PERSONAL[1] });
    expect((await replayText(reseal(pkg))).code).toBe(0);
  });

  it('a visible field of a redacted entry changed and resealed (the disposition\'s date): caught (exit 4)', async () => {
    const pkg = JSON.parse(text);
    const e = pkg.audit.entries.find((x: { action: string }) => x.action === 'sheet.dispose');
    e.detail = e.detail.replace('2022-05-20', '2022-05-19');
    const r = await replayText(reseal(pkg));
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`复核包中的审计日志第 ${e.seq} 条`);
  });

  it('a personal field changed in the database\'s log: audit verify names the entry (exit 4)', async () => {
    const db = join(tmp(), 'draw.db');
    writeFileSync(db, readFileSync(t.db));
    sqlite(db, 'DROP TRIGGER audit_log_no_update');
    const seq = sqlite(db, "SELECT seq FROM audit_log WHERE action = 'result.enter'");
    sqlite(db, `UPDATE audit_log SET detail = replace(detail, '${PERSONAL[5]}', '见证人某某') WHERE seq = ${seq}`);
    const r = await draw(['--db', db, '--json', 'audit', 'verify']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).broken).toMatchObject({ seq: Number(seq), problem: 'hash' });
  });
});
