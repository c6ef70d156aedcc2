/**
 * The journal benchmark (npm run bench -- journal [--repeat N]): the fixture county in a database
 * made with `draw init --journal wal` and one made with `--journal delete`, side by side in the
 * same run: the five registry imports, the subjects import (3,000 rows, GB18030) on its own, a
 * plan, `draw run`, and twenty small writes (confirmations and settings, one transaction each,
 * where a journal's fsyncs weigh most). Each step is timed N times (3 by default); the median is printed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = ['departments', 'items', 'inspectors', 'subjects', 'conflicts'];
const PLAN = ['plan', '--year', '2022', '--name', 'bench', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runJournalBench({ measure, ROOT, OUT, repeat }) {
  const BIN = join(ROOT, 'bin', 'draw');
  const fixtures = join(ROOT, 'fixtures');
  const times = { wal: {}, delete: {} };
  const add = (mode, step, seconds) => (times[mode][step] ??= []).push(seconds);
  for (let round = 0; round < repeat; round++) {
    for (const mode of round % 2 === 0 ? ['wal', 'delete'] : ['delete', 'wal']) {
      const db = join(OUT, `journal-${mode}.db`);
      for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) rmSync(f, { force: true });
      const env = { DRAW_DB: db, DRAW_OPERATOR: 'bench' };
      const draw = (label, argv) => measure(label, [process.execPath, BIN, ...argv], { env });
      draw('init', ['init', '--journal', mode]);
      let imports = 0;
      for (const k of KINDS) {
        const r = draw(`import ${k}`, ['import', k, join(fixtures, `${k}.csv`)]);
        if (k === 'subjects') add(mode, 'import subjects (3,000 rows)', r.seconds);
        imports += r.seconds;
      }
      add(mode, 'the five imports', imports);
      draw('plan', PLAN);
      // the measured run commits and draws in one process (issue 13: allowed by the office's setting)
      draw('config', ['config', 'one_step_draw', '1']);
      add(mode, 'draw run (fixture county)', draw('run', ['run', '2022-001', '--seed', 'bench']).seconds);
      let small = 0;
      for (let i = 0; i < 10; i++) {
        small += draw('config', ['config', 'entry_days', String(5 + (i % 2))]).seconds;
        small += draw('code accept', ['code', 'accept', '91350211M0000XUF46', '--reason', `bench ${i}`]).seconds;
      }
      add(mode, '20 small writes (one process each)', small);
    }
  }
  console.log(`\nfixture county, ${repeat} rounds, median of each (one process per command, Node startup included)\n`);
  console.log(`${'step'.padEnd(38)} ${'wal'.padStart(8)} ${'delete'.padStart(8)}  delete/wal`);
  for (const step of Object.keys(times.wal)) {
    const w = median(times.wal[step]);
    const d = median(times.delete[step]);
    console.log(`${step.padEnd(38)} ${w.toFixed(2).padStart(7)}s ${d.toFixed(2).padStart(7)}s  ${(d / w).toFixed(2)}×`);
  }
}
