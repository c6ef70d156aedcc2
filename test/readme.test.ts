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
