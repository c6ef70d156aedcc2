/**
 * The draw benchmark (npm run bench -- draw): on the registry the import benchmark just loaded,
 * 10 departments with 500 inspectors between them, a plan over the whole county, then
 * `draw run` and `draw replay`, each timed, beside the import time of the same registry.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, DEPARTMENTS } from '../scripts/county.mjs';

/**
 * Ten departments with 50 inspectors each and a plan over the whole county, on the registry d holds;
 * `measurePlan(args)`, when given, runs the `draw plan` and its measure is returned.
 */
export function setUpPlan(d, OUT, measurePlan) {
  // ten departments whose items apply somewhere in the generated county (WLJ's items, R90 and L7291,
  // apply to no generated industry: a plan with it is refused)
  const depts = DEPARTMENTS.filter(([code]) => code !== 'WLJ').slice(0, 10);
  const rows = [csvLine(['单位', '姓名', '执法证号', '有效期至', '状态'])];
  depts.forEach(([code], di) => {
    for (let k = 0; k < 50; k++) rows.push(csvLine([code, `检查员${di}-${k}`, `B${String(di).padStart(2, '0')}${String(k).padStart(4, '0')}`, '2030-12-31', '在岗']));
  });
  const file = join(OUT, 'inspectors-500.csv');
  writeFileSync(file, rows.join(''));
  d.run(['import', 'inspectors', file]);
  const plan = ['plan', '--year', '2022', '--name', 'bench', '--departments', depts.map(([c]) => c).join(','), '--items', 'all',
    '--initiator', 'SCJG', '--ratio', '3%', '--window', '2022-04-01..2022-06-30', '--no-input'];
  const measured = measurePlan ? measurePlan(plan) : undefined;
  if (!measurePlan) d.run(plan);
  // the measured runs commit and draw in one process, as before the ceremony (issue 13): the office allows it here
  d.run(['config', 'one_step_draw', '1']);
  return measured;
}

export async function runDrawBench({ d, importSeconds, measure, print, ROOT, OUT }) {
  setUpPlan(d, OUT);
  const BIN = join(ROOT, 'bin', 'draw');
  const run = measure('draw run (1 plan, 10 departments)', [process.execPath, BIN, 'run', '2022-001', '--seed', 'bench'], { env: d.env });
  const replay = measure('draw replay', [process.execPath, BIN, 'replay', '1'], { env: d.env });
  const show = measure('draw show draw', [process.execPath, BIN, 'show', 'draw', '1'], { env: d.env });
  const status = measure('draw status', [process.execPath, BIN, 'status'], { env: d.env });
  const shown = JSON.parse(d.run(['--json', 'show', 'draw', '1']).stdout);
  console.log(`\ndraw: ${shown.snapshots.subjects.rows.toLocaleString()} eligible subjects, ${shown.sheets.length.toLocaleString()} sheets, ` +
    `${shown.snapshots.inspectors.rows} inspectors in 10 departments, 2 per department per sheet\n`);
  print([{ label: 'draw import subjects (same registry)', seconds: importSeconds, mb: NaN }, run, replay, show, status]);
  console.log(`\ngoal: draw run and draw replay each ≤ 1 s at 1,000,000 subjects, every command ≤ 200 MB: ` +
    `run ${run.seconds.toFixed(2)} s ${run.mb.toFixed(0)} MB, replay ${replay.seconds.toFixed(2)} s ${replay.mb.toFixed(0)} MB, ` +
    `show draw ${show.mb.toFixed(0)} MB, status ${status.mb.toFixed(0)} MB`);
}
