import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE, sqlite, seeded } from './helpers.js';

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
  /** Clears the prompt's line (an answer refused stays there to be corrected), types, and sends Enter. */
  answer(text: string): void {
    this.keys('C-u');
    this.type(text);
    this.keys('Enter');
  }
  kill(): void {
    try { execFileSync('tmux', ['kill-session', '-t', this.name]); } catch { /* already gone */ }
  }
}

const exitCode = (file: string) => {
  try {
    return execFileSync('cat', [file], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

async function exited(file: string): Promise<string> {
  const end = Date.now() + 15_000;
  while (exitCode(file) === '' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return exitCode(file);
}

describe('the plan wizard', () => {
  it('checks each answer as it is given, in Chinese, and lets the clerk change one answer from the summary', async () => {
    const t = countyDb();
    const done = `${t.dir}/exit-code`;
    const term = Terminal.start(`cd ${t.dir} && env -u CI DRAW_OPERATOR=clerk ${NODE} ${BIN} --db ${t.db} plan --year 2022; echo $? > ${done}; sleep 60`);
    try {
      await term.waitFor('计划名称');
      term.answer('第一批联合抽查');
      const list = await term.waitFor('参与部门');
      expect(list).toContain('↑↓ 移动 • 空格 选择 • a 全选 • i 反选 • 回车 确认'); // the key hints in Chinese
      expect(list).not.toMatch(/navigate|select •|submit/);
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
      await term.waitFor('抽查比例');
      term.answer('150%'); // out of range: asked again, at the ratio
      await term.waitFor('比例应在 0 到 100% 之间');
      term.answer('5%');
      // the year's running totals (the floor is the year's, art. 17): no task yet, this one's expected draw, the floor of the registry
      await term.waitFor(/2022 年度合计：已有 0 个任务预计抽取 0 户，加本任务 [\d,]+ 户，共 [\d,]+ 户；年度最低 3%，即 [\d,]+ 户/);
      const graded = await term.waitFor('按信用风险等级');
      expect(graded).toMatch(/按信用风险等级设定不同比例？ \(是\/否\)/);
      term.answer('否');
      await term.waitFor('每个部门每张检查表的人数');
      term.answer('SCJG=1,SWJ=1'); // SCJG inspects on site: two of its inspectors on every sheet
      await term.waitFor('部门 SCJG 每张检查表只派 1 名执法人员');
      expect(term.screen()).not.toContain('部门 SWJ 每张'); // SWJ's items are desk checks: one is allowed
      term.answer('SCJG=2,SWJ=1');
      await term.waitFor('检查开始日期');
      term.answer('2022-02-30');
      await term.waitFor('没有这一天：2022-02-30');
      term.answer('下个月');
      await term.waitFor('写成 2022-04-01、2022/4/1、2022年4月1日 或 20220401');
      term.answer('2022/4/1');
      await term.waitFor('检查结束日期');
      term.answer('2022年3月1日'); // before the start: caught here, not after the summary
      await term.waitFor('检查时间的开始 2022-04-01 晚于结束 2022-03-01');
      term.answer('20220630');
      const summary = await term.waitFor('保存抽查任务');
      for (const value of ['第一批联合抽查', '2022-001', 'SCJG-01、SCJG-02、SCJG-03、SWJ-01、SWJ-02', '5%', '不分等级', '2022-04-01 ~ 2022-06-30', '存续；'])
        expect(summary).toContain(value);
      // per department, the subjects of the scope its items apply to: every one for both here (their items apply everywhere)
      const population = /全部 │ 5%\s+│ ([\d,]+)/.exec(summary)![1];
      expect(summary).toContain(`SCJG ×2（事项适用 ${population} 户）、SWJ ×1（事项适用 ${population} 户）`);
      expect(summary).toContain('修改：比例');
      // Change the ratio only: down to its line in the menu (save, year, name, departments, items, initiator, scope, ratio).
      term.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Enter');
      await term.waitFor('✔ 下一步 修改：比例');
      term.answer('10%');
      const again = await term.waitFor(/比例\s+│ 10%/); // the summary again, with the new ratio
      expect(again).toContain('第一批联合抽查'); // the other answers are kept
      expect(again).toMatch(/全部 │ 10%/);
      await term.waitFor('保存抽查任务');
      term.keys('Enter');
      // a second task of the same annual plan, in the same sitting: everything asked but the year
      await term.waitFor('再为 2022 年度抽查计划添加一个抽查任务？');
      term.answer('是');
      await term.waitFor(/已有 1 个任务预计抽取 [\d,]+ 户/);
      await term.waitFor('计划名称');
      term.answer('第二批');
      await term.waitFor(/参与部门.*\n[\s\S]*GAJ/);
      term.keys('Down', 'Down', 'Down', 'Down', 'Space', 'Enter'); // SCJG, the initiator then without asking
      await term.waitFor('抽查事项');
      term.keys('Enter');
      await term.waitFor('乡镇');
      term.keys('Enter');
      await term.waitFor('主体类型');
      term.keys('Enter');
      await term.waitFor('抽查比例');
      term.answer('1%'); // under 3% of its scope: refused before, a task like any other now
      await term.waitFor('按信用风险等级');
      // the last totals line on the screen: the one said after the ratio (the first was said before any answer, this task at 0)
      const lines = [...term.screen().matchAll(/已有 1 个任务预计抽取 ([\d,]+) 户，加本任务 ([\d,]+) 户，共 ([\d,]+) 户/g)];
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const [before, own, total] = lines[lines.length - 1]!.slice(1).map((x) => Number(x.replace(/,/g, '')));
      expect(before + own).toBe(total);
      expect(own).toBeGreaterThan(0);
      term.answer('否');
      await term.waitFor('每个部门每张检查表的人数');
      term.answer('2');
      await term.waitFor('检查开始日期');
      term.answer('2022-07-01');
      await term.waitFor('检查结束日期');
      term.answer('2022-09-30');
      await term.waitFor(/第二批[\s\S]*保存抽查任务/);
      term.keys('Enter');
      await term.waitFor('再为 2022 年度抽查计划添加一个抽查任务？');
      term.keys('Enter'); // no
      await term.waitFor('已新建抽查任务 2022-002');
      expect(await exited(done)).toBe('0');
      expect(JSON.parse((await t.run(['--json', 'plan', 'show', '2022'])).stdout).expected).toBe(total);
    } finally {
      term.kill();
    }
    expect(sqlite(t.db, "SELECT name, ratio_ppm, window_start, window_end, operator FROM plans WHERE number = '2022-001'")).toBe('第一批联合抽查|100000|2022-04-01|2022-06-30|clerk');
    expect(sqlite(t.db, "SELECT name, ratio_ppm, window_start, window_end, annual_plan_id FROM plans WHERE number = '2022-002'")).toBe('第二批|10000|2022-07-01|2022-09-30|1');
    expect(sqlite(t.db, "SELECT group_concat(department || '=' || team_size) FROM plan_departments WHERE plan_id = 1")).toBe('SCJG=2,SWJ=1');
    expect(sqlite(t.db, 'SELECT group_concat(item_code) FROM plan_items WHERE plan_id = 1 ORDER BY item_code')).toBe('SCJG-01,SCJG-02,SCJG-03,SWJ-01,SWJ-02');
    const town = sqlite(t.db, "SELECT township FROM subjects WHERE in_registry = 1 AND status = 'active' AND township <> '' GROUP BY township ORDER BY township LIMIT 1 OFFSET 1");
    expect(sqlite(t.db, 'SELECT scope FROM plans WHERE id = 1')).toContain(town);
  });

  it('catches a department short of inspectors when it is chosen; Ctrl-C at the summary cancels with exit 130 and stores nothing', async () => {
    const t = countyDb();
    // NYJ keeps one active inspector: it cannot put two on a sheet.
    sqlite(t.db, "UPDATE inspectors SET active = 0 WHERE department = 'NYJ' AND certificate <> (SELECT MIN(certificate) FROM inspectors WHERE department = 'NYJ' AND active = 1 AND (valid_until IS NULL OR valid_until >= '2022-12-31'))");
    const done = `${t.dir}/exit-code`;
    const term = Terminal.start(`env -u CI ${NODE} ${BIN} --db ${t.db} plan --year 2022 --name 试点 --ratio 5% --window 2022-04-01..2022-06-30 --town 恒州镇 --type 企业; echo $? > ${done}; sleep 60`);
    try {
      await term.waitFor('参与部门');
      term.keys('Down', 'Down', 'Space', 'Enter'); // NYJ
      await term.waitFor('部门 NYJ 可抽取的执法人员只有 1 名，少于每表 2 名');
      term.keys('Space', 'Down', 'Down', 'Space', 'Enter'); // NYJ off, SCJG on
      await term.waitFor('抽查事项');
      term.keys('Enter');
      await term.waitFor('按信用风险等级');
      term.answer('是');
      await term.waitFor('各等级比例');
      term.keys('Enter');
      await term.waitFor('每个部门每张检查表的人数');
      term.answer('30'); // SCJG has fewer than 30
      await term.waitFor(/部门 SCJG 可抽取的执法人员只有 \d+ 名，少于每表 30 名/);
      term.answer('1'); // one alone cannot inspect SCJG's on-site items
      await term.waitFor(/须到现场检查（实地核查）/);
      term.answer('2');
      const summary = await term.waitFor('保存抽查任务');
      expect(summary).toContain('A=3%、B=5%、C=10%、D=20%');
      expect(summary).toContain('恒州镇');
      term.keys('C-c');
      expect(await exited(done)).toBe('130');
      expect(term.screen()).not.toContain('    at ');
    } finally {
      term.kill();
    }
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'plan%'")).toBe('0');
  });

  it('counts, as the scope is answered and in the summary, only the subjects one of the chosen items applies to, as the draw will', async () => {
    const t = countyDb();
    const done = `${t.dir}/exit-code`;
    // STHJ's items apply to mining and manufacturing only (and to subjects whose industry is blank)
    const term = Terminal.start(`env -u CI ${NODE} ${BIN} --db ${t.db} plan --year 2022 --name 环保 --departments STHJ --items STHJ-01,STHJ-02 --initiator STHJ --window 2022-04-01..2022-06-30; echo $? > ${done}; sleep 60`);
    try {
      const first = await term.waitFor('乡镇');
      const running = /当前范围内检查对象：([\d,]+) 户；抽查事项适用、参加抽取的：([\d,]+) 户（([\d,]+) 户不适用任何所选事项）/.exec(first);
      expect(running).not.toBeNull();
      const [inScope, drawn, left] = running!.slice(1).map((x) => Number(x.replace(/,/g, '')));
      expect(drawn).toBeGreaterThan(0);
      expect(drawn + left).toBe(inScope);
      term.keys('Enter'); // the whole county
      await term.waitFor('主体类型');
      term.keys('Enter');
      await term.waitFor('抽查比例');
      term.answer('3%');
      await term.waitFor('按信用风险等级');
      term.answer('否');
      await term.waitFor('每个部门每张检查表的人数');
      term.answer('2');
      const summary = await term.waitFor('保存抽查任务');
      expect(summary).toMatch(new RegExp(`合计\\s+│\\s+│ ${drawn.toLocaleString('en-US')}\\s+│`));
      expect(summary).toContain(`抽查范围内另有 ${left.toLocaleString('en-US')} 户，计划的抽查事项都不适用，不参加抽取`);
      expect(summary).toContain(`STHJ ×2（事项适用 ${drawn.toLocaleString('en-US')} 户）`);
      term.keys('Enter');
      await term.waitFor('添加一个抽查任务？');
      term.keys('Enter'); // no other task
      expect(await exited(done)).toBe('0');
    } finally {
      term.kill();
    }
    // the summary's population is the draw's
    const r = await seeded(t, ['--json', 'run', '1', '--seed', 'wizard']);
    expect(r.code).toBe(0);
    const drawnRows = JSON.parse(r.stdout).snapshots.subjects.rows;
    expect(JSON.parse((await t.run(['--json', 'plan', 'show', '1'])).stdout).population).toBe(drawnRows);
  });

  it('speaks English with --lang en: the key hints and Yes/No', async () => {
    const t = countyDb();
    const done = `${t.dir}/exit-code`;
    const term = Terminal.start(`env -u CI ${NODE} ${BIN} --lang en --db ${t.db} plan --year 2022 --name pilot --departments SCJG,SWJ --items all --initiator SCJG --window 2022-04-01..2022-06-30 --type enterprise; echo $? > ${done}; sleep 60`);
    try {
      const towns = await term.waitFor('↑↓ navigate • space select • a all • i invert • ⏎ submit');
      expect(towns).not.toContain('移动');
      term.keys('Enter');
      await term.waitFor(/ratio/i);
      term.keys('Enter');
      await term.waitFor('(y/N)'); // the initials of Yes and No, the default in capitals
      term.keys('Enter');
      await term.waitFor(/✔ .*grade.* No/);
      term.keys('C-c');
      expect(await exited(done)).toBe('130');
    } finally {
      term.kill();
    }
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM plans')).toBe('0');
  });
});
