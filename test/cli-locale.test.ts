import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { displayWidth, fitLines, wrap } from '../src/cli/help/width.js';
import { colorWanted } from '../src/cli/color.js';
import { translator } from '../src/i18n/index.js';
import { TOOL_VERSION } from '../src/version.js';
import { BIN, draw, drawProcess, FIXTURES, freshDb, NODE, ROOT } from './helpers.js';

/** Every command path in the tree, from the program itself: a command added later is covered too. */
function commandPaths(): string[][] {
  const program = buildProgram(translator('zh'), async () => ({}) as never, { output: {}, help: {}, version: '0' });
  const walk = (cmd: Command, path: string[]): string[][] =>
    [path, ...cmd.commands.flatMap((c) => walk(c, [...path, c.name()]))];
  return walk(program, []);
}

describe('display width', () => {
  it('counts a Chinese character and full-width punctuation as two columns, colour codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('抽查')).toBe(4);
    expect(displayWidth('（可选：wal、delete）')).toBe(2 + 6 + 3 + 2 + 6 + 2);
    expect(displayWidth('\x1b[1m抽查\x1b[22m')).toBe(4);
  });

  it('wraps Chinese text between characters, never before closing punctuation nor after an opening bracket', () => {
    const text = '日志模式：wal（默认）或 delete（数据库在网络共享盘上时用；也可设 DRAW_JOURNAL=delete），抽取序号、检查表。';
    for (const width of [10, 13, 20, 31]) {
      const lines = wrap(text, width).split('\n');
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      for (const line of lines) {
        expect(displayWidth(line)).toBeLessThanOrEqual(Math.max(width, 'DRAW_JOURNAL=delete），'.length + 2));
        expect(line).not.toMatch(/^[，。、；：）]/);
        expect(line).not.toMatch(/（$/);
      }
    }
  });

  it('keeps a word, a flag or a path whole', () => {
    expect(wrap('see --ratio-by-grade now', 12).split('\n')).toEqual(['see', '--ratio-by-grade', 'now']);
  });

  it('continues a long shell example on indented lines with no bash-only backslash, and never splits a quoted value', () => {
    const out = fitLines('  $ draw replace 1/17 --reason "与被检查对象有亲属关系，依法回避" --approved-by "王局长"', 50).split('\n');
    expect(out.length).toBeGreaterThan(1);
    for (const line of out) expect(line).not.toMatch(/\\$/); // cmd would take the backslash as an argument
    for (const line of out.slice(1)) expect(line).toMatch(/^ {6}\S/);
    expect(out.join('\n')).toContain('"与被检查对象有亲属关系，依法回避"');
    for (const line of out) expect(displayWidth(line)).toBeLessThanOrEqual(50);
  });
});

describe('help at an 80-column console', () => {
  const paths = commandPaths();

  it('covers the whole command tree', () => {
    expect(paths.length).toBeGreaterThan(30);
  });

  for (const lang of ['zh', 'en']) {
    it(`fits every command's help in 80 display columns (${lang})`, async () => {
      const long: string[] = [];
      for (const path of paths) {
        const r = await draw(['--lang', lang, ...path, '--help'], { env: { COLUMNS: '80' } });
        expect(r.code, path.join(' ')).toBe(0);
        for (const line of r.stdout.split('\n')) if (displayWidth(line) > 80 || / \\$/.test(line)) long.push(`${path.join(' ')}: ${line}`);
      }
      expect(long).toEqual([]);
    });
  }

  it('follows COLUMNS: at 60 the same help is wrapped to 60', async () => {
    const wide = (await draw(['import', '--help'], { env: { COLUMNS: '200' } })).stdout.split('\n');
    const narrow = (await draw(['import', '--help'], { env: { COLUMNS: '60' } })).stdout.split('\n');
    expect(Math.max(...wide.map(displayWidth))).toBeGreaterThan(60);
    expect(Math.max(...narrow.map(displayWidth))).toBeLessThanOrEqual(60);
    expect(narrow.length).toBeGreaterThan(wide.length);
  });

  it('is the same in-process as from the built bin/draw: COLUMNS is read from the run\'s environment', async () => {
    for (const args of [['import', '--help'], ['--lang', 'en', 'plan', 'create', '--help'], ['improt'], ['--lang', 'en', 'export', 'plan', '2022-001']]) {
      for (const env of [{ COLUMNS: '60' }, {}] as Record<string, string>[]) {
        const here = await draw(args, { env });
        expect(here, args.join(' ')).toEqual(drawProcess(args, { env }));
      }
    }
  });

  it('on a terminal follows the terminal\'s width before COLUMNS', () => {
    // util-linux `script` gives the command a real terminal; stty makes it 60 columns wide.
    const help = execFileSync('script', ['-qec', `stty cols 60 && ${NODE} ${BIN} import --help`, '/dev/null'],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', COLUMNS: '200' } });
    const lines = help.replace(/\r/g, '').split('\n');
    expect(lines[0]).toMatch(/^用法: draw import/);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(60);
    expect(Math.max(...lines.map(displayWidth))).toBeGreaterThan(40);
  });

  it('puts the titles, usage words, choices and defaults in Chinese by default', async () => {
    const r = await draw(['import', '--help'], { env: { COLUMNS: '80' } });
    expect(r.stdout).toMatch(/^用法: draw import \[选项\] <kind> <file>/);
    expect(r.stdout).toContain('选项:');
    expect(r.stdout.replace(/\s+/g, '')).toContain('（可选：auto、utf8、gb18030；默认：auto）');
    expect(r.stdout).not.toMatch(/Usage|Options|choices|default:|\[options\]/);
    const top = (await draw(['--help'])).stdout;
    expect(top).toMatch(/^用法: draw \[选项\] \[命令\]/);
    expect(top).toContain('命令:');
    expect(top).toContain('demo [选项]');
  });

  it('in English with --lang en', async () => {
    const r = await draw(['--lang', 'en', 'import', '--help'], { env: { COLUMNS: '80' } });
    expect(r.stdout).toMatch(/^Usage: draw import \[options\] <kind> <file>/);
    expect(r.stdout).toContain('Options:');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(choices: auto, utf8, gb18030; default: auto)');
  });
});

describe('commander\'s usage errors in the user\'s language', () => {
  const cases: { args: string[]; zh: string; en: string }[] = [
    { args: ['improt'], zh: '错误: 没有命令 improt\n（是不是要输入 import？）', en: 'error: unknown command improt\n(did you mean import?)' },
    { args: ['--jurnal', 'delete', 'init'], zh: '错误: 没有选项 --jurnal\n（是不是要输入 --journal？）', en: 'error: unknown option --jurnal\n(did you mean --journal?)' },
    { args: ['list', 'subjects', '--xyzzy'], zh: '错误: 没有选项 --xyzzy', en: 'error: unknown option --xyzzy' },
    { args: ['export', 'plan', '2022-001'], zh: '错误: 缺少必填的选项 --out <file>', en: 'error: required option --out <file> not given' },
    { args: ['import', 'subjects'], zh: '错误: 缺少参数 <file>', en: 'error: missing argument <file>' },
    { args: ['show', 'draw', '1', '2'], zh: '错误: 参数太多：show 需要 2 个，给了 3 个', en: 'error: too many arguments: show takes 2, 3 given' },
    { args: ['--journal', 'fast', 'init'], zh: '错误: 选项 --journal <mode> 的值“fast”无效：只能是 wal、delete', en: 'error: option --journal <mode>: "fast" is not valid: it must be one of wal, delete' },
    { args: ['init', '--db'], zh: '错误: 选项 --db <file> 后面缺少值', en: 'error: option --db <file> needs a value' },
  ];
  for (const c of cases) {
    it(`draw ${c.args.join(' ')}`, async () => {
      const zh = await draw(c.args);
      expect(zh.code).toBe(2);
      expect(zh.stderr.trim()).toBe(c.zh);
      const en = await draw(['--lang', 'en', ...c.args]);
      expect(en.code).toBe(2);
      expect(en.stderr.trim()).toBe(c.en);
    });
  }

  it('offers more than one suggestion when more than one is close', async () => {
    const r = await draw(['plan', 'create', '--toye', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('错误: 没有选项 --toye\n（是不是要输入其中之一：--town、--type？）');
    expect((await draw(['--lang', 'en', 'plan', 'create', '--toye', 'x'])).stderr.trim()).toBe('error: unknown option --toye\n(did you mean one of --town, --type?)');
  });
});

describe('--version', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

  it('prints the version in package.json, with -V too, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await draw([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('is the version every draw records', () => {
    expect(TOOL_VERSION).toBe(`draw ${version}`);
  });

  it('is listed in the help', async () => {
    expect((await draw(['--help'])).stdout).toMatch(/-V, --version\s+显示版本号/);
  });
});

describe('colour', () => {
  it('decides by --no-color, FORCE_COLOR, a non-empty NO_COLOR, TERM and the terminal, in that order', () => {
    expect(colorWanted(undefined, {}, true)).toBe(true);
    expect(colorWanted(undefined, {}, false)).toBe(false);
    expect(colorWanted(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(colorWanted(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted(undefined, { FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorWanted(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorWanted(undefined, { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorWanted(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted(undefined, { TERM: 'dumb' }, true)).toBe(false);
  });

  const ANSI = /\x1b\[\d+m/;
  const listed = async () => {
    const t = freshDb();
    expect((await t.run(['import', 'departments', join(FIXTURES, 'departments.csv')])).code).toBe(0);
    return t;
  };

  it('FORCE_COLOR colours a pipe; FORCE_COLOR=0 and --no-color do not', async () => {
    const t = await listed();
    expect((await t.run(['list', 'departments'], { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await t.run(['list', 'departments'], { FORCE_COLOR: '0' })).stdout).not.toMatch(ANSI);
    expect((await t.run(['--no-color', 'list', 'departments'], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await t.run(['list', 'departments'])).stdout).not.toMatch(ANSI);
  });

  it('on a terminal an empty NO_COLOR is as if unset, a non-empty one turns colour off', async () => {
    const t = await listed();
    // util-linux `script` gives the command a real terminal.
    const onTerminal = (env: Record<string, string>) => execFileSync('script', ['-qec', `${NODE} ${BIN} --db ${t.db} list departments`, '/dev/null'],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: t.dir, TERM: 'xterm', DRAW_OPERATOR: 'tester', ...env } });
    expect(onTerminal({})).toMatch(ANSI);
    expect(onTerminal({ NO_COLOR: '' })).toMatch(ANSI);
    expect(onTerminal({ NO_COLOR: '1' })).not.toMatch(ANSI);
  });
});
