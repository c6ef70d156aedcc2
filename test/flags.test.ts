import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, ROOT, draw, tmp } from './helpers.js';

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

// The calendar's positional arguments go through the same parsers: `calendar [year]` and
// `calendar due <date> N` refuse a bad year or date with the message of --year and --on.
describe('the calendar\'s positional year and date', () => {
  const same = async (value: string, flagged: string[], flag: string, positional: string[][], name: string) => {
    for (const lang of [undefined, 'en']) {
      const expected = (await run([...flagged, flag, value], lang));
      expect(expected.code).toBe(2);
      for (const args of positional) {
        const r = await run(args, lang);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(name);
        expect(r.stderr.replace(name, '<flag>')).toBe(expected.stderr.replace(flag, '<flag>'));
      }
    }
  };
  it.each(['abc', '22', '1999', '2022.5'])('a year %j', async (value) => {
    await same(value, ['status'], '--year', [['calendar', value], ['calendar', 'show', value]], '[year]');
  });
  it.each(['2022-02-30', 'yesterday', '2022-13-01'])('a date %j', async (value) => {
    await same(value, ['status'], '--on', [['calendar', 'due', value, '5']], '<date>');
  });
  it('takes a date as the flags do (2022/1/28, 2022年1月28日)', async () => {
    const r = await run(['calendar', 'due', '2022年1月28日', '1']);
    expect(r.stderr).not.toMatch(/不是有效/);
    expect(r.stderr).toContain('never-created.db');
  });
});

// Node decodes argv as UTF-8 and turns bytes that are not UTF-8 into U+FFFD: a seed that holds one
// is not the text that was published, so --seed refuses it rather than drawing from it.
describe('--seed that is not valid UTF-8', () => {
  it('is refused in both languages, naming the flag, exit 2, before any database is opened', async () => {
    for (const seed of ['73915\uFFFD', '\uFFFD', 'x\udc00']) {
      const zh = await run(['run', '2022-001', '--seed', seed]);
      expect(zh.code).toBe(2);
      expect(zh.stdout).toBe('');
      expect(zh.stderr).toContain('--seed');
      expect(zh.stderr).toContain('种子必须是有效的 UTF-8 文字');
      expect(zh.stderr).not.toContain('never-created.db');
      const en = await run(['run', '2022-001', '--seed', seed], 'en');
      expect(en.code).toBe(2);
      expect(en.stderr).toContain('--seed');
      expect(en.stderr).toContain('the seed must be valid UTF-8');
    }
    // a well-formed seed (CJK, an astral character) passes the parser: the database is what is missing
    const ok = await run(['run', '2022-001', '--seed', '2022-曲阳-𠀀']);
    expect(ok.code).toBe(2);
    expect(ok.stderr).not.toContain('UTF-8');
    expect(ok.stderr).toContain('never-created.db');
  });

  it('is refused when a real process is given raw bytes that are not UTF-8', () => {
    const seed = Buffer.concat([Buffer.from('2022-04-01 '), Buffer.from([0xff, 0xfe]), Buffer.from(' 73915')]);
    // A Buffer in argv reaches the child as those exact bytes.
    const args = [BIN, '--db', db, 'run', '2022-001', '--seed', seed] as unknown as string[];
    const r = spawnSync(NODE, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--seed');
    expect(r.stderr).toContain('种子必须是有效的 UTF-8 文字');
  });
});
