import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, NODE, ROOT, freshDb, sqlite } from './helpers.js';

/**
 * Memory of a large subject import, held by the kernel's accounting of the child (its peak RSS,
 * main thread, checking thread and SQLite together), not by what the JavaScript heap says: a
 * buffer that grows with the file (rows queued faster than they are written, a list of keys
 * seen) makes a 150,000-row import cross the ceiling, and the suite fails. Not a timing test.
 */
const ROWS = 150_000;
const CEILING_MB = 190;

/** The fixture generator's registry of `rows` subjects, every 20th with its credit grade changed when `changed`. */
async function writeRegistry(path: string, rows: number, changed: boolean): Promise<void> {
  const county = await import(pathToFileURL(join(ROOT, 'scripts', 'county.mjs')).href);
  const out = createWriteStream(path);
  out.write(county.csvLine(county.CHINESE_SUBJECT_HEADER));
  let i = 0;
  const grade = county.CHINESE_SUBJECT_HEADER.indexOf('信用风险等级');
  for (const s of county.subjects(rows, 'memory')) {
    const fields: string[] = county.subjectRow(s, i, 'chinese');
    if (changed && i % 20 === 0) fields[grade] = fields[grade] === 'A' ? 'B' : 'A';
    i++;
    if (!out.write(county.csvLine(fields))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs the built CLI as a child of python3 and returns its exit code, output and peak RSS in MB (getrusage of the children). */
function measured(db: string, args: string[]): { code: number; stdout: string; peakMb: number } {
  const py = 'import resource,subprocess,sys\n' +
    'r=subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)\n' +
    'sys.stdout.write(r.stdout.decode("utf8","replace"))\n' +
    'print(f"\\nPEAK {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {r.returncode}")';
  // A small old space for the main thread too: a heap that grows with the file dies there first.
  const r = spawnSync('python3', ['-c', py, NODE, '--max-old-space-size=96', BIN, '--db', db, '--lang', 'en', ...args],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' }, maxBuffer: 1 << 26 });
  const m = /PEAK (\d+) (-?\d+)\s*$/.exec(r.stdout);
  if (!m) throw new Error(`no measurement: ${r.stdout}${r.stderr}`);
  return { code: Number(m[2]), stdout: r.stdout, peakMb: Number(m[1]) / 1024 };
}

describe('memory of a large subject import', () => {
  it(`imports ${ROWS.toLocaleString()} new subjects, then re-imports them with 5% changed, each under ${CEILING_MB} MB`, async () => {
    const t = freshDb();
    for (const k of ['departments', 'items']) expect((await t.run(['import', k, join(FIXTURES, `${k}.csv`)])).code).toBe(0);
    const first = join(t.dir, 'registry.csv');
    const second = join(t.dir, 'registry-changed.csv');
    await writeRegistry(first, ROWS, false);
    await writeRegistry(second, ROWS, true);

    const fresh = measured(t.db, ['import', 'subjects', first]);
    expect(fresh.code, fresh.stdout).toBe(0);
    expect(fresh.stdout).toContain(`${ROWS.toLocaleString('en')} rows`);
    expect(fresh.peakMb, `new import peak ${fresh.peakMb.toFixed(0)} MB`).toBeLessThanOrEqual(CEILING_MB);
    expect(Number(sqlite(t.db, 'SELECT COUNT(*) FROM subjects').trim())).toBe(ROWS);
    // the draw's covering index is there again once the import is kept
    expect(sqlite(t.db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subjects' AND sql IS NOT NULL")).toContain('subjects_population');

    const again = measured(t.db, ['import', 'subjects', second]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.peakMb, `re-import peak ${again.peakMb.toFixed(0)} MB`).toBeLessThanOrEqual(CEILING_MB);
    const counts = sqlite(t.db, 'SELECT inserted, updated, unchanged FROM imports ORDER BY id DESC LIMIT 1').trim();
    expect(counts).toBe(`0|${ROWS / 20}|${ROWS - ROWS / 20}`);
  }, 240_000);
});
