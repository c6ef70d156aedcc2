/**
 * The province benchmark (npm run bench -- province [--sizes 100000,1000000,8000000]): for each
 * size, a registry generated on the fly (bench/province-registry.mjs: worker threads, about 2.5 s
 * per million rows on 2 cores, 20–25 s for 8,000,000), sqlite3's own .import of it (the
 * reference), `draw import subjects`, a task over the whole registry (`draw plan`, which counts
 * its reach), `draw run`, `draw replay`, `draw show draw`, and then every other command that
 * reads the registry or the draw: status, reports, list --json (beside sqlite3 -json of the same
 * query), exports, audit verify, plan show, backup. Each is timed with the child's CPU seconds and
 * its peak memory from the kernel (ru_maxrss); one table, a row per command and a column per size,
 * with each command's reference and goal, so a reader sees how each cost grows.
 *
 * Disk, per million subjects: 300 MB of CSV and 440 MB of database kept in bench/out for the next
 * run, and while a size runs 350 MB of reference database, 440 MB of backup and 150 MB of sheets
 * (removed after each measure). At 8,000,000: 2.4 GB CSV + 3.5 GB database kept, about 11 GB free
 * needed while it runs; delete bench/out afterwards. Time at 8M on 2 quiet cores: the generation
 * under half a minute, the rest is the commands' own (their figures at 1M times 8, if linear).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CHINESE_SUBJECT_HEADER } from '../scripts/county.mjs';
import { setUpPlan } from './draw.mjs';
import { writeProvinceRegistry } from './province-registry.mjs';

// The fields `draw list subjects --json` gives (as in bench/papers.mjs), for the reference query.
const LISTED = ['credit_code', 'registration_number', 'name', 'representative', 'type', 'type_class', 'registry_authority', 'supervising_unit',
  'township', 'township_raw', 'founded_on', 'status', 'status_raw', 'address', 'industry_code', 'abnormal', 'serious_violation', 'credit_grade',
  'grade_as_of', 'in_registry'];

const MEMORY = '≤ 200 MB';

export async function runProvinceBench({ sizes, measure, drawDb, ROOT, OUT }) {
  const BIN = join(ROOT, 'bin', 'draw');
  const columns = [];
  for (const rows of sizes) {
    const csv = join(OUT, `province-${rows}.csv`);
    if (!existsSync(csv)) {
      process.stderr.write(`generating ${rows.toLocaleString('en')} subjects → ${csv}\n`);
      const t = Date.now();
      await writeProvinceRegistry(csv, rows);
      process.stderr.write(`  ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    }
    const fig = new Map();
    const put = (key, r) => { fig.set(key, r); process.stderr.write(`  ${rows.toLocaleString('en')} ${key}: ${r.seconds.toFixed(2)} s, cpu ${r.cpu.toFixed(2)} s, ${r.mb.toFixed(0)} MB\n`); };
    const ref = join(OUT, `reference-${rows}.db`);
    rmSync(ref, { force: true });
    const header = CHINESE_SUBJECT_HEADER.map((h) => `"${h}" TEXT`).join(', ');
    spawnSync('sqlite3', [ref, `CREATE TABLE subjects (${header}, PRIMARY KEY ("统一社会信用代码", "注册号"));`]);
    put('sqlite3 .import', measure('sqlite3 .import', ['sqlite3', ref, '-cmd', '.mode csv', `.import --skip 1 ${csv} subjects`]));
    rmSync(ref, { force: true });
    const d = drawDb(`province-${rows}.db`);
    for (const k of ['departments', 'items']) d.run(['import', k, join(ROOT, 'fixtures', `${k}.csv`)]);
    const m = (key, args) => put(key, measure(key, [process.execPath, BIN, ...args], { env: d.env }));
    m('import', ['import', 'subjects', csv]);
    // the task over the whole registry: setUpPlan's `draw plan`, measured by running it as the bench does
    const plan = setUpPlan(d, OUT, (args) => measure('plan', [process.execPath, BIN, ...args], { env: d.env }));
    if (plan) put('plan', plan);
    const out = (name) => { const f = join(OUT, `province-${rows}-${name}`); rmSync(f, { recursive: true, force: true }); return f; };
    m('run', ['run', '2022-001', '--seed', 'province']);
    m('replay', ['replay', '1']);
    m('show draw', ['show', 'draw', '1']);
    m('status', ['status']);
    m('status --year', ['status', '--year', '2022']);
    // every overdue item (nothing is entered: each sheet's every department), written as it is read
    m('status --json', ['--json', 'status', '--year', '2022']);
    m('status --out', ['status', '--year', '2022', '--out', out('status.csv'), '--force']);
    m('report coverage', ['report', 'coverage', '--year', '2022']);
    m('report performance', ['report', 'performance', '--year', '2022']);
    m('plan show year', ['plan', 'show', '2022']);
    m('plan show task', ['plan', 'show', '2022-001']);
    m('list subjects', ['list', 'subjects']);
    put('sqlite3 -json', measure('sqlite3 -json', ['sqlite3', '-json', d.db, `SELECT ${LISTED.join(', ')} FROM subjects WHERE in_registry = 1 ORDER BY credit_code`]));
    m('list --json', ['--json', 'list', 'subjects']);
    m('export drawn', ['export', 'drawn', '1', '--out', out('drawn.csv')]);
    m('export sheets', ['export', 'sheets', '1', '--out', out('sheets')]);
    rmSync(out('sheets'), { recursive: true, force: true });
    m('export sheets csv', ['export', 'sheets', '1', '--out', out('sheets-csv'), '--format', 'csv']);
    rmSync(out('sheets-csv'), { recursive: true, force: true });
    m('export notice', ['export', 'notice', '1', '--out', out('notice.html')]);
    m('export disclosure', ['export', 'disclosure', '1', '--out', out('disclosure.csv')]);
    // the auditor's package, and its replay with no database (a fresh db path: the package alone)
    const pkg = out('package.json');
    m('export package', ['export', 'package', '1', '--out', pkg]);
    put('replay --package', measure('replay --package', [process.execPath, BIN, '--db', out('none.db'), 'replay', '--package', pkg], { env: d.env }));
    rmSync(pkg, { force: true });
    m('audit verify', ['audit', 'verify']);
    m('db backup', ['db', 'backup', out('backup.db')]);
    rmSync(out('backup.db'), { force: true });
    const shown = JSON.parse(d.run(['--json', 'show', 'draw', '1']).stdout);
    columns.push({ rows, eligible: shown.snapshots.subjects.rows, sheets: shown.sheets.length, fig });
    print(columns);
  }
}

/** Each command's reference (what it is measured against) and goal, as the issue sets them. */
const ROWS = [
  ['sqlite3 .import', 'the reference', ''],
  ['import', '× sqlite3 .import', '≤ 1.5×; 8M < 120 s', 'sqlite3 .import'],
  ['plan', 'a task over the registry', MEMORY],
  ['run', '', '≤ 1 s at 1M, < 8 s at 8M'],
  ['replay', '', '≤ 1 s at 1M, < 8 s at 8M'],
  ['show draw', '', MEMORY], ['status', '', MEMORY], ['status --year', '', MEMORY],
  ['status --json', 'every overdue item', MEMORY], ['status --out', 'the same as CSV', MEMORY],
  ['report coverage', '', MEMORY], ['report performance', '', MEMORY],
  ['plan show year', '', MEMORY], ['plan show task', '', MEMORY], ['list subjects', 'the table', MEMORY],
  ['sqlite3 -json', 'the reference', ''],
  ['list --json', '× sqlite3 -json', '≤ 2×', 'sqlite3 -json'],
  ['export drawn', '', MEMORY], ['export sheets', 'HTML, split', MEMORY], ['export sheets csv', '', MEMORY],
  ['export notice', '', MEMORY], ['export disclosure', '', MEMORY],
  ['export package', 'the replay package', MEMORY], ['replay --package', 'no database', '< 8 s at 8M; ' + MEMORY],
  ['audit verify', '', MEMORY], ['db backup', '', MEMORY],
];

function print(columns) {
  // per size: wall seconds, the child's CPU (user + system: what a shared machine's load does not inflate), peak MB
  const cell = (r, ratioTo) => (r ? `${r.seconds.toFixed(2)} s cpu ${r.cpu.toFixed(2)} ${r.mb.toFixed(0)} MB${ratioTo ? ` ${(r.seconds / ratioTo.seconds).toFixed(2)}×` : ''}` : '');
  const w = 38;
  console.log(`\n${'command'.padEnd(20)} ${columns.map((c) => `${c.rows.toLocaleString('en')} (${c.sheets.toLocaleString('en')} sheets)`.padEnd(w)).join(' ')} ${'reference'.padEnd(26)} goal`);
  for (const [key, reference, goal, ratioKey] of ROWS) {
    console.log(`${key.padEnd(20)} ${columns.map((c) => cell(c.fig.get(key), ratioKey && c.fig.get(ratioKey)).padEnd(w)).join(' ')} ${reference.padEnd(26)} ${goal}`);
  }
  const last = columns[columns.length - 1];
  const worst = [...last.fig].filter(([k]) => !k.startsWith('sqlite3')).reduce((a, b) => (b[1].mb > a[1].mb ? b : a));
  console.log(`\nat ${last.rows.toLocaleString('en')}: highest peak ${worst[1].mb.toFixed(0)} MB (${worst[0]}; goal ${MEMORY})`);
  if (columns.length > 1) {
    const [a, b] = [columns[columns.length - 2], last];
    console.log(`growth ${a.rows.toLocaleString('en')} → ${b.rows.toLocaleString('en')} (${(b.rows / a.rows).toFixed(0)}× rows), CPU seconds: ` +
      ROWS.filter(([k]) => a.fig.get(k) && b.fig.get(k)).map(([k]) => `${k} ${(b.fig.get(k).cpu / Math.max(a.fig.get(k).cpu, 0.01)).toFixed(1)}×`).join(', '));
  }
}
