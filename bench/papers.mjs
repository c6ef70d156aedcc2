/**
 * Papers and lists at scale (issue 14, npm run bench -- draw, after the draw; or
 * npm run bench -- papers --db FILE on a database whose draw 1 is drawn): each timed with the
 * child's peak RSS from the kernel, beside `sqlite3 -json` of the query `draw list --json` makes.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

// The fields `draw list subjects --json` gives (core/record-spec listedFields + in_registry), in its order.
const LISTED = ['credit_code', 'registration_number', 'name', 'representative', 'type', 'type_class', 'registry_authority', 'supervising_unit',
  'township', 'township_raw', 'founded_on', 'status', 'status_raw', 'address', 'industry_code', 'abnormal', 'serious_violation', 'credit_grade',
  'grade_as_of', 'in_registry'];

export async function runPapersBench({ env, db, measure, print, ROOT, OUT }) {
  const BIN = join(ROOT, 'bin', 'draw');
  const draw = (label, args) => measure(label, [process.execPath, BIN, ...args], { env });
  const out = (name) => {
    const dir = join(OUT, name);
    rmSync(dir, { recursive: true, force: true });
    return dir;
  };
  const sql = `SELECT ${LISTED.join(', ')} FROM subjects WHERE in_registry = 1 ORDER BY credit_code`;
  const reference = measure('sqlite3 -json (same query)', ['sqlite3', '-json', db, sql]);
  const list = draw('draw list subjects --json', ['--json', 'list', 'subjects']);
  const rows = [
    reference, list,
    draw('export sheets (split on its own)', ['export', 'sheets', '1', '--out', out('sheets-auto')]),
    draw('export sheets --split township', ['export', 'sheets', '1', '--out', out('sheets-town'), '--split', 'township']),
    draw('export sheets --split none', ['export', 'sheets', '1', '--out', out('sheets-one'), '--split', 'none']),
    draw('export sheets --format csv', ['export', 'sheets', '1', '--out', out('sheets-csv'), '--format', 'csv']),
    draw('export drawn (csv)', ['export', 'drawn', '1', '--out', join(OUT, 'drawn-1.csv'), '--force']),
    draw('export drawn (xlsx)', ['export', 'drawn', '1', '--out', join(OUT, 'drawn-1.xlsx'), '--force']),
    draw('draw status', ['status', '--year', '2022']),
  ];
  console.log('\npapers and lists of that draw (issue 14)\n');
  print(rows);
  console.log(`\nratio draw list --json / sqlite3 -json: ${(list.seconds / reference.seconds).toFixed(2)}×; goal ≤ 2×`);
  const worst = rows.slice(1).reduce((a, b) => (b.mb > a.mb ? b : a));
  console.log(`highest peak memory: ${worst.mb.toFixed(0)} MB (${worst.label}); goal ≤ 200 MB`);
}
