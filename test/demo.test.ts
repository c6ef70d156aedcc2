import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draw, drawProcess, sqlite, tmp } from './helpers.js';

describe('draw demo', () => {
  it('builds the fixture county in a new folder and runs the whole cycle, from import to disclosure and replay', async () => {
    const dir = join(tmp(), 'demo');
    const r = drawProcess(['demo', '--dir', dir]); // the quick start as a newcomer runs it
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('subjects.csv (gb18030)');
    expect(r.stdout.match(/复核一致/g)).toHaveLength(2);
    expect(r.stdout.match(/锚点 \d+:[0-9a-f]{64}（[^）]+）：日志仍有第 \d+ 条且哈希相同/g)).toHaveLength(2);
    expect(existsSync(join(dir, 'draw.db'))).toBe(true);
    expect(existsSync(join(dir, 'subjects-broken.rejects.csv'))).toBe(true);
    expect(sqlite(join(dir, 'draw.db'), "SELECT status FROM draws")).toBe('drawn');
    expect((await draw(['--db', join(dir, 'draw.db'), 'audit', 'verify'])).code).toBe(0);
    for (const step of ['confirm 1 --department SCJG', 'result 1/1 --department SCJG', 'result 1/1 --department SWJ', 'dispose 1/2 --department SCJG', 'status', 'export sheets 1', 'export disclosure 1', 'audit verify --anchor']) {
      expect(r.stdout).toContain(`$ draw ${step}`);
    }
    expect(existsSync(join(dir, 'sheets', 'sheets-1.html'))).toBe(true);
    // each department's part a row of its own: SCJG and SWJ on sheet 1, SCJG on sheet 2; one visit per sheet
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM disclosed')).toBe('3');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT number, department FROM results ORDER BY id')).toBe('1|SCJG\n1|SWJ\n2|SCJG');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM visits')).toBe('2');
    // no contradictory sheet: a problem found has an item 不正常
    expect(sqlite(join(dir, 'draw.db'), `SELECT COUNT(*) FROM results WHERE findings LIKE '%corrected%' AND items NOT LIKE '%"abnormal"%'`)).toBe('0');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM confirmations')).toBe('3');
  });

  it('refuses a folder that is not empty', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'keep.txt'), 'mine');
    const r = await draw(['demo', '--dir', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不为空');
  });

  it('prints one JSON document with --json', async () => {
    const dir = join(tmp(), 'demo');
    const r = await draw(['--json', 'demo', '--dir', dir]);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.counts.subjects).toBe(3001);
    expect(data.steps.replay.match).toBe(true);
    expect(data.steps.replayPackage).toMatchObject({ match: true, source: 'package' });
    expect(data.steps.anchor).toMatchObject({ ok: true, anchors: [{ status: 'held' }, { status: 'held' }] });
    expect(data.steps.draw.commitment).toBe(data.steps.commit.commitment);
  });
});
