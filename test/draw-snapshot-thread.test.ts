import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE, ROOT, sqlite } from './helpers.js';
import { addSyntheticSubjects } from './synthetic-subjects.js';

/**
 * A large draw's snapshot is hashed, checked and gzipped on a second thread while the registry is
 * read (app/snapshot-thread.ts, issue 14). The draw must be the same bytes as when it is made on
 * one thread (DRAW_THREADS=1): the snapshot's chunks, digest and commitment, the sheets, the pools
 * and the result hash. The worker is loaded from dist/, so these runs are processes of bin/draw.
 */
const EXTRA = 150_000;

/** Counts the worker threads a process starts, by their file (a preload: the draw's own code is untouched). */
const COUNTING = `const w = require('node:worker_threads'); const W = w.Worker;
w.Worker = class extends W { constructor(file, o) { super(file, o); process.stderr.write('WORKER ' + String(file).split('/').pop() + '\\n'); } };
require('node:module').syncBuiltinESMExports();`;

function run(db: string, args: string[], env: Record<string, string> = {}, preload?: string) {
  const r = spawnSync(NODE, [...(preload ? ['-r', preload] : []), BIN, '--db', db, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The fixture county with EXTRA more active subjects, planned (not drawn). */
function planned(): { db: string; dir: string } {
  const t = countyDb();
  addSyntheticSubjects(t.db, EXTRA, { township: "CASE i % 7 WHEN 0 THEN '恒州镇' ELSE '羊平镇' END", grade_as_of: "CASE i % 2 WHEN 0 THEN '2021-01-31' END" });
  const plan = run(t.db, ['plan', '--year', '2022', '--name', 'big', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
    '--ratio', '3%', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%', '--window', '2022-04-01..2022-06-30', '--no-input']);
  expect(plan.code, plan.stderr).toBe(0);
  expect(run(t.db, ['config', 'one_step_draw', '1']).code).toBe(0);
  return { db: t.db, dir: t.dir };
}

/** What a draw stored, less the times it was made at: the rows of draws, snapshots, chunks, sheets, and the commitment's audit detail, hashed. */
function stored(db: string): Record<string, string> {
  const d = new Database(db, { readonly: true });
  const hashed = (q: string) => {
    const h = createHash('sha256');
    for (const row of d.prepare(q).raw().iterate() as IterableIterator<unknown[]>) {
      for (const v of row) h.update(Buffer.isBuffer(v) ? v : Buffer.from(`${typeof v}:${String(v)}`)).update('\0');
      h.update('\n');
    }
    return h.digest('hex');
  };
  try {
    return {
      draws: hashed('SELECT id, plan_id, status, parameters, commitment, seed, seed_source, result_hash, pools FROM draws ORDER BY id'),
      snapshots: hashed('SELECT draw_id, kind, rows, sha256, text_gz FROM draw_snapshots ORDER BY draw_id, kind'),
      chunks: hashed('SELECT draw_id, kind, seq, text_gz FROM draw_snapshot_chunks ORDER BY draw_id, kind, seq'),
      sheets: hashed('SELECT * FROM sheets ORDER BY draw_id, number'),
      audit: hashed("SELECT json_remove(detail, '$.deadlines') FROM audit_log WHERE action IN ('draw.commit', 'draw.run') ORDER BY seq"),
    };
  } finally {
    d.close();
  }
}

describe('the snapshot of a large draw made on a second thread', () => {
  it('gives the draw of one thread, byte for byte, and replays', () => {
    const { db, dir } = planned();
    const alone = join(dir, 'alone.db');
    copyFileSync(db, alone);
    const preload = join(dir, 'count-workers.cjs');
    writeFileSync(preload, COUNTING);
    const threaded = run(db, ['run', '2022-001', '--seed', 'threads'], {}, preload);
    expect(threaded.code, threaded.stderr).toBe(0);
    // the second thread was used, and with DRAW_THREADS=1 it is not
    expect(threaded.stderr).toContain('WORKER snapshot-worker.js');
    const single = run(alone, ['run', '2022-001', '--seed', 'threads'], { DRAW_THREADS: '1' }, preload);
    expect(single.code, single.stderr).toBe(0);
    expect(single.stderr).not.toContain('WORKER');
    // what they print differs only by the times and the audit log's head (the entries' times)
    const timeless = (out: string) => out.replace(/审计日志头哈希：\S+|\d{4}-\d\d-\d\dT[\d:.]+Z/g, '');
    expect(timeless(threaded.stdout)).toBe(timeless(single.stdout));
    // stored in chunks, with the stale grades counted the same (the commitment's audit detail)
    expect(Number(sqlite(db, 'SELECT COUNT(*) FROM draw_snapshot_chunks'))).toBeGreaterThanOrEqual(2);
    expect(sqlite(db, "SELECT json_extract(detail, '$.staleGrades.count') FROM audit_log WHERE action = 'draw.commit'")).not.toBe('');
    expect(stored(db)).toEqual(stored(alone));
    expect(run(db, ['replay', '1']).code).toBe(0);
  }, 180_000);

  it('an error on the worker is the error of the draw, not a wait for ever', async () => {
    // the dist/ build's own modules, as bin/draw loads them
    const dist = (p: string) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
    const { SnapshotMaking } = await dist('app/snapshot-thread.js');
    const { PendingChunks } = await dist('store/draws.js');
    const making = new SnapshotMaking(new PendingChunks(), [], true);
    const piece = Array.from({ length: 2048 }, (_, i) => `K${String(i).padStart(8, '0')}\tall\tSCJG\n`).join('');
    // enough lines for the worker to be started; then a piece that is no text: the worker's scan throws
    for (let i = 0; i < 40; i++) await making.add(piece.replace(/K/g, `K${String(i).padStart(3, '0')}`), 2048);
    await making.add(42 as unknown as string, 1);
    const error = await making.finish({ algorithm: 'draw-core/2', strata: [{ stratum: 'all', ppm: 30_000 }], departments: [] }).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/TypeError|argument/i);
    // the message is what a clerk reads; the worker's stack is kept for --debug, not put into it
    expect(error?.message).not.toMatch(/\n\s+at /);
    expect(error?.stack).toMatch(/\n\s+at /);
  }, 60_000);
});
