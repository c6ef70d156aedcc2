import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE, sqlite } from './helpers.js';

/**
 * Drives the plan wizard in a real terminal (tmux), keystroke by keystroke, as a clerk would.
 * CI=true (set by CI runners) means "never prompt", so the clerk's shell here runs without it.
 */
class Terminal {
  constructor(readonly name: string) {}
  static start(command: string): Terminal {
    const name = `draw-wizard-${process.pid}-${Date.now()}`;
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '160', '-y', '50', command]);
    return new Terminal(name);
  }
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${text}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  keys(...keys: string[]): void {
    for (const k of keys) execFileSync('tmux', ['send-keys', '-t', this.name, k]);
  }
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }
  kill(): void {
    try { execFileSync('tmux', ['kill-session', '-t', this.name]); } catch { /* already gone */ }
  }
}

describe('the plan wizard', () => {
  it('asks for what the flags leave out, shows the population, and stores the plan on confirmation', async () => {
    const t = countyDb();
    const done = `${t.dir}/exit-code`;
    const term = Terminal.start(`cd ${t.dir} && env -u CI DRAW_OPERATOR=clerk ${NODE} ${BIN} --db ${t.db} plan --year 2022 --ratio 5%; echo $? > ${done}; sleep 30`);
    try {
      await term.waitFor('计划名称');
      term.type('第一批联合抽查');
      term.keys('Enter');
      await term.waitFor('参与部门');
      // departments are listed by code: GAJ JTJ NYJ RSJ SCJG STHJ SWJ …
      term.keys('Down', 'Down', 'Down', 'Down', 'Space', 'Down', 'Down', 'Space', 'Enter'); // SCJG and SWJ
      await term.waitFor('抽查事项');
      expect(term.screen()).toContain('不适用随机抽查'); // SCJG-04 is shown but cannot be picked
      term.keys('Enter'); // the drawable items come checked
      await term.waitFor('发起部门');
      term.keys('Enter'); // SCJG
      await term.waitFor('乡镇');
      expect(term.screen()).toMatch(/当前范围内检查对象：[\d,]+ 户/);
      term.keys('Down', 'Space', 'Enter'); // the second township in the list
      await term.waitFor('主体类型');
      term.keys('Enter');
      await term.waitFor('按信用风险等级');
      term.keys('Enter'); // no
      await term.waitFor('每张检查表的人数');
      term.keys('Enter');
      await term.waitFor('检查开始日期');
      term.keys('Enter');
      await term.waitFor('检查结束日期');
      term.keys('Enter');
      const summary = await term.waitFor('保存这个计划');
      expect(summary).toContain('预计抽取');
      expect(summary).toContain('第一批联合抽查');
      term.keys('Enter');
      await term.waitFor('已新建抽查计划');
    } finally {
      term.kill();
    }
    expect(sqlite(t.db, 'SELECT name, ratio_ppm, window_start, window_end, operator FROM plans')).toBe('第一批联合抽查|50000|2022-04-01|2022-06-30|clerk');
    expect(sqlite(t.db, 'SELECT group_concat(department) FROM plan_departments')).toBe('SCJG,SWJ');
    expect(sqlite(t.db, 'SELECT group_concat(item_code) FROM plan_items ORDER BY item_code')).toBe('SCJG-01,SCJG-02,SCJG-03,SWJ-01,SWJ-02');
    const town = sqlite(t.db, "SELECT township FROM subjects WHERE in_registry = 1 AND status = 'active' AND township <> '' GROUP BY township ORDER BY township LIMIT 1 OFFSET 1");
    expect(sqlite(t.db, 'SELECT scope FROM plans')).toContain(town);
  });

  it('Ctrl-C cancels with exit 130 and stores nothing', async () => {
    const t = countyDb();
    const done = `${t.dir}/exit-code`;
    const term = Terminal.start(`env -u CI ${NODE} ${BIN} --db ${t.db} plan --year 2022; echo $? > ${done}; sleep 30`);
    try {
      await term.waitFor('计划名称');
      term.keys('C-c');
      await new Promise((r) => setTimeout(r, 1000));
      expect(execFileSync('cat', [done], { encoding: 'utf8' }).trim()).toBe('130');
      expect(term.screen()).not.toContain('    at ');
    } finally {
      term.kill();
    }
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
  });
});
