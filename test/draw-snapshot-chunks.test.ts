import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/core/canonical.js';
import { countyDb, onDay, seeded, sqlite } from './helpers.js';
import { addSyntheticSubjects } from './synthetic-subjects.js';

/**
 * A large draw's subjects snapshot is stored in chunks (draw_snapshot_chunks, issue 14), each
 * gzipped, and is made, replayed, shown and packaged a chunk at a time. Their concatenation is the
 * committed snapshot; a chunk changed, removed or reordered behind the tool's back fails the
 * snapshot's digest (exit 4). A county's draw, in one chunk, stays in draw_snapshots.text_gz.
 */
const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
  '--ratio', '3%', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const EXTRA = 70_000;

/** The fixture county with EXTRA more active subjects (more than a chunk of 65,536 lines), planned and drawn. */
async function drawnBig() {
  const t = countyDb();
  addSyntheticSubjects(t.db, EXTRA);
  expect((await onDay('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
  const r = await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', 'chunks']));
  expect(r.code, r.stderr).toBe(0);
  return { t, drawn: JSON.parse(r.stdout) };
}

const chunksOf = (db: string) => new Database(db, { readonly: true })
  .prepare("SELECT seq, text_gz FROM draw_snapshot_chunks WHERE draw_id = 1 AND kind = 'subjects' ORDER BY seq").all() as { seq: number; text_gz: Buffer }[];

/** Rewrites one chunk of draw 1's subjects snapshot with the sqlite3 CLI (readfile of a gzip file). */
function rewriteChunk(db: string, seq: number, change: (text: string) => string): void {
  const chunk = chunksOf(db).find((c) => c.seq === seq)!;
  const file = join(db, '..', `chunk-${seq}.gz`);
  writeFileSync(file, gzipSync(Buffer.from(change(gunzipSync(chunk.text_gz).toString('utf8')), 'utf8')));
  sqlite(db, `UPDATE draw_snapshot_chunks SET text_gz = readfile('${file}') WHERE draw_id = 1 AND kind = 'subjects' AND seq = ${seq}`);
}

describe('a subjects snapshot stored in chunks', () => {
  it('is the committed snapshot joined; replays from the database and from a package; shows its strata', async () => {
    const { t, drawn } = await drawnBig();
    const chunks = chunksOf(t.db);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    const text = chunks.map((c) => gunzipSync(c.text_gz).toString('utf8')).join('');
    const [rows, sha256, blob] = sqlite(t.db, "SELECT rows, sha256, length(text_gz) FROM draw_snapshots WHERE draw_id = 1 AND kind = 'subjects'").split('|');
    expect(blob).toBe('0');
    expect({ rows: Number(rows), sha256 }).toEqual({ rows: text.split('\n').length - 1, sha256: sha256Hex(text) });
    expect(drawn.snapshots.subjects).toEqual({ rows: Number(rows), sha256 });
    // every chunk but the last holds whole lines, 65,536 of them
    for (const c of chunks.slice(0, -1)) expect(gunzipSync(c.text_gz).toString('utf8').split('\n')).toHaveLength(65_537);

    const replay = await t.run(['--json', 'replay', '1']);
    expect(replay.code, replay.stdout).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ match: true, sheets: drawn.sheets.length });
    // show draw counts the strata from the chunks: as many lines of each stratum as the joined text has
    const shown = JSON.parse((await t.run(['--json', 'show', 'draw', '1'])).stdout);
    const sizes: Record<string, number> = {};
    for (const l of text.split('\n').slice(0, -1)) sizes[l.split('\t')[1]!] = (sizes[l.split('\t')[1]!] ?? 0) + 1;
    expect(Object.fromEntries(shown.strata.map((s: { stratum: string; size: number }) => [s.stratum, s.size]))).toEqual(
      Object.fromEntries(drawn.strata.map((s: { stratum: string }) => [s.stratum, sizes[s.stratum] ?? 0])));
    expect(shown.strata).toEqual(drawn.strata);
    // the package holds the snapshot whole, and replays without the database
    const pkg = join(t.dir, 'package.json');
    expect((await t.run(['export', 'package', '1', '--out', pkg])).code).toBe(0);
    expect(JSON.parse(readFileSync(pkg, 'utf8')).snapshots.subjects).toBe(text);
    expect((await t.run(['replay', '--package', pkg])).code).toBe(0);
  }, 120_000);

  it('a chunk changed, removed or put out of order behind the tool\'s back: the replay names the subjects snapshot (exit 4)', async () => {
    const { t, drawn } = await drawnBig();
    const key = drawn.sheets[0].key as string;
    const seq = chunksOf(t.db).findIndex((c) => gunzipSync(c.text_gz).toString('utf8').includes(`${key}\t`));
    expect(seq).toBeGreaterThanOrEqual(0);
    const copy = join(t.dir, 'copy.db');
    writeFileSync(copy, readFileSync(t.db));
    const snapshotDiff = async (db: string) => {
      const r = await t.run(['--db', db, '--json', 'replay', '1']);
      expect(r.code, r.stdout).toBe(4);
      return JSON.parse(r.stdout).differences as { what: string; kind?: string }[];
    };
    // the drawn subject moved to another stratum in its chunk: the digest, and the sheets it moves
    rewriteChunk(t.db, seq, (text) => text.replace(new RegExp(`^${key}\\t(\\w+)`, 'm'), (_all, s: string) => `${key}\t${s === 'D' ? 'A' : 'D'}`));
    expect(await snapshotDiff(t.db)).toContainEqual(expect.objectContaining({ what: 'snapshot', kind: 'subjects' }));
    // a chunk removed
    const removed = join(t.dir, 'removed.db');
    writeFileSync(removed, readFileSync(copy));
    sqlite(removed, "DELETE FROM draw_snapshot_chunks WHERE draw_id = 1 AND kind = 'subjects' AND seq = 1");
    expect(await snapshotDiff(removed)).toContainEqual(expect.objectContaining({ what: 'snapshot', kind: 'subjects' }));
    // two chunks swapped: every line still there, not in order
    const swapped = join(t.dir, 'swapped.db');
    writeFileSync(swapped, readFileSync(copy));
    for (const [from, to] of [[0, -1], [1, 0], [-1, 1]]) sqlite(swapped, `UPDATE draw_snapshot_chunks SET seq = ${to} WHERE draw_id = 1 AND kind = 'subjects' AND seq = ${from}`);
    expect(await snapshotDiff(swapped)).toContainEqual(expect.objectContaining({ what: 'snapshot', kind: 'subjects' }));
    // every chunk removed: the empty text_gz is no snapshot at all
    const none = join(t.dir, 'none.db');
    writeFileSync(none, readFileSync(copy));
    sqlite(none, "DELETE FROM draw_snapshot_chunks WHERE draw_id = 1");
    expect(await snapshotDiff(none)).toContainEqual(expect.objectContaining({ what: 'snapshot', kind: 'subjects' }));
    // the copy untouched still replays
    expect((await t.run(['--db', copy, 'replay', '1'])).code).toBe(0);
  }, 120_000);

  it('recorded sheets edited behind the tool\'s back are named one by one, read a row at a time (issue 14); a team written with other spacing is the same team', async () => {
    const { t, drawn } = await drawnBig();
    const sheets = drawn.sheets as { number: number; key: string }[];
    const [a, b] = [sheets[0]!, sheets[sheets.length - 1]!];
    const diff = async (db: string) => {
      const r = await t.run(['--db', db, '--json', 'replay', '1']);
      return { code: r.code, differences: JSON.parse(r.stdout).differences as Record<string, unknown>[] };
    };
    const copyOf = (name: string) => { const f = join(t.dir, name); writeFileSync(f, readFileSync(t.db)); return f; };
    // two sheets' subjects swapped: both are lines of the snapshot, so the first pass found them, at each other's lines
    const swapped = copyOf('swapped.db');
    sqlite(swapped, `UPDATE sheets SET credit_code = CASE number WHEN ${a.number} THEN '${b.key}' ELSE '${a.key}' END WHERE draw_id = 1 AND number IN (${a.number}, ${b.number})`);
    expect(await diff(swapped)).toEqual({ code: 4, differences: [
      { what: 'sheet', number: a.number, field: 'subject', expected: a.key, found: b.key },
      { what: 'sheet', number: b.number, field: 'subject', expected: b.key, found: a.key },
    ] });
    // a sheet gone: the count, and the sheet
    const gone = copyOf('gone.db');
    sqlite(gone, `DELETE FROM sheets WHERE draw_id = 1 AND number = ${b.number}`);
    expect(await diff(gone)).toEqual({ code: 4, differences: [
      { what: 'sheet-count', expected: sheets.length, found: sheets.length - 1 },
      { what: 'sheet', number: b.number, field: 'subject', expected: b.key, found: '-' },
    ] });
    // the same team, its JSON written with spaces: not the text the replay writes, read and found the same
    const spaced = copyOf('spaced.db');
    sqlite(spaced, `UPDATE sheets SET team = replace(team, '","', '", "') WHERE draw_id = 1 AND number = ${a.number}`);
    expect(sqlite(spaced, `SELECT team FROM sheets WHERE draw_id = 1 AND number = ${a.number}`)).toContain('", "');
    expect(await diff(spaced)).toEqual({ code: 0, differences: [] });
  }, 120_000);
});
