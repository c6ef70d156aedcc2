#!/usr/bin/env node
/**
 * npm run bench -- import [--rows N] [--xlsx-rows N]   (without --rows: 100,000 and 1,000,000)
 * npm run bench -- draw   [--rows N]
 * npm run bench -- journal [--repeat N]
 * npm run bench -- papers [--db FILE]   (the papers part of `draw`, on a drawn database)
 * npm run bench -- province [--sizes 100000,1000000,8000000]
 *
 * Times `draw` against a reference run in the same call and prints ratios and peak memory.
 * Nothing here is a test: figures vary with the machine; the ratios are what to compare.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { subjects, subjectRow, csvLine, CHINESE_SUBJECT_HEADER } from '../scripts/county.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const BIN = join(ROOT, 'bin', 'draw');
const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith('--')) ?? 'import';
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
/** The sizes the import bench runs: --rows N alone, else 100k and 1M, so that a reader sees how the cost grows. */
const IMPORT_SIZES = rowsArg >= 0 ? [ROWS] : [100_000, 1_000_000];
const xlsxArg = args.indexOf('--xlsx-rows');
const XLSX_ROWS = xlsxArg >= 0 ? Number(args[xlsxArg + 1]) : 200_000;

/** Runs a command and reports wall time and the peak RSS of the child (from the kernel's rusage). */
function measure(label, argv, options = {}) {
  const py = 'import resource,subprocess,sys,time\n' +
    't=time.time(); r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n' +
    'e=time.time()-t; u=resource.getrusage(resource.RUSAGE_CHILDREN); m=u.ru_maxrss\n' +
    'sys.stderr.write(r.stderr.decode("utf8","replace")[-2000:] if r.returncode else "")\n' +
    'print(f"{e:.3f} {m} {r.returncode} {u.ru_utime + u.ru_stime:.3f}")';
  const r = spawnSync('python3', ['-c', py, ...argv], { encoding: 'utf8', env: { ...process.env, ...options.env } });
  if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  const [seconds, kb, code, cpu] = r.stdout.trim().split(/\s+/).map(Number);
  if (code !== 0 && !(options.okCodes ?? []).includes(code)) throw new Error(`${label} exited ${code}: ${r.stderr}`);
  // cpu: user + system seconds of the child; on a shared machine the wall time is mostly the others' load
  return { label, seconds, mb: kb / 1024, code, cpu };
}

/**
 * The fixture generator's registry of `rows` subjects. `changed`: the same registry a month later,
 * every 20th subject (5%) with its credit grade and its grade's date renewed.
 */
async function writeRegistry(path, rows, changed = false) {
  if (existsSync(path)) return;
  process.stderr.write(`generating ${rows.toLocaleString()} subjects${changed ? ', 5% changed,' : ''} → ${path}\n`);
  const out = createWriteStream(path);
  out.write(csvLine(CHINESE_SUBJECT_HEADER));
  const grade = CHINESE_SUBJECT_HEADER.indexOf('信用风险等级');
  const asOf = CHINESE_SUBJECT_HEADER.indexOf('信用风险等级日期');
  let i = 0;
  for (const s of subjects(rows, `bench-${rows}`)) {
    const fields = subjectRow(s, i, 'chinese');
    if (changed && i % 20 === 0) {
      fields[grade] = fields[grade] === 'A' ? 'B' : 'A';
      fields[asOf] = '2022-02-28';
    }
    i++;
    if (!out.write(csvLine(fields))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function drawDb(name) {
  const db = join(OUT, name);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const env = { DRAW_DB: db, DRAW_OPERATOR: 'bench' };
  const run = (a) => {
    const r = spawnSync(process.execPath, [BIN, ...a], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`draw ${a.join(' ')}: ${r.stderr}`);
    return r;
  };
  run(['init']);
  return { db, env, run };
}

const print = (rows) => {
  for (const r of rows.filter((x) => !Number.isNaN(x.seconds))) {
    const peak = Number.isNaN(r.mb) ? '' : `   peak ${r.mb.toFixed(0).padStart(5)} MB`;
    const cpu = r.cpu === undefined ? '' : `   cpu ${r.cpu.toFixed(2).padStart(6)} s`;
    console.log(`${r.label.padEnd(34)} ${r.seconds.toFixed(2).padStart(8)} s${peak}${cpu}`);
  }
};

/** sqlite3's own CSV import of `csv` into a new table with the same columns and primary key: the reference. */
function reference(csv) {
  const ref = join(OUT, 'reference.db');
  rmSync(ref, { force: true });
  const columns = CHINESE_SUBJECT_HEADER.map((h) => `"${h}" TEXT`).join(', ');
  spawnSync('sqlite3', [ref, `CREATE TABLE subjects (${columns}, PRIMARY KEY ("统一社会信用代码", "注册号"));`]);
  const r = measure('sqlite3 .import (reference)', ['sqlite3', ref, '-cmd', '.mode csv', `.import --skip 1 ${csv} subjects`]);
  rmSync(ref, { force: true });
  return r;
}

/**
 * One size: the reference, then `draw import subjects` of the new registry, a re-import of the
 * same file, and a re-import of the registry with 5% of its rows changed, each as a ratio to the
 * reference of the same run. In the draw bench only the new import is run (its database is the
 * draw's).
 */
async function importSize(rows, full) {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, `subjects-${rows}.csv`);
  const changed = join(OUT, `subjects-${rows}-changed.csv`);
  await writeRegistry(csv, rows);
  if (full) await writeRegistry(changed, rows, true);
  const sizeMb = statSync(csv).size / 1048576;
  const sqlite = reference(csv);
  const d = drawDb('bench-import.db');
  for (const k of ['departments', 'items']) d.run(['import', k, join(ROOT, 'fixtures', `${k}.csv`)]);
  const runs = [measure('draw import subjects (new)', [process.execPath, BIN, 'import', 'subjects', csv], { env: d.env })];
  if (full) {
    runs.push(measure('  re-import, unchanged', [process.execPath, BIN, 'import', 'subjects', csv], { env: d.env }));
    runs.push(measure('  re-import, 5% changed', [process.execPath, BIN, 'import', 'subjects', changed], { env: d.env }));
  }
  console.log(`\n${rows.toLocaleString()} rows, ${sizeMb.toFixed(0)} MB UTF-8, every row validated\n`);
  // cpu: the child's user + system seconds (two threads for draw, one for sqlite3): on a shared
  // machine the wall time is mostly the others' load, the CPU seconds far less so
  console.log(`${'run'.padEnd(34)} ${'time'.padStart(10)} ${'ratio'.padStart(7)}   peak memory   ${'cpu'.padStart(8)}`);
  for (const r of [sqlite, ...runs]) {
    const ratio = r === sqlite ? '' : `${(r.seconds / sqlite.seconds).toFixed(2)}×`;
    console.log(`${r.label.padEnd(34)} ${r.seconds.toFixed(2).padStart(8)} s ${ratio.padStart(7)}   ${r.mb.toFixed(0).padStart(5)} MB   ${r.cpu.toFixed(2).padStart(6)} s`);
  }
  const worst = Math.max(...runs.map((r) => r.seconds / sqlite.seconds));
  const peak = Math.max(...runs.map((r) => r.mb));
  console.log(`goal: each ≤ 1.5× the reference (worst ${worst.toFixed(2)}×), peak ≤ 200 MB (highest ${peak.toFixed(0)} MB)`);
  return { rows, sqlite, runs, d, csv };
}

async function benchImport() {
  const results = [];
  for (const rows of mode === 'import' ? IMPORT_SIZES : [ROWS]) results.push(await importSize(rows, mode === 'import'));
  if (results.length > 1) {
    // how each figure grows with the registry: time per 1,000 rows at each size
    console.log(`\nper 1,000 rows (ms): ${'size'.padEnd(12)} ${results[0].runs.map((r) => r.label.trim().replace('draw import subjects ', '')).concat('reference').join(' | ')}`);
    for (const r of results) {
      console.log(`${' '.repeat(21)}${r.rows.toLocaleString().padEnd(12)} ${[...r.runs, r.sqlite].map((x) => (x.seconds / r.rows * 1e6).toFixed(1)).join(' | ')}`);
    }
  }
  const last = results.at(-1);
  return { csv: last.csv, d: last.d, first: last.runs[0] };
}

/** The same rows as CSV and as an .xlsx workbook (identifiers as text cells), each imported into a fresh database. */
async function benchXlsx() {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, `subjects-${XLSX_ROWS}.csv`);
  const xlsx = join(OUT, `subjects-${XLSX_ROWS}.xlsx`);
  await writeRegistry(csv, XLSX_ROWS);
  if (!existsSync(xlsx)) {
    process.stderr.write(`writing the same rows as ${xlsx}\n`);
    const { writeXlsx } = await import('../dist/io/xlsx-write.js');
    const dates = new Set(['成立日期', '信用风险等级日期']);
    let i = 0;
    await writeXlsx(xlsx, {
      sheet: '市场主体', columns: CHINESE_SUBJECT_HEADER.map((h) => ({ header: h, kind: dates.has(h) ? 'date' : 'text' })),
      rows: (function* () { for (const s of subjects(XLSX_ROWS, `bench-${XLSX_ROWS}`)) yield subjectRow(s, i++, 'chinese'); })(),
    });
  }
  const runs = [];
  for (const [label, file] of [['draw import subjects (.csv)', csv], ['draw import subjects (.xlsx)', xlsx]]) {
    const d = drawDb('bench-xlsx.db');
    for (const k of ['departments', 'items']) d.run(['import', k, join(ROOT, 'fixtures', `${k}.csv`)]);
    runs.push(measure(label, [process.execPath, BIN, 'import', 'subjects', file], { env: d.env }));
  }
  console.log(`\n${XLSX_ROWS.toLocaleString()} rows: ${(statSync(csv).size / 1048576).toFixed(0)} MB CSV, ${(statSync(xlsx).size / 1048576).toFixed(0)} MB .xlsx\n`);
  print(runs);
  console.log(`\nratio .xlsx / .csv: ${(runs[1].seconds / runs[0].seconds).toFixed(2)}×; peak memory: .csv ${runs[0].mb.toFixed(0)} MB, .xlsx ${runs[1].mb.toFixed(0)} MB`);
}

async function benchDraw() {
  const { d, first } = await benchImport();
  if (!existsSync(join(ROOT, 'dist', 'cli', 'commands', 'run.js'))) {
    console.log('\n(draw bench: `draw run` is not built yet)');
    return;
  }
  const { runDrawBench } = await import('./draw.mjs');
  await runDrawBench({ d, importSeconds: first.seconds, measure, print, ROOT, OUT });
  const { runPapersBench } = await import('./papers.mjs');
  await runPapersBench({ env: d.env, db: d.db, measure, print, ROOT, OUT });
}

/** The papers part alone, on a database whose draw 1 is drawn (the draw bench's bench-import.db). */
async function benchPapers() {
  const at = args.indexOf('--db');
  const db = at >= 0 ? args[at + 1] : join(OUT, 'bench-import.db');
  const { runPapersBench } = await import('./papers.mjs');
  await runPapersBench({ env: { DRAW_DB: db, DRAW_OPERATOR: 'bench' }, db, measure, print, ROOT, OUT });
}

async function benchJournal() {
  mkdirSync(OUT, { recursive: true });
  const at = args.indexOf('--repeat');
  const { runJournalBench } = await import('./journal.mjs');
  await runJournalBench({ measure, ROOT, OUT, repeat: at >= 0 ? Number(args[at + 1]) : 3 });
}

async function benchProvince() {
  mkdirSync(OUT, { recursive: true });
  const at = args.indexOf('--sizes');
  const sizes = (at >= 0 ? args[at + 1] : '100000,1000000,8000000').split(',').map(Number);
  const { runProvinceBench } = await import('./province.mjs');
  await runProvinceBench({ sizes, measure, drawDb, ROOT, OUT });
}

if (mode === 'import') { await benchImport(); await benchXlsx(); }
else if (mode === 'xlsx') await benchXlsx();
else if (mode === 'draw') await benchDraw();
else if (mode === 'journal') await benchJournal();
else if (mode === 'papers') await benchPapers();
else if (mode === 'province') await benchProvince();
else {
  console.error('usage: npm run bench -- import|draw|xlsx [--rows N] [--xlsx-rows N] | journal [--repeat N] | papers [--db FILE] | province [--sizes N,N,…]');
  process.exit(2);
}
