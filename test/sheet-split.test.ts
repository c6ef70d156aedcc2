import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planParts } from '../src/core/sheet-split.js';
import { NODE, ROOT } from './helpers.js';

/**
 * How `export sheets --split` plans its files (core/sheet-split.ts planParts): from the sheets read
 * once in number order, a few numbers per file and none per sheet, so that the plan of a
 * province's draw does not grow with its sheets (issue 14: listed, sorted and split as arrays they
 * were some 20 MB at 240,000 sheets).
 */

const towns = ['恒州镇', ' 灵山镇', '灵山镇\u3000', '', '燕赵镇'];
const sheets = (n: number) => Array.from({ length: n }, (_, i) => ({ number: i + 1, township: towns[(i * 7) % towns.length]! }));

describe('planning the split of a draw\'s sheets', () => {
  it('by count: runs of N in number order, each with its count, first and last', () => {
    expect(planParts(sheets(7), { by: 'count', size: 3 })).toEqual([
      { part: 1, sheets: 3, first: 1, last: 3 }, { part: 2, sheets: 3, first: 4, last: 6 }, { part: 3, sheets: 1, first: 7, last: 7 }]);
    expect(planParts([], { by: 'count', size: 3 })).toEqual([{ part: 1, sheets: 0 }]);
    expect(planParts(sheets(5), { by: 'none' })).toEqual([{ part: 1, sheets: 5, first: 1, last: 5 }]);
  });

  it('by township: trimmed, in code point order, the sheets with none last', () => {
    const parts = planParts(sheets(10), { by: 'township' });
    expect(parts.map((p) => [p.part, p.township, p.sheets])).toEqual([[1, '恒州镇', 2], [2, '灵山镇', 4], [3, '燕赵镇', 2], [4, '', 2]]);
    // every sheet in exactly one file
    expect(parts.reduce((n, p) => n + p.sheets, 0)).toBe(10);
  });

  it('plans four million sheets in a 16 MB heap: nothing kept per sheet', () => {
    const script = `import { planParts } from ${JSON.stringify(join(ROOT, 'dist', 'core', 'sheet-split.js'))};
      const N = 4_000_000;
      function* sheets() { for (let i = 1; i <= N; i++) yield { number: i, township: 'T' + (i % 997) }; }
      const byCount = planParts(sheets(), { by: 'count', size: 1000 });
      const byTown = planParts(sheets(), { by: 'township' });
      console.log(byCount.length, byCount.reduce((n, p) => n + p.sheets, 0), byTown.length, byTown.reduce((n, p) => n + p.sheets, 0));`;
    const r = spawnSync(NODE, ['--max-old-space-size=16', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('4000 4000000 997 4000000');
  }, 120_000);
});
