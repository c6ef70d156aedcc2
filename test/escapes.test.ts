import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countyDb, sqlite, seeded } from './helpers.js';

/**
 * Issue 15: control characters from data and from flags never reach the terminal raw (ESC, the
 * C1 CSI U+009B, other C0 but TAB and LF): they are shown escaped; the tool's own colours stay.
 * The Markdown and HTML papers escape their own syntax.
 */

const ESC = '\u001b';
const CSI = '\u009b';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

describe('the terminal', () => {
  it.each([
    ['an OSC retitling the window', `${ESC}]0;pwned\u0007`, '\\x1b]0;pwned\\x07'],
    ['a clear-screen sequence', `${ESC}[2J`, '\\x1b[2J'],
    ['the C1 CSI', `a${CSI}31mb`, 'a\\u009b31mb'],
    ['a backspace and a carriage return', 'ok\b\b\rXX', 'ok\\x08\\x08\\x0dXX'],
  ])('a flag value holding %s is echoed escaped (zh and en)', async (_name, value, shown) => {
    const t = countyDb();
    for (const lang of ['zh', 'en']) {
      const r = await t.run(['--lang', lang, 'plan', 'show', value]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(RAW);
      expect(r.stderr).toContain(shown);
    }
    const name = await t.run([...PLAN.filter((a) => a !== '2022年第一批' && a !== '--name'), '--name', `计划${value}`]);
    expect(name.code).toBe(2);
    expect(name.stderr).not.toMatch(RAW);
    expect(name.stderr).toContain(shown);
  });

  it('a subject\'s name holding ESC and U+009B: listed and shown escaped; the JSON keeps the value, C1 as \\u escapes', async () => {
    const t = countyDb();
    const code = sqlite(t.db, 'SELECT credit_code FROM subjects ORDER BY credit_code LIMIT 1');
    sqlite(t.db, `UPDATE subjects SET name = '县' || char(27) || '[2J' || char(155) || '公司' WHERE credit_code = '${code}'`);
    const list = await t.run(['list', 'subjects', '--search', code]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toMatch(RAW);
    expect(list.stdout).toContain('县\\x1b[2J\\u009b公司');
    const show = await t.run(['show', 'subject', code]);
    expect(show.stdout).not.toMatch(RAW);
    expect(show.stdout).toContain('\\x1b[2J');
    const json = await t.run(['--json', 'show', 'subject', code]);
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout).name).toBe(`县${ESC}[2J${CSI}公司`);
  });

  it('the tool\'s own colours still reach a terminal that wants them', async () => {
    const t = countyDb();
    const r = await t.run(['audit', 'verify'], { FORCE_COLOR: '1' });
    expect(r.stdout).toContain(`${ESC}[32m`);
  });
});

describe('the papers', () => {
  it('export plan escapes Markdown and HTML in the plan and its items: one table row per item, no <script>', async () => {
    const t = countyDb();
    sqlite(t.db, "UPDATE items SET content = '<script>alert(1)</script>|多一列', basis = '第*一*条 [链接](http://x)' WHERE code = (SELECT MIN(code) FROM items WHERE department = 'SCJG')");
    const plan = await t.run([...PLAN.filter((a) => a !== '2022年第一批' && a !== '--name'), '--name', '<b>2022</b>|第一批']);
    expect(plan.code, plan.stderr).toBe(0);
    const out = join(t.dir, 'plan.md');
    expect((await t.run(['export', 'plan', '2022-001', '--out', out])).code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    expect(md).toContain('# &lt;b&gt;2022&lt;/b&gt;\\|第一批');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\|多一列');
    expect(md).toContain('第\\*一\\*条 \\[链接\\](http://x)');
    // every row of the items table has the header's nine cells: no | from data splits one
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes(' v'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2, row).toBe(9);
  });

  it('the HTML sheets escape a subject\'s name and a specialist\'s name', async () => {
    const t = countyDb();
    sqlite(t.db, "UPDATE subjects SET name = '<script>alert(1)</script>' || name, address = '\"><img src=x onerror=alert(1)>'");
    expect((await t.run(PLAN)).code).toBe(0);
    expect((await seeded(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'])).code).toBe(0);
    expect((await t.run(['assist', '1/1', '--department', 'SCJG', '--name', '<i>赵</i>工程师'])).code).toBe(0);
    const dir = join(t.dir, 'sheets');
    const r = await t.run(['export', 'sheets', '1', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const html = readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;i&gt;赵&lt;/i&gt;工程师');
  });
});
