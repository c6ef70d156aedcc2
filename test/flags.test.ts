import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draw, tmp } from './helpers.js';

// Every flag of one kind goes through one parser (src/cli/flags.ts): the same bad value gives
// the same message on each of them, naming the flag, with exit 2, before any database is opened.
const db = join(tmp(), 'never-created.db');
const run = (args: string[], lang?: string) => draw(['--db', db, ...(lang ? ['--lang', lang] : []), ...args]);

const YEAR_FLAGS: [string, string[]][] = [
  ['--year', ['plan', 'create', '--name', 'x']],
  ['--year', ['plan', 'list']],
  ['--year', ['export', 'disclosure', '--out', 'x.csv']],
  ['--year', ['status']],
];
const DATE_FLAGS: [string, string[]][] = [
  ['--date', ['result', '1/1', '--findings', '未发现问题', '--items', '正常', '--signed']],
  ['--date', ['dispose', '1/1', '--action', '责令改正']],
  ['--filed-on', ['replace', '1/1', '--inspector', 'X', '--reason', 'r', '--approved-by', 'a']],
  ['--on', ['status']],
];
const RATIO_FLAGS: [string, string[]][] = [
  ['--ratio', ['plan', 'create', '--name', 'x']],
];

describe.each<[string, [string, string[]][], string[], RegExp, RegExp]>([
  ['a year', YEAR_FLAGS, ['abc', '22', '1999', '2022.5'], /不是有效的年份/, /is not a valid year/],
  ['a date', DATE_FLAGS, ['2022-02-30', 'yesterday', '2022-13-01'], /不是有效日期/, /is not a valid date/],
  ['a ratio', RATIO_FLAGS, ['150%', 'abc', '-5%'], /不是有效的比例/, /is not a valid ratio/],
])('every flag that takes %s', (_kind, flags, values, zh, en) => {
  it.each(values)('refuses %j with one message, naming the flag, exit 2, in both languages', async (value) => {
    for (const [lang, pattern] of [[undefined, zh], ['en', en]] as const) {
      const messages: string[] = [];
      for (const [flag, args] of flags) {
        const r = await run([...args, flag, value], lang);
        expect(r.code, `${args.join(' ')} ${flag} ${value}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(pattern);
        expect(r.stderr).toContain(flag);
        expect(r.stderr).toContain(value);
        messages.push(r.stderr.replace(flag, '<flag>'));
      }
      expect(new Set(messages).size, messages.join('')).toBe(1);
    }
  });
});

describe('a value of the right kind', () => {
  it('passes the parser (the command then finds the database missing, exit 2 for that reason)', async () => {
    for (const args of [['plan', 'list', '--year', '2022'], ['status', '--on', '2022/7/20'], ['status', '--year', '2022', '--on', '2022年7月20日']]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/不是有效/);
      expect(r.stderr).toContain('never-created.db');
    }
  });
});
