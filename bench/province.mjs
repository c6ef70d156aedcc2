/**
 * The province benchmark (npm run bench -- province [--sizes 100000,1000000,8000000]): for each
 * size, a registry generated on the fly (bench/out, not committed), sqlite3's own .import of it
 * (the reference), `draw import subjects`, a plan over the whole registry, `draw run`, `draw
 * replay`, `draw show draw` and `draw status`, each timed with its peak memory from the kernel
 * (ru_maxrss). One table, a row per size, so a reader sees how each cost grows.
 *
 * Disk: per million subjects about 300 MB of CSV, 430 MB of database and 350 MB of reference
 * database, kept in bench/out for the next run (about 9 GB at 8,000,000; delete bench/out after).
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CHINESE_SUBJECT_HEADER } from '../scripts/county.mjs';
import { setUpPlan } from './draw.mjs';

const GOALS = {
  import: 'import ≤ 1.5× sqlite3 .import; 8M in < 120 s',
  run: '≤ 1 s at 1M, < 8 s at 8M',
  replay: '≤ 1 s at 1M, < 8 s at 8M',
  memory: 'every command ≤ 200 MB',
};

export async function runProvinceBench({ sizes, measure, writeRegistry, drawDb, ROOT, OUT }) {
  const BIN = join(ROOT, 'bin', 'draw');
  const table = [];
  for (const rows of sizes) {
    const csv = join(OUT, `subjects-${rows}.csv`);
    await writeRegistry(csv, rows);
    const ref = join(OUT, `reference-${rows}.db`);
    rmSync(ref, { force: true });
    const columns = CHINESE_SUBJECT_HEADER.map((h) => `"${h}" TEXT`).join(', ');
    spawnSync('sqlite3', [ref, `CREATE TABLE subjects (${columns}, PRIMARY KEY ("统一社会信用代码", "注册号"));`]);
    const sqlite = measure('sqlite3 .import', ['sqlite3', ref, '-cmd', '.mode csv', `.import --skip 1 ${csv} subjects`]);
    rmSync(ref, { force: true });
    const d = drawDb(`province-${rows}.db`);
    for (const k of ['departments', 'items']) d.run(['import', k, join(ROOT, 'fixtures', `${k}.csv`)]);
    const imported = measure('draw import subjects', [process.execPath, BIN, 'import', 'subjects', csv], { env: d.env });
    setUpPlan(d, OUT);
    const m = (label, args) => measure(label, [process.execPath, BIN, ...args], { env: d.env });
    const run = m('draw run', ['run', '2022-001', '--seed', 'province']);
    const replay = m('draw replay', ['replay', '1']);
    const show = m('draw show draw', ['show', 'draw', '1']);
    const status = m('draw status', ['status']);
    const shown = JSON.parse(d.run(['--json', 'show', 'draw', '1']).stdout);
    table.push({ rows, mb: statSync(csv).size / 1048576, eligible: shown.snapshots.subjects.rows, sheets: shown.sheets.length, sqlite, imported, run, replay, show, status });
    print(table);
  }
}

function print(table) {
  // wall seconds, peak MB, and (cpu) the child's user + system seconds: what the load on a shared machine does not inflate
  const f = (r) => `${r.seconds.toFixed(2).padStart(7)} s ${r.mb.toFixed(0).padStart(4)} MB (cpu ${r.cpu.toFixed(2)})`;
  console.log(`\n${'subjects'.padStart(10)} ${'eligible'.padStart(10)} ${'sheets'.padStart(8)} | ${'sqlite3 .import'.padEnd(28)} | ${'draw import'.padEnd(28)} | ` +
    `${'draw run'.padEnd(28)} | ${'draw replay'.padEnd(28)} | ${'show draw'.padEnd(28)} | ${'status'.padEnd(28)}`);
  for (const t of table) {
    console.log(`${t.rows.toLocaleString('en').padStart(10)} ${t.eligible.toLocaleString('en').padStart(10)} ${t.sheets.toLocaleString('en').padStart(8)} | ` +
      `${f(t.sqlite)} | ${f(t.imported)} | ${f(t.run)} | ${f(t.replay)} | ${f(t.show)} | ${f(t.status)}`);
  }
  const last = table[table.length - 1];
  console.log(`\nat ${last.rows.toLocaleString('en')}: import ${(last.imported.seconds / last.sqlite.seconds).toFixed(2)}× sqlite3 .import (${GOALS.import}); ` +
    `run ${last.run.seconds.toFixed(2)} s, replay ${last.replay.seconds.toFixed(2)} s (${GOALS.run}); ` +
    `peak ${Math.max(last.imported.mb, last.run.mb, last.replay.mb, last.show.mb, last.status.mb).toFixed(0)} MB (${GOALS.memory})`);
  if (table.length > 1) {
    const [a, b] = [table[table.length - 2], last];
    const g = (x, y) => (y.seconds / x.seconds).toFixed(1);
    console.log(`growth ${a.rows.toLocaleString('en')} → ${b.rows.toLocaleString('en')} (${(b.rows / a.rows).toFixed(0)}× rows): import ${g(a.imported, b.imported)}×, ` +
      `run ${g(a.run, b.run)}×, replay ${g(a.replay, b.replay)}×, show draw ${g(a.show, b.show)}×, status ${g(a.status, b.status)}×`);
  }
}
