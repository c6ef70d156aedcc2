import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { draw, ROOT, tmp } from './helpers.js';

// A draw made with the code of draw-core/1, before draw-core/2 and the substitute rule existed
// (test/fixtures/draw-core-1/README.md): it must replay exactly as it did then.
const FIXTURE = join(ROOT, 'test', 'fixtures', 'draw-core-1');
const PACKAGE = join(FIXTURE, 'package.json');

const json = (r: { stdout: string; stderr: string; code: number }) => {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`); }
};

function oldDb(): string {
  const db = join(tmp(), 'draw.db');
  writeFileSync(db, gunzipSync(readFileSync(join(FIXTURE, 'draw.db.gz'))));
  return db;
}

describe('a draw-core/1 draw made before draw-core/2', () => {
  it('its package still replays, with its two replacements, and is still draw-core/1', async () => {
    const pkg = JSON.parse(readFileSync(PACKAGE, 'utf8'));
    expect(pkg.parameters.algorithm).toBe('draw-core/1');
    expect(pkg.replacements).toHaveLength(2);
    expect(pkg).not.toHaveProperty('rejections');
    const r = await draw(['--json', 'replay', '--package', PACKAGE]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ match: true, source: 'package', sheets: 78 });
  });

  it('a changed substitute in that package is a difference (exit 4)', async () => {
    const pkg = JSON.parse(readFileSync(PACKAGE, 'utf8'));
    const sheet = pkg.expected.sheets.find((s: { number: number }) => s.number === 3);
    const other = pkg.expected.sheets.find((s: { number: number }) => s.number === 4);
    sheet.inspectors[0] = other.inspectors.find((i: { department: string }) => i.department === sheet.inspectors[0].department);
    const file = join(tmp(), 'changed.json');
    writeFileSync(file, JSON.stringify(pkg));
    const r = await draw(['--json', 'replay', '--package', file]);
    expect(r.code).toBe(4);
    expect(json(r).match).toBe(false);
  });

  it('its database still replays, and exports a package that replays and says the same', async () => {
    const db = oldDb();
    const r = await draw(['--db', db, '--json', 'replay', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ match: true, source: 'database', sheets: 78 });
    const out = join(tmp(), 'again.json');
    expect((await draw(['--db', db, 'export', 'package', '1', '--out', out])).code).toBe(0);
    const again = JSON.parse(readFileSync(out, 'utf8'));
    const before = JSON.parse(readFileSync(PACKAGE, 'utf8'));
    expect(again.parameters).toEqual(before.parameters);
    expect(again.snapshots).toEqual(before.snapshots);
    expect(again.expected).toEqual(before.expected);
    expect(again.replacements).toEqual(before.replacements);
    expect(json(await draw(['--json', 'replay', '--package', out]))).toMatchObject({ match: true, source: 'package' });
  });
});
