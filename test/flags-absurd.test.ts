import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, draw, onDay, sqlite, tmp, seeded } from './helpers.js';

/**
 * Issue 15, "Flags": every absurd value the hostile battery got accepted and stored is refused,
 * exit 2, naming the flag (or the argument), with nothing written.
 */

const PLAN = ['plan', '--year', '2022', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const plan = (...more: string[]) => [...PLAN, ...(more.includes('--name') ? [] : ['--name', '2022年第二批']), ...more];

let base: string;
let onSheet: string;

beforeAll(async () => {
  const t = countyDb();
  // the season in 2022, as its plan says: results are dated after the draw (art. 30)
  expect((await onDay('2022-03-25T02:00:00Z', () => t.run([...PLAN, '--name', '2022年第一批']))).code).toBe(0);
  const r = await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']));
  expect(r.code, r.stderr).toBe(0);
  // sheet 2: sheet 1 gets a result below, and no inspector is replaced on a sheet whose department entered its result
  onSheet = JSON.parse(r.stdout).sheets[1].inspectors[0].certificate;
  expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SCJG']))).code).toBe(0);
  expect((await t.run(['result', '1/1', '--department', 'SCJG', '--date', '2022-05-10', '--findings', '发现问题已责令改正',
    '--items', 'SCJG-01=不正常,其余=正常', '--signed'])).code).toBe(0);
  base = t.db;
});

const RESULT = ['result', '1/1', '--department', 'SCJG', '--findings', '未发现问题', '--items', '正常', '--signed'];
const DISPOSE = ['dispose', '1/1', '--department', 'SCJG', '--action', '责令改正'];
const REPLACE = () => ['replace', '1/2', '--inspector', onSheet, '--reason', '回避', '--approved-by', '王局长'];

const CASES: [string, () => string[], string][] = [
  ['--year 0x7EA', () => plan('--year', '0x7EA'), '--year'],
  ['--ratio-by-grade A=5%,A=6%', () => plan('--ratio-by-grade', 'A=5%,A=6%'), '--ratio-by-grade'],
  ['--team-size SCJG=2,SCJG=3', () => plan('--team-size', 'SCJG=2,SCJG=3'), '--team-size'],
  ['--team-size 0', () => plan('--team-size', '0'), '--team-size'],
  ['--team-size SCJG=', () => plan('--team-size', 'SCJG='), '--team-size'],
  ['an empty plan number', () => plan('--number', ''), '--number'],
  ['a plan number holding a slash', () => plan('--number', '2022/001'), '--number'],
  ['a plan number holding a space', () => plan('--number', '2022 001'), '--number'],
  ['a blank plan name', () => plan('--name', '   '), '--name'],
  ['a plan name of 20 times the same character', () => plan('--name', '啊'.repeat(20)), '--name'],
  ['a plan name of one word said 20 times', () => plan('--name', '第一批'.repeat(20)), '--name'],
  ['a plan name of 61 characters', () => plan('--name', '县市场监管局2022年度双随机抽查第一批计划'.repeat(3).slice(0, 61)), '--name'],
  ['a blank specialist name', () => ['assist', '1/1', '--department', 'SCJG', '--name', ' '], '--name'],
  ['a blank approver of a void', () => ['void', '1', '--reason', '误操作', '--approved-by', ''], '--approved-by'],
  ['a witness of 30 times the same character', () => [...RESULT.slice(0, 8), '--date', '2022-05-11', '--refused', '--refusal-note', '拒签', '--witness', '李'.repeat(30)], '--witness'],
  ['--filed-on in the future', () => [...REPLACE(), '--filed-on', '2099-01-01'], '--filed-on'],
  ['--filed-on years before the draw', () => [...REPLACE(), '--filed-on', '2012-01-01'], '--filed-on'],
  ['an unknown config key', () => ['config', 'year_cop', '3'], 'year_cop'],
  ['a config value out of range', () => ['config', 'year_cap', '99'], 'year_cap'],
  ['a config value in hex', () => ['config', 'confirm_days', '0x10'], 'confirm_days'],
  ['a config value of zero', () => ['config', 'entry_days', '0'], 'entry_days'],
  ['calendar due 1e9 days', () => ['calendar', 'due', '2022-05-10', '1e9'], '1e9'],
  ['calendar due 100000 days', () => ['calendar', 'due', '2022-05-10', '100000'], '100000'],
  ['calendar due -1 days', () => ['calendar', 'due', '2022-05-10', '-1'], '-1'],
];

// An inspection date after today or before the draw, and a disposition's date after today or before
// the plan's year, are well formed but contradict the draw (art. 30): exit 5.
const REFUSED: [string, () => string[], string][] = [
  ['an inspection date in the future', () => [...RESULT, '--date', '2099-05-10'], '--date'],
  ['an inspection date years before the draw', () => [...RESULT, '--date', '2015-05-10'], '--date'],
  ['a disposition date in the future', () => [...DISPOSE, '--date', '2099-05-20'], '--date'],
  ['a disposition date years before the draw', () => [...DISPOSE, '--date', '2016-05-20'], '--date'],
];

describe('an inspection or disposition date the draw contradicts', () => {
  it.each(REFUSED)('%s: exit 5 naming it, nothing written', async (_name, args, names) => {
    const db = join(tmp('draw-flags-'), 'draw.db');
    copyFileSync(base, db);
    const before = sqlite(db, 'SELECT COUNT(*) FROM audit_log');
    const r = await draw(['--db', db, ...args()]);
    expect(r.code, r.stdout + r.stderr).toBe(5);
    expect(r.stderr).toContain(names);
    expect(sqlite(db, 'SELECT COUNT(*) FROM audit_log')).toBe(before);
    const en = await draw(['--db', db, '--lang', 'en', ...args()]);
    expect(en.code).toBe(5);
    expect(en.stderr).toContain(names);
  });
});

describe('an absurd flag value', () => {
  it.each(CASES)('%s: exit 2 naming it, nothing written', async (_name, args, names) => {
    const db = join(tmp('draw-flags-'), 'draw.db');
    copyFileSync(base, db);
    const before = sqlite(db, 'SELECT COUNT(*) FROM audit_log');
    const r = await draw(['--db', db, ...args()]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(names);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(sqlite(db, 'SELECT COUNT(*) FROM audit_log')).toBe(before);
    expect(sqlite(db, 'SELECT COUNT(*) FROM plans')).toBe('1');
    const en = await draw(['--db', db, '--lang', 'en', ...args()]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(names);
  });

  it('the same flags with sound values pass (so the refusals above are the values\', not the commands\')', async () => {
    const db = join(tmp('draw-flags-'), 'draw.db');
    copyFileSync(base, db);
    for (const args of [
      plan('--ratio-by-grade', 'A=5%,B=6%', '--team-size', 'SCJG=2,SWJ=3', '--number', '2022-009'),
      [...DISPOSE, '--date', '2022-05-20'], // before the result below corrects sheet 1's to 未发现问题, which leaves nothing to dispose of
      [...RESULT, '--date', '2022-05-12'],
      // filed after the draw (1 April 2022), never before it
      [...REPLACE(), '--filed-on', '2022-05-01'],
      ['assist', '1/1', '--department', 'SCJG', '--name', '赵工程师'],
      ['config', 'year_cap', '3'],
      ['calendar', 'due', '2022-05-10', '20'],
    ]) {
      const r = await draw(['--db', db, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
});
