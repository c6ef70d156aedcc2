import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tmp } from './helpers.js';

function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(prefix, e.name)) : e.name.endsWith('.csv') && !e.name.includes('.rejects.') ? [join(prefix, e.name)] : []);
}

describe('the fixtures', () => {
  it('are exactly what the seeded generator writes', () => {
    const out = tmp('fixtures-');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'make-fixtures.mjs'), '--out', out]);
    const committed = files(FIXTURES).sort();
    expect(files(out).sort()).toEqual(committed);
    for (const f of committed) expect(readFileSync(join(out, f)).equals(readFileSync(join(FIXTURES, f))), f).toBe(true);
  });

  it('give a county of the promised size, in 曲阳县\'s townships, with a GB18030 export', () => {
    const subjects = readFileSync(join(FIXTURES, 'subjects.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(subjects)).toThrow();
    const text = new TextDecoder('gb18030').decode(subjects);
    expect(text.trim().split('\n').length - 1).toBe(3000);
    expect(text).toContain('孝墓乡');
    expect(text).toContain('恒州镇');
  });
});
