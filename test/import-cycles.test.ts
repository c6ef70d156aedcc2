import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SCRIPT = join(ROOT, 'scripts', 'check-import-cycles.mjs');
const check = (dir: string) => spawnSync(process.execPath, [SCRIPT, dir], { cwd: ROOT, encoding: 'utf8' });

describe('the import-circle check (npm run lint:imports, run before the suite by npm test)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draw-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tree = (name: string, files: Record<string, string>) => {
    const base = join(dir, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(base, path, '..'), { recursive: true });
      writeFileSync(join(base, path), text);
    }
    return base;
  };

  it('finds a circle through a type import and a multi-line import, and names every file on it', () => {
    const base = tree('circle', {
      'a.ts': "import {\n  b,\n} from './sub/b.js';\nexport const a = b + 1;\n",
      'sub/b.ts': "import { c } from '../c.js';\nexport const b = c;\n",
      'c.ts': "import type { A } from './a.js';\nexport const c = 1 as unknown as A;\n",
      'd.ts': "import { a } from './a.js';\nexport const d = a;\n", // leads into the circle, is not on it
    });
    const r = check(base);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('1 found');
    const line = r.stderr.split('\n').find((l) => l.includes('→'))!;
    for (const f of ['a.ts', 'sub/b.ts', 'c.ts']) expect(line).toContain(f);
    expect(line).not.toContain('d.ts');
  });

  it('finds a circle made by a re-export and by a dynamic import', () => {
    const base = tree('reexport', {
      'x.ts': "export { y } from './y.js';\nexport const x = 1;\n",
      'y.ts': "export const y = () => import('./x.js');\n",
    });
    expect(check(base).status).toBe(1);
  });

  it('does not count an import written in a comment, or a package import', () => {
    const base = tree('clean', {
      'p.ts': "// import { q } from './q.js';\nimport { readFileSync } from 'node:fs';\nexport const p = readFileSync;\n",
      'q.ts': "/* import { p } from './p.js'; */\nimport { p } from './p.js';\nexport const q = p;\n",
    });
    const r = check(base);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes on the project\'s own sources', () => {
    const r = check(join(ROOT, 'src'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/none among \d+ files/);
    expect(r.status).toBe(0);
  });
});
