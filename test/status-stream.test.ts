import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countyDb, readCsvText, type Db, type Run, seeded } from './helpers.js';

/**
 * `draw status --json` and `--out` write what is overdue as they read it (issue 14: a million items
 * were 827 MB when the document was built whole), merged worst first from each draw's sorted
 * sources. What they write must be what the status wrote before: test/fixtures/status-before.json
 * is the `--json` output of the build before the streaming (9051d2c) on the season below, where
 * three draws' items tie on their due dates and interleave by sheet, results inspected on a
 * Saturday and a Sunday share a due date, a correction, late entries, a disclosure and a draw with
 * its own frozen deadlines. Everything through the CLI on a real SQLite file, the clock set per command.
 */

const json = (r: Run) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`exit ${r.code}: ${r.stdout}\n${r.stderr}`); }
};

async function at(moment: string, run: () => Promise<Run>): Promise<Run> {
  vi.setSystemTime(new Date(moment));
  const r = await run();
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
}

beforeAll(() => { vi.useFakeTimers({ toFake: ['Date'] }); });
afterAll(() => { vi.useRealTimers(); });

const plan = (name: string, departments: string, window: string) => ['plan', '--year', '2022', '--name', name, '--departments', departments,
  '--items', 'all', '--initiator', 'SCJG', '--ratio', '2%', '--window', window, '--no-input'];
const result = (ref: string, department: string, date: string, findings = '未发现问题') =>
  ['result', ref, '--department', department, '--date', date, '--findings', findings, '--items', '正常', '--signed'];

/** Three draws of 2022 with results entered on time and late, one corrected, some published. */
async function season(): Promise<Db> {
  const t = countyDb();
  await at('2022-03-25T02:00:00Z', () => t.run(plan('第一批', 'SCJG,SWJ', '2022-04-01..2022-06-30')));
  await at('2022-03-25T03:00:00Z', () => t.run(plan('第二批', 'SCJG,SWJ', '2022-04-01..2022-06-30')));
  await at('2022-04-01T02:00:00Z', () => seeded(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 1']));
  await at('2022-04-01T02:30:00Z', () => seeded(t, ['run', '2022-002', '--seed', '2022-04-01 公开摇号 2']));
  for (const d of ['SCJG', 'SWJ']) await at('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', d]));
  for (const d of ['SCJG', 'SWJ']) await at('2022-04-08T03:00:00Z', () => t.run(['confirm', '2', '--department', d])); // late
  // a third draw under deadlines of its own, frozen with it
  await at('2022-04-02T02:00:00Z', () => t.run(['config', 'publish_days', '10']));
  await at('2022-04-02T02:01:00Z', () => t.run(['config', 'entry_days', '3']));
  await at('2022-04-02T03:00:00Z', () => t.run(plan('第三批', 'SCJG,SWJ', '2022-04-01..2022-05-31')));
  await at('2022-04-06T02:00:00Z', () => seeded(t, ['run', '2022-003', '--seed', '2022-04-06 公开摇号 3']));
  await at('2022-04-06T03:00:00Z', () => t.run(['confirm', '3', '--department', 'SCJG'])); // SWJ's confirmation stays overdue
  // inspected on a Saturday, a Sunday (one due date), a Monday and earlier; entered on time or late
  await at('2022-05-16T02:00:00Z', () => t.run(result('1/1', 'SCJG', '2022-05-14')));
  await at('2022-05-16T02:01:00Z', () => t.run(result('1/2', 'SCJG', '2022-05-15')));
  await at('2022-05-16T02:02:00Z', () => t.run(result('1/3', 'SWJ', '2022-05-10')));
  await at('2022-05-17T02:00:00Z', () => t.run(result('2/1', 'SWJ', '2022-05-15')));
  await at('2022-05-17T02:01:00Z', () => t.run(result('2/2', 'SCJG', '2022-05-14')));
  await at('2022-05-18T02:00:00Z', () => t.run(result('1/1', 'SCJG', '2022-05-13'))); // a correction, of its day too
  await at('2022-05-20T02:00:00Z', () => t.run(['export', 'disclosure', '1', '--out', join(t.dir, 'gs-1.csv')]));
  await at('2022-06-20T02:00:00Z', () => t.run(result('1/4', 'SCJG', '2022-05-16'))); // late
  await at('2022-06-20T02:01:00Z', () => t.run(result('2/3', 'SCJG', '2022-05-16'))); // late
  await at('2022-06-21T02:00:00Z', () => t.run(result('3/1', 'SCJG', '2022-05-14')));
  await at('2022-06-21T02:01:00Z', () => t.run(result('3/2', 'SCJG', '2022-05-20')));
  await at('2022-06-21T02:02:00Z', () => t.run(result('1/5', 'SWJ', '2022-05-20')));
  return t;
}

describe('the status written as it is read', () => {
  let t: Db;
  beforeAll(async () => { t = await season(); }, 120_000);

  it('--json is the very document the status built whole before, items worst first in the same order', async () => {
    const out = (await at('2022-08-15T02:00:00Z', () => t.run(['--json', 'status', '--year', '2022', '--on', '2022-08-15']))).stdout;
    const doc = json({ code: 0, stdout: out, stderr: '' });
    const before = JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/status-before.json', import.meta.url)), 'utf8'));
    expect(doc).toEqual(before);
    // the same text as JSON.stringify of it gives, indentation and all
    expect(out).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    // what the comparison covers: ties across the three draws, both kinds of items, late entries
    const kinds = new Set(doc.overdue.map((o: { kind: string }) => o.kind));
    expect([...kinds].sort()).toEqual(['confirm', 'enter', 'publish']);
    expect(new Set(doc.overdue.map((o: { draw: number }) => o.draw))).toEqual(new Set([1, 2, 3]));
    expect(doc.lateEntries.length).toBeGreaterThan(0);
    expect(doc.drawRules).toHaveLength(2);
  });

  it('--out lists the same items in the same order, the count in --json naming every row', async () => {
    const paper = join(t.dir, 'status.csv');
    const r = json(await at('2022-08-15T02:00:00Z', () => t.run(['--json', 'status', '--year', '2022', '--on', '2022-08-15', '--out', paper])));
    const rows = readCsvText(readFileSync(paper, 'utf8')).slice(1);
    expect(r.file.rows).toBe(rows.length);
    expect(rows.length).toBe(r.rows.length + r.overdue.length + r.voided.length);
    const listed = rows.slice(r.rows.length).map((row) => [row[1], Number(row[2]), row[3], row[9], Number(row[10])]);
    expect(listed).toEqual(r.overdue.map((o: { plan: string; draw: number; sheet?: number; department?: string; due: string; daysLate: number }) =>
      [o.plan, o.draw, o.sheet === undefined ? o.department : `${o.draw}/${o.sheet}${o.department ? ` ${o.department}` : ''}`, o.due, o.daysLate]));
  });

  it('the table shows the first 30 of that order and counts them all', async () => {
    const r = json(await at('2022-08-15T02:00:00Z', () => t.run(['--json', 'status', '--year', '2022', '--on', '2022-08-15'])));
    const table = (await at('2022-08-15T02:00:00Z', () => t.run(['status', '--year', '2022', '--on', '2022-08-15']))).stdout;
    expect(table).toContain(`逾期事项 ${r.overdue.length} 项`);
    expect(table).toContain(`另有 ${r.overdue.length - 30} 项逾期`);
    expect(table).toContain(`${r.lateEntries.length}`);
    const shown = [...table.matchAll(/│ (\d+)\/(\d+) (\w+)/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(r.overdue.slice(0, 30).filter((o: { sheet?: number }) => o.sheet !== undefined).map((o: { draw: number; sheet: number; department: string }) => [o.draw, o.sheet, o.department]));
  });
});
