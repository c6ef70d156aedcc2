import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE, sqlite, type Db, type Run, seeded } from './helpers.js';

/**
 * The sheets of a large draw (issue 14): written as they are read, split into printable files with
 * an index page, in bounded memory. The draw here takes every active subject of the fixture
 * county (2,592 sheets), more than the 2,000 above which the export splits on its own.
 */

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const lines = (s: string) => (s === '' ? [] : s.split('\n'));

/** The bin/draw child's exit code and peak resident memory (MB), from the kernel's rusage, as `npm run bench` takes it. */
function measured(args: string[], env: Record<string, string>): { code: number; mb: number; stderr: string } {
  const py = 'import resource,subprocess,sys\n'
    + 'r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n'
    + 'sys.stderr.write(r.stderr.decode("utf8","replace"))\n'
    + 'print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const r = spawnSync('python3', ['-c', py, NODE, ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester', ...env }, timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`python3: ${r.stderr}`);
  const [code, kb] = r.stdout.trim().split(/\s+/).map(Number);
  return { code, mb: kb / 1024, stderr: r.stderr };
}

/** The sheet numbers in an HTML file of sheets, in order, read from each sheet's footer. */
function sheetsIn(html: string): number[] {
  const sections = html.split('<section class="sheet">').length - 1;
  const numbers = [...html.matchAll(/<footer>抽取 \d+，第 (\d+) 张（共 \d+ 张）/g)].map((m) => Number(m[1]));
  expect(numbers.length).toBe(sections);
  return numbers;
}

/** The index's rows: each sheet's number and the file it names. */
function indexRows(html: string): { number: number; file: string }[] {
  return [...html.matchAll(/<tr data-sheet="(\d+)">.*?<td>(sheets-\d+-\d+\.html)<\/td><\/tr>/g)].map((m) => ({ number: Number(m[1]), file: m[2] }));
}

describe('the sheets of a large draw', () => {
  let t: Db;
  let standing: number[];
  beforeAll(async () => {
    t = countyDb();
    ok(await t.run(['plan', '--year', '2022', '--name', '全县', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '100%', '--window', '2022-04-01..2022-06-30', '--no-input']));
    ok(await seeded(t, ['run', '2022-001', '--seed', 'scale']));
    standing = lines(sqlite(t.db, 'SELECT number FROM sheets WHERE draw_id = 1 AND cancelled_by IS NULL ORDER BY number')).map(Number);
    expect(standing.length).toBeGreaterThan(2000);
  }, 300_000);

  it('are split on their own under a memory ceiling, and the index lists every sheet exactly once, in the file that holds it', () => {
    const out = join(t.dir, 'sheets');
    // A heap of 48 MB, and the process's peak RSS checked: the old export held the whole
    // document (147 MB here, 1.28 GB for 26,098 sheets); streamed it stays near Node's own.
    const r = measured(['--max-old-space-size=48', BIN, '--db', t.db, 'export', 'sheets', '1', '--out', out], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.mb).toBeLessThan(120);
    expect(r.stderr).toMatch(/超过 2000 张：已分为每个文件至多 1000 张/);

    const names = readdirSync(out).sort();
    expect(names).toEqual(['sheets-1-001.html', 'sheets-1-002.html', 'sheets-1-003.html', 'sheets-1-index.html']);
    const index = readFileSync(join(out, 'sheets-1-index.html'), 'utf8');
    const rows = indexRows(index);
    // every standing sheet once, none twice, none missing
    expect(rows.map((x) => x.number).sort((a, b) => a - b)).toEqual(standing);
    expect(new Set(rows.map((x) => x.number)).size).toBe(rows.length);
    // each file holds exactly the sheets the index says, in number order, at most 1000
    for (const name of names.filter((n) => n !== 'sheets-1-index.html')) {
      const inFile = sheetsIn(readFileSync(join(out, name), 'utf8'));
      expect(inFile).toEqual(rows.filter((x) => x.file === name).map((x) => x.number));
      expect(inFile.length).toBeLessThanOrEqual(1000);
      expect(index).toContain(`<a href="${name}">${name}</a></td><td class="n">${inFile.length}</td><td>${inFile[0]}–${inFile[inFile.length - 1]}</td>`);
    }
    // the audit head the papers were made at, in the index as in every file
    const head = sqlite(t.db, 'SELECT seq || \':\' || hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(index).toContain(`<meta name="draw-audit-head" content="${head}">`);
  }, 600_000);

  it('--split township: one file per township, every sheet in its subject\'s township\'s file', async () => {
    const out = join(t.dir, 'by-town');
    const d = JSON.parse(ok(await t.run(['--json', 'export', 'sheets', '1', '--out', out, '--split', 'township'])).stdout);
    const towns = new Map(lines(sqlite(t.db, "SELECT x.number, s.township FROM sheets x JOIN subjects s ON s.credit_code = x.credit_code WHERE x.draw_id = 1 AND x.cancelled_by IS NULL"))
      .map((l) => l.split('|')).map(([n, town]) => [Number(n), town]));
    const files = d.files as { out: string; township: string; sheets: number }[];
    expect(new Set(files.map((f) => f.township))).toEqual(new Set(towns.values()));
    expect(files.reduce((n, f) => n + f.sheets, 0)).toBe(standing.length);
    for (const f of files) {
      const inFile = sheetsIn(readFileSync(f.out, 'utf8'));
      expect(inFile.length).toBe(f.sheets);
      for (const n of inFile) expect(towns.get(n)).toBe(f.township);
    }
    expect(indexRows(readFileSync(d.index, 'utf8')).map((x) => x.number).sort((a, b) => a - b)).toEqual(standing);
  }, 300_000);

  it('a split is written whole or not at all: a file already there stops every file, and --split none keeps the one file', async () => {
    // A later part is there already (and no --force): nothing is replaced, nothing added, not
    // even the index and the parts written before it was reached, nor their temporaries.
    const out = join(t.dir, 'taken');
    ok(await t.run(['export', 'sheets', '1', '--out', out, '--split', 'none']));
    const part3 = join(out, 'sheets-1-003.html');
    writeFileSync(part3, 'a clerk’s own file');
    const again = await t.run(['export', 'sheets', '1', '--out', out, '--split', '500']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/sheets-1-003\.html/);
    expect(readdirSync(out).sort()).toEqual(['sheets-1-003.html', 'sheets-1.html']);
    expect(readFileSync(part3, 'utf8')).toBe('a clerk’s own file');

    const one = join(t.dir, 'one');
    const d = JSON.parse(ok(await t.run(['--json', 'export', 'sheets', '1', '--out', one, '--split', 'none'])).stdout);
    expect(readdirSync(one)).toEqual(['sheets-1.html']);
    expect(d.sheets).toBe(standing.length);
    expect(sheetsIn(readFileSync(join(one, 'sheets-1.html'), 'utf8'))).toEqual(standing);

    const bad = await t.run(['export', 'sheets', '1', '--out', join(t.dir, 'bad'), '--split', 'weekly']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--split weekly/);
    const csv = await t.run(['export', 'sheets', '1', '--out', join(t.dir, 'bad'), '--format', 'csv', '--split', '100']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/--split 只用于 HTML/);
  }, 300_000);
});
