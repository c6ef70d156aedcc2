// The replay contract, from the documents alone (issue 13): an implementation written from
// docs/ALGORITHM.md and docs/AUDIT-LOG.md (test/reference/, nothing of src/) recomputes what the
// tool recorded for a real draw (a plan by credit grade with an empty stratum, a replacement, a
// rejection with a substitute, confirmations): every audit entry's hash in the database and in
// the exported package, the commitment, the result hash, the pool orders, the sheets as they
// stand, and the package's integrity. Then the worked examples of ALGORITHM.md §14.1 (in §15 and
// §18) are checked by the code and by the reference.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitmentOf, resultHash } from '../src/core/snapshot.js';
import { canonicalJson } from '../src/core/canonical.js';
import { runDraw, snapshotHashes, type DrawInput } from '../src/core/draw/index.js';
import { refDraw } from './reference/draw-core.js';
import { refCanonical, refHash, refSha, type Row } from './reference/audit-log.js';
import {
  isCanonicalText, refCommitment, refDigest, refInput, refIntegrity, refReplayPackage, refResultHash, refResultObject, type RefPackage,
} from './reference/replay.js';
import { countyDb, sqlite } from './helpers.js';

const PLAN = ['plan', '--year', '2022', '--name', '2022年按信用分级', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG',
  '--ratio', '5%', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const SEED = '2022-04-01 公开摇号 契约';

type Pkg = RefPackage & {
  integrity: string;
  draw: { id: number; seed: string; commitment: string; resultHash: string };
  parameters: RefPackage['parameters'] & Record<string, unknown>;
  expected: RefPackage['expected'] & { strata: { stratum: string; size: number; drawn: number }[]; pools?: unknown };
  audit: { head: string; headSeq: number; entries: Row[] };
};

let db: string;
let pkg: Pkg;
let log: Row[];

const rowsOf = (file: string): Row[] => JSON.parse(sqlite(file,
  "SELECT json_group_array(json_object('seq',seq,'at',at,'operator',operator,'action',action,'detail',detail,'prev_hash',prev_hash,'hash',hash)) FROM (SELECT * FROM audit_log ORDER BY seq)"));

beforeAll(async () => {
  const t = countyDb();
  db = t.db;
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  // the county has no subject of grade C now: the stratum C is empty, and still listed (§7)
  sqlite(t.db, "UPDATE subjects SET credit_grade = 'B' WHERE credit_grade = 'C'");
  await ok(PLAN);
  await ok(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']);
  const drawn = JSON.parse((await ok(['--json', 'run', '2022-001', '--seed', SEED])).stdout);
  const swj = (n: number) => drawn.sheets[n - 1].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
  await ok(['replace', '1/3', '--inspector', swj(3), '--reason', '与法定代表人系同学，依法回避', '--approved-by', '王局长']);
  await ok(['confirm', '1', '--department', 'SWJ', '--note', '已通知"第一组"']);
  const rejected = JSON.parse((await ok(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '5=gone:已迁出本县', '--reject', '7=not_remit'])).stdout);
  const substitute = rejected.substitutes[0];
  expect(substitute).toMatchObject({ substituteFor: 5 });
  // a replacement on the substitute sheet: the cursors of the substitute's team and of replacements are one
  const scjg = substitute.team.find(([d]: [string, string]) => d === 'SCJG')[1];
  await ok(['replace', `1/${substitute.sheet}`, '--inspector', scjg, '--reason', '病假', '--approved-by', '王局长']);
  await ok(['confirm', '1', '--department', 'SCJG']);
  const out = join(t.dir, 'package.json');
  await ok(['export', 'package', '1', '--out', out]);
  pkg = JSON.parse(readFileSync(out, 'utf8'));
  log = rowsOf(t.db);
});

describe('the audit log, recomputed from docs/AUDIT-LOG.md alone', () => {
  it('every entry of the database\'s log has the hash the document gives, and links to the one before', () => {
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['draw.commit', 'draw.run', 'sheet.replace', 'draw.confirm']));
    let prev = '0'.repeat(64);
    for (const [i, e] of log.entries()) {
      expect(e.seq).toBe(i + 1);
      expect(e.prev_hash).toBe(prev);
      expect(refHash(e), `entry ${e.seq} (${e.action})`).toBe(e.hash);
      // the detail is stored as its canonical JSON (§2)
      expect(refCanonical(JSON.parse(e.detail)), `entry ${e.seq}`).toBe(e.detail);
      prev = e.hash;
    }
    // a changed entry does not hash as recorded
    const replace = log.find((e) => e.action === 'sheet.replace')!;
    expect(refHash({ ...replace, detail: replace.detail.replace('王局长', '李局长') })).not.toBe(replace.hash);
  });

  it('every entry the package carries, redacted, has the log\'s hash; they are the entries that name the draw', () => {
    const ofDraw = log.filter((e) => (JSON.parse(e.detail) as { draw?: unknown }).draw === pkg.draw.id);
    expect(pkg.audit.entries.map((e) => e.seq)).toEqual(ofDraw.map((e) => e.seq));
    const bySeq = new Map(log.map((e) => [e.seq, e]));
    for (const [i, e] of pkg.audit.entries.entries()) {
      expect(refHash(e), `package entry ${e.seq} (${e.action})`).toBe(e.hash);
      expect(e.hash).toBe(bySeq.get(e.seq)!.hash);
      expect(e.prev_hash).toBe(bySeq.get(e.seq)!.prev_hash);
      const before = pkg.audit.entries[i - 1];
      if (before && before.seq === e.seq - 1) expect(e.prev_hash).toBe(before.hash);
    }
    // redacted: the personal texts are not in the package, their digests are (§3)
    const text = JSON.stringify(pkg);
    for (const personal of ['与法定代表人系同学', '已迁出本县', '第一组', '病假']) expect(text).not.toContain(personal);
    const replace = pkg.audit.entries.find((e) => e.action === 'sheet.replace')!;
    expect(JSON.parse(replace.detail).reason).toEqual({ sha256: refSha(refCanonical('与法定代表人系同学，依法回避')) });
    // the head: the log's last entry when the package was made
    expect({ seq: pkg.audit.headSeq, hash: pkg.audit.head }).toEqual({ seq: log.at(-1)!.seq, hash: log.at(-1)!.hash });
  });

  it('the commitment was logged before the seed, and the entries carry the package\'s commitment, seed and result', () => {
    const commit = pkg.audit.entries.find((e) => e.action === 'draw.commit')!;
    const run = pkg.audit.entries.find((e) => e.action === 'draw.run')!;
    expect(commit.seq).toBeLessThan(run.seq);
    expect(JSON.parse(commit.detail)).toMatchObject({ draw: pkg.draw.id, commitment: pkg.draw.commitment, snapshots: pkg.parameters.snapshots });
    expect(JSON.parse(run.detail)).toMatchObject({ commitment: pkg.draw.commitment, seed: SEED, seedSource: 'given', result: pkg.draw.resultHash });
  });
});

describe('the draw, recomputed from docs/ALGORITHM.md alone', () => {
  it('the package\'s integrity, the snapshot texts and the commitment', () => {
    expect(refIntegrity(pkg as unknown as Record<string, unknown>)).toBe(pkg.integrity);
    for (const kind of ['subjects', 'inspectors', 'conflicts'] as const) {
      expect(isCanonicalText(pkg.snapshots[kind]), kind).toBe(true);
      expect(refDigest(pkg.snapshots[kind])).toEqual(pkg.parameters.snapshots[kind]);
    }
    expect(refCommitment(pkg.parameters)).toBe(pkg.draw.commitment);
    // the database keeps the parameters as plain JSON in the order of writing; the commitment is of their canonical form
    const stored = sqlite(db, 'SELECT parameters FROM draws WHERE id = 1');
    expect(stored).not.toBe(refCanonical(JSON.parse(stored)));
    expect(refCommitment(JSON.parse(stored))).toBe(pkg.draw.commitment);
    // the strata in the plan's order, not sorted; all five of a plan by grade
    expect(pkg.parameters.strata.map((s) => s.stratum)).toEqual(['A', 'B', 'C', 'D', 'ungraded']);
  });

  it('the result hash: of the sheets as drawn and every stratum in sorted order, the empty one included', () => {
    const out = refDraw(refInput(pkg.parameters, pkg.snapshots, pkg.draw.seed)).output;
    expect(refResultHash(out)).toBe(pkg.draw.resultHash);
    const strata = refResultObject(out).strata;
    expect(strata.map((s) => s.stratum)).toEqual(['A', 'B', 'C', 'D', 'ungraded']);
    expect(strata.find((s) => s.stratum === 'C')).toEqual({ drawn: 0, size: 0, stratum: 'C' });
    // without the empty stratum the hash would differ: it is covered
    expect(refSha(refCanonical({ ...refResultObject(out), strata: strata.filter((s) => s.size > 0) }))).not.toBe(pkg.draw.resultHash);
    expect(pkg.expected.strata.map((s) => ({ drawn: s.drawn, size: s.size, stratum: s.stratum }))).toEqual(strata);
    // not the sheets as they stand: those have a substitute and changed teams
    expect(pkg.expected.sheets.length).toBeGreaterThan(out.sheets.length);
  });

  it('the pool orders: recomputed from the seed and the snapshot, they are those the tool recorded, byte for byte', () => {
    const out = refDraw(refInput(pkg.parameters, pkg.snapshots, pkg.draw.seed)).output;
    expect(out.pools.map((p) => p.department)).toEqual(['SCJG', 'SWJ']);
    expect(sqlite(db, 'SELECT pools FROM draws WHERE id = 1')).toBe(refCanonical(out.pools));
    if (pkg.expected.pools !== undefined) expect(pkg.expected.pools).toEqual(out.pools);
  });

  it('the changes in seq order give the sheets as they stand: the package\'s and the database\'s', () => {
    expect(pkg.replacements.map((r) => r.seq)).toEqual([1, 4]);
    expect(pkg.rejections!.map((r) => [r.seq, r.number, r.cancels])).toEqual([[2, 5, true], [3, 7, false]]);
    const { sheets } = refReplayPackage(pkg);
    expect(sheets).toEqual(pkg.expected.sheets);
    const stored = sqlite(db, 'SELECT number, credit_code, team, cancelled_by, substitute_for FROM sheets WHERE draw_id = 1 ORDER BY number').split('\n');
    expect(stored).toEqual(sheets.map((s) => [s.number, s.key, JSON.stringify(s.inspectors.map((i) => [i.department, i.certificate])), s.cancelledBy ?? '', s.substituteFor ?? ''].join('|')));
  });
});

// ---------------------------------------------------------------------------
// The worked examples of §14.1, in §15 and §18

const DOC = readFileSync(fileURLToPath(new URL('../docs/ALGORITHM.md', import.meta.url)), 'utf8');
function block(tag: string): string {
  const m = new RegExp('```(?:json|text) ' + tag + '\\n([\\s\\S]*?)\\n```').exec(DOC);
  if (!m) throw new Error(`docs/ALGORITHM.md has no block tagged ${tag}`);
  return m[1]!;
}
const hashLines = (tag: string) => Object.fromEntries(block(tag).split('\n').map((l) => {
  const m = /^(.+?)\s+sha256=([0-9a-f]{64})$/.exec(l)!;
  return [m[1]!, m[2]!];
}));

describe('the worked examples of the result hash and the commitment in docs/ALGORITHM.md', () => {
  const input = JSON.parse(block('example-input')) as DrawInput;
  const input2 = JSON.parse(block('example2-input')) as DrawInput;

  it('example-result is the canonical JSON of the sheets as drawn and the strata, by the code and by the reference', () => {
    const text = block('example-result');
    expect(text).not.toContain('\n');
    const out = runDraw(input);
    expect(canonicalJson({ sheets: out.sheets, strata: out.strata })).toBe(text);
    expect(refCanonical(refResultObject(refDraw(input).output))).toBe(text);
    const hashes = hashLines('example-result-hash');
    expect(hashes['as drawn']).toBe(refSha(text));
    expect(resultHash(out.strata, out.sheets)).toBe(hashes['as drawn']);
  });

  it('an empty stratum is listed and changes the hash, not the sheets', () => {
    const hashes = hashLines('example-result-hash');
    const withB = { ...input, strata: [...input.strata, { stratum: 'B级', ppm: 100_000 }] };
    const out = runDraw(withB);
    expect(out.sheets).toEqual(runDraw(input).sheets);
    expect(out.strata.map((s) => [s.stratum, s.size, s.drawn])).toEqual([['A级', 8, 3], ['B级', 0, 0], ['D级', 4, 2]]);
    expect(resultHash(out.strata, out.sheets)).toBe(hashes['with empty B级 100000']);
    expect(refResultHash(refDraw(withB).output)).toBe(hashes['with empty B级 100000']);
    expect(DOC).toContain('`A级` 8/3, `B级` 0/0, `D级` 4/2');
  });

  it('example2-result-hash is the draw-core/2 example\'s, by the code and by the reference', () => {
    const out = runDraw(input2);
    const { 'as drawn': hash } = hashLines('example2-result-hash');
    expect(resultHash(out.strata, out.sheets)).toBe(hash);
    expect(refResultHash(refDraw(input2).output)).toBe(hash);
  });

  it('example-parameters hash to example-commitment, by the code and by the reference; their snapshots are the example\'s', () => {
    const parameters = JSON.parse(block('example-parameters'));
    const [text, commitment] = block('example-commitment').split('\n') as [string, string];
    expect(refCanonical(parameters)).toBe(text);
    expect(canonicalJson(parameters)).toBe(text);
    expect(commitment).toBe(`commitment=${refSha(text)}`);
    expect(commitmentOf(parameters)).toBe(refSha(text));
    const digests = snapshotHashes(input);
    expect(parameters.snapshots).toEqual(digests);
    expect(parameters.strata).toEqual(input.strata); // as given, not sorted
    expect(parameters.algorithm).toBe('draw-core/1');
  });

  it('example-parameters have the members the tool writes, nested ones included', () => {
    const shape = (v: unknown): unknown => (Array.isArray(v) ? shape(v[0]) : typeof v === 'object' && v !== null
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])])) : typeof v);
    expect(shape(JSON.parse(block('example-parameters')))).toEqual(shape(pkg.parameters));
  });
});
