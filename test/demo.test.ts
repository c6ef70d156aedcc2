import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(r.stdout.match(/锚点 \d+:[0-9a-f]{64}（[^）]+）：日志仍有第 \d+ 条且哈希相同/g)).toHaveLength(3); // the sheets, the draw notice, the package
    expect(existsSync(join(dir, 'draw.db'))).toBe(true);
    expect(existsSync(join(dir, 'subjects-broken.rejects.csv'))).toBe(true);
    expect(sqlite(join(dir, 'draw.db'), "SELECT status FROM draws")).toBe('drawn');
    expect((await draw(['--db', join(dir, 'draw.db'), 'audit', 'verify'])).code).toBe(0);
    for (const step of ['confirm 1 --department SCJG', 'result 1/1 --department SCJG', 'result 1/1 --department SWJ', 'dispose 1/2 --department SCJG', 'status', 'export sheets 1', 'export disclosure 1', 'export notice 1', 'audit verify --anchor']) {
      expect(r.stdout).toContain(`$ draw ${step}`);
    }
    expect(existsSync(join(dir, 'sheets', 'sheets-1.html'))).toBe(true);
    // each department's part a row of its own: SCJG and SWJ on sheet 1, SCJG on sheet 2; one visit per sheet
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM disclosed')).toBe('3');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT number, department FROM results ORDER BY id')).toBe('1|SCJG\n2|SCJG\n1|SWJ');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM visits')).toBe('2');
    // no contradictory sheet: a problem found has an item 不正常
    expect(sqlite(join(dir, 'draw.db'), `SELECT COUNT(*) FROM results WHERE findings LIKE '%corrected%' AND items NOT LIKE '%"abnormal"%'`)).toBe('0');
    expect(sqlite(join(dir, 'draw.db'), 'SELECT COUNT(*) FROM confirmations')).toBe('3');
  });

  it('lives three days on its own clock: a rejection, its substitute confirmed by every department on it, two departments entering on different days', async () => {
    const dir = join(tmp(), 'demo');
    const r = drawProcess(['demo', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const db = join(dir, 'draw.db');
    const q = (sql: string) => sqlite(db, sql);
    // the days: the draw two days before today, SCJG's entries the day after, SWJ's today; nothing after today
    const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 - (3 - n) * 86_400_000).toISOString().slice(0, 10);
    const first = day(1) < `${day(3).slice(0, 4)}-01-01` ? `${day(3).slice(0, 4)}-01-01` : day(1); // kept inside this year
    const second = day(2) < first ? first : day(2);
    expect(r.stdout).toContain(`—— 第 1 天 ${first} ——`);
    expect(r.stdout).toContain(`—— 第 3 天 ${day(3)} ——`);
    expect(q("SELECT substr(drawn_at, 1, 10) <= date('now') FROM draws")).toBe('1');
    expect(q("SELECT COUNT(*) FROM audit_log WHERE at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")).toBe('0');
    // SCJG rejects sheet 3 as 查无此户: cancelled, sheet 174 stands in
    expect(q('SELECT number, department, reason, cancels, substitute FROM rejections')).toBe('3|SCJG|not_found|1|174');
    expect(q('SELECT cancelled_by FROM sheets WHERE number = 3')).toBe('1');
    expect(q('SELECT substitute_for FROM sheets WHERE number = 174')).toBe('3');
    expect(r.stdout).toContain('退回检查表 3：查无此户：登记住所无此企业');
    expect(r.stdout).toContain('替补：检查表 174');
    // every department on the substitute confirmed it, none late; SCJG on the second day, after it came in
    const team = JSON.parse(q('SELECT team FROM sheets WHERE number = 174')) as [string, string][];
    const on = [...new Set(team.map(([d]) => d))].sort();
    expect(q('SELECT department FROM sheet_confirmations WHERE number = 174 ORDER BY department').split('\n')).toEqual(on);
    expect(q('SELECT COUNT(*) FROM sheet_confirmations WHERE number = 3 OR late = 1')).toBe('0');
    expect(q("SELECT substr(confirmed_at, 1, 10) > (SELECT substr(drawn_at, 1, 10) FROM draws) FROM sheet_confirmations WHERE number = 174 AND department = 'SCJG'")).toBe(first === second ? '0' : '1');
    // SCJG and SWJ enter their parts of sheet 1 on different days (the same inspection date)
    expect(q("SELECT department || '|' || inspected_on FROM results WHERE number = 1 ORDER BY id")).toBe(`SCJG|${second}\nSWJ|${second}`);
    const entered = q("SELECT COUNT(DISTINCT substr(entered_at, 1, 10)) FROM results WHERE number = 1");
    expect(entered).toBe(second === day(3) ? '1' : '2');
    // the printed sheets and the drawn list: the cancelled sheet left out, the substitute marked
    const html = readFileSync(join(dir, 'sheets', 'sheets-1.html'), 'utf8');
    expect(html.match(/class="sheet"/g)).toHaveLength(173);
    expect(html).not.toContain('表号：1/3<');
    expect(html).toContain('表号：1/174 <b>替补（代替第 3 号检查表）</b>');
    const cancelledKey = q('SELECT credit_code FROM sheets WHERE number = 3');
    expect(html).not.toContain(cancelledKey);
    const drawn = join(dir, 'drawn.csv');
    expect((await draw(['--db', db, 'export', 'drawn', '1', '--out', drawn])).code).toBe(0);
    const lines = readFileSync(drawn, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(174); // header and 173 subjects
    expect(lines.some((l) => l.includes(cancelledKey))).toBe(false);
    expect(lines.at(-1)).toContain(`${q('SELECT credit_code FROM sheets WHERE number = 174')}`);
    expect(lines.at(-1)).toMatch(/替补（代替第 3 号检查表）$/);
    // the sheets as a table: no row of the cancelled sheet, the substitute's rows say so in 备注
    expect((await draw(['--db', db, 'export', 'sheets', '1', '--format', 'csv', '--out', dir])).code).toBe(0);
    const table = readFileSync(join(dir, 'sheets-1.csv'), 'utf8').trimEnd().split(/\r?\n/);
    expect(table[0]).toMatch(/,备注$/);
    expect(table.some((l) => l.includes(cancelledKey))).toBe(false);
    const rows174 = table.filter((l) => l.includes(q('SELECT credit_code FROM sheets WHERE number = 174')));
    expect(rows174.length).toBeGreaterThan(0);
    for (const l of rows174) expect(l).toMatch(/,替补（代替第 3 号检查表）$/);
    expect(table.filter((l) => l.endsWith('替补（代替第 3 号检查表）'))).toEqual(rows174);
    // in English, the note after the reason without a full-width colon
    const show = await draw(['--db', db, '--lang', 'en', 'show', 'draw', '1']);
    expect(show.stdout).toMatch(/rejected by SCJG: [^\n]*not found[^\n]* — 登记住所无此企业，电话无人接听/i);
    expect(show.stdout).not.toContain('：登记住所');
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
    expect(data.steps.anchor).toMatchObject({ ok: true, anchors: [{ status: 'held' }, { status: 'held' }, { status: 'held' }] });
    // the ceremony's two notices: the commitment before the seed, the draw's after it
    expect(data.steps.commitmentNotice.kind).toBe('commitment');
    expect(data.steps.drawNotice.kind).toBe('draw');
    expect(data.steps.draw.commitment).toBe(data.steps.commit.commitment);
    // the year's annual plan: two tasks, one of them directed, filed once they reach the floor
    const year = data.steps.planFile;
    expect(year.tasks.map((x: { type: string }) => x.type)).toEqual(['undirected', 'directed']);
    expect(year.expected).toBeGreaterThanOrEqual(year.needed);
    expect(year.annualPlan.filedAt).not.toBeNull();
    expect(sqlite(join(dir, 'draw.db'), "SELECT COUNT(*) FROM audit_log WHERE action = 'annual.file'")).toBe('1');
  });
});
