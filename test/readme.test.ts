import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPECS } from '../src/io/columns.js';
import { ROOT } from './helpers.js';

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
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 3 |', '| 4 |', '| 130 |']) expect(readme).toContain(code);
  });
});

describe('the README\'s commands', () => {
  it('the plan and draw commands run as shown, in order, on the fixture county', async () => {
    const { countyDb, draw } = await import('./helpers.js');
    const t = countyDb();
    const section = readme.slice(readme.indexOf('### Commands'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1].replace(/\\\n\s*/g, ' ');
    const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('draw '));
    expect(commands.length).toBeGreaterThan(10);
    for (const line of commands) {
      if (line === 'draw plan --year 2022') continue; // the wizard: driven in test/wizard.test.ts
      const args = (line.slice(5).match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ''));
      const r = draw(args, { env: { DRAW_DB: t.db }, cwd: t.dir });
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});
