import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPECS } from '../src/io/columns.js';
import { ROOT, seeded } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');

describe('the README', () => {
  it('starts with the two commands a newcomer runs, and CI runs exactly those', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'));
    const block = /```sh\n([\s\S]*?)```/.exec(quick)![1].trim().split('\n');
    expect(block).toEqual(['npm install && npx draw demo', 'npm test']);
    for (const line of block) expect(ci).toContain(line);
  });

  it('documents every column alias each import accepts', () => {
    const missing = Object.entries(SPECS).flatMap(([kind, spec]) =>
      spec.columns.flatMap((c) => c.aliases.filter((a) => !readme.includes(a)).map((a) => `${kind}.${c.field}: ${a}`)));
    expect(missing).toEqual([]);
  });

  it('documents every exit code', () => {
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 3 |', '| 4 |', '| 5 |', '| 130 |']) expect(readme).toContain(code);
  });
});

describe('the README\'s commands', () => {
  it('the plan and draw commands run as shown, in order, on the fixture county', async () => {
    const { countyDb, drawProcess } = await import('./helpers.js');
    const t = countyDb();
    const section = readme.slice(readme.indexOf('### Commands'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1].replace(/\\\n\s*/g, ' ');
    const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('draw '));
    expect(commands.length).toBeGreaterThan(10);
    for (const line of commands) {
      if (line === 'draw plan --year 2022') continue; // the wizard: driven in test/wizard.test.ts
      const args = (line.slice(5).match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ''));
      const r = drawProcess(args, { env: { DRAW_DB: t.db }, cwd: t.dir }); // as a newcomer runs it: a process in the folder
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});

describe('the README\'s season', () => {
  it('runs the commands after the draw as shown, on a drawn plan of the fixture county', async () => {
    const { countyDb, drawProcess, onDay } = await import('./helpers.js');
    const { writeFileSync } = await import('node:fs');
    const t = countyDb();
    const run = (args: string[]) => drawProcess(args, { env: { DRAW_DB: t.db }, cwd: t.dir });
    // planned and drawn in 2022, as the plan says (in this process: only here can the clock be moved); the rest as a clerk types it
    expect((await onDay('2022-03-25T02:00:00Z', () => t.run(['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30']))).code).toBe(0);
    const drawn = JSON.parse((await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', 'readme']))).stdout);
    const cert = drawn.sheets[2].inspectors[0].certificate;
    writeFileSync(`${t.dir}/结果.csv`, '检查表,部门,检查日期,检查结果,事项结果,签字确认\n1/4,SCJG,2022-05-12,未发现问题,正常,是\n');
    const section = readme.slice(readme.indexOf('## The season, in the order'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
    const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('draw '));
    expect(commands.length).toBeGreaterThan(10);
    for (const line of commands) {
      const args = (line.slice(5).replace('CERT', cert).match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ''));
      const r = await run(args);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});
