import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draw, sqlite, tmp } from './helpers.js';
import { MIGRATIONS } from '../src/store/schema.js';
import { canonicalJson } from '../src/core/canonical.js';
import { entryHash, GENESIS_HASH } from '../src/core/audit-chain.js';

// The draw an audit entry is about has its own column (audit_draws, schema migration 4): an older
// database gets it filled in from the entries' details, their hashes untouched; `audit log --draw`
// finds a draw's entries by it (not by matching text), and `audit verify` holds it to the detail.

/** A version-3 database (before the column) with a hand-made, valid chain. */
function v3WithLog(details: [string, unknown][]) {
  const dir = tmp('draw-v3-');
  const file = join(dir, 'draw.db');
  const db = new Database(file);
  for (const m of MIGRATIONS.slice(0, 3)) db.exec(m);
  db.pragma('user_version = 3');
  let prev = GENESIS_HASH;
  const insert = db.prepare('INSERT INTO audit_log (seq, at, operator, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  details.forEach(([action, detail], i) => {
    const entry = { seq: i + 1, at: `2022-05-0${i + 1}T00:00:00.000Z`, operator: '张三', action, detail: canonicalJson(detail) };
    const hash = entryHash(prev, entry);
    insert.run(entry.seq, entry.at, entry.operator, entry.action, entry.detail, prev, hash);
    prev = hash;
  });
  db.close();
  chmodSync(file, 0o600);
  return { file, head: prev };
}

const LOG: [string, unknown][] = [
  ['init', { schema: 1 }],
  ['draw.commit', { draw: 1, plan: 1, commitment: 'c1' }],
  ['draw.commit', { draw: 12, plan: 2, commitment: 'c12' }],
  // a results import names draws only inside its list: it is about no one draw
  ['import', { kind: 'results', file: 'r.csv', results: [{ draw: 1, sheet: 1, result: 1 }] }],
  ['draw.void', { approvedBy: '局长', draw: 1, plan: 1, reason: 'x', was: 'drawn' }],
  ['config.set', { key: 'year_cap', value: 3, was: 2 }],
];

describe('the draw column of the audit log', () => {
  it('is filled in when an older database migrates; the chain verifies with the same head', async () => {
    const { file, head } = v3WithLog(LOG);
    const log = await draw(['--db', file, '--json', 'audit', 'log', '--draw', '1']);
    expect(log.code, log.stderr).toBe(0);
    expect(JSON.parse(log.stdout).map((e: { seq: number }) => e.seq)).toEqual([2, 5]);
    expect(sqlite(file, 'PRAGMA user_version')).toBe(String(MIGRATIONS.length));
    expect(sqlite(file, 'SELECT COUNT(*) FROM audit_draws')).toBe('3');
    // draw 12 is not draw 1 followed by a digit
    expect(JSON.parse((await draw(['--db', file, '--json', 'audit', 'log', '--draw', '12'])).stdout).map((e: { seq: number }) => e.seq)).toEqual([3]);
    // The chain holds with the same head; the hand-made log describes draws, a result and a setting
    // this file never had, and audit verify says so: each one is named as gone.
    const verify = JSON.parse((await draw(['--db', file, '--json', 'audit', 'verify'])).stdout);
    expect(verify.broken).toBeNull();
    expect(verify.head).toBe(head);
    expect(verify.records.map((m: { table: string; record: string; problem: string }) => `${m.table} ${m.record} ${m.problem}`).sort())
      .toEqual(['draws 1 deleted', 'draws 12 deleted', 'results 1/1 #1 deleted', 'settings year_cap deleted']);
  });

  it('is written with every new entry about a draw', async () => {
    const { file } = v3WithLog(LOG);
    expect((await draw(['--db', file, 'config', 'year_cap', '2'])).code).toBe(0);
    expect(sqlite(file, 'SELECT COUNT(*) FROM audit_draws')).toBe('3'); // a setting is about no draw
    expect(JSON.parse((await draw(['--db', file, '--json', 'audit', 'verify'])).stdout).broken).toBeNull();
  });

  it('changed behind the tool\'s back is found by audit verify (exit 4), naming the entry', async () => {
    const { file } = v3WithLog(LOG);
    expect(JSON.parse((await draw(['--db', file, '--json', 'audit', 'verify'])).stdout).broken).toBeNull();
    sqlite(file, 'DROP TRIGGER audit_draws_no_update');
    sqlite(file, "UPDATE audit_draws SET draw_id = 7 WHERE draw_id = 12");
    const r = await draw(['--db', file, '--json', 'audit', 'verify']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).broken).toMatchObject({ seq: 3, problem: 'draw', expected: '12', found: '7' });
    expect((await draw(['--db', file, 'audit', 'verify'])).stdout).toContain('所属抽取列与记录内容不符');
  });
});
