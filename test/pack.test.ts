import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmp } from './helpers.js';

/**
 * `npm pack` and `npm install -g` of the tarball, as a developer or an admin would. The pack
 * runs in a copy of the project, so its prepack build writes a dist/ of its own and not the one
 * the other tests are running.
 */
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const copy = tmp('draw-pack-src-');
const prefix = tmp('draw-prefix-');
let tarball = '';
let files: string[] = [];

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  for (const name of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'bin', 'data', 'fixtures']) cpSync(join(ROOT, name), join(copy, name), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  expect(existsSync(join(copy, 'dist'))).toBe(false);
  const out = tmp('draw-pack-');
  tarball = join(out, npm(['pack', '--pack-destination', out, '--silent'], copy).trim().split('\n').pop()!);
  files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  // --ignore-scripts, then the project's own better-sqlite3: compiling it again from source (its
  // install script, with only the npm registry reachable) takes minutes and is the dev install's
  // business, not the package's. What is checked here is what the tarball itself carries.
  npm(['install', '--global', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', tarball], out);
  const installed = join(prefix, 'lib', 'node_modules', 'draw', 'node_modules', 'better-sqlite3');
  rmSync(installed, { recursive: true, force: true });
  cpSync(join(ROOT, 'node_modules', 'better-sqlite3'), installed, { recursive: true, dereference: true });
}, 600_000);

describe('npm pack', () => {
  it('builds dist/ on prepack and ships the tool, its data and fixtures, and nothing of the development tree', () => {
    expect(existsSync(join(copy, 'dist', 'main.js'))).toBe(true);
    for (const f of ['package/bin/draw', 'package/dist/main.js', 'package/dist/cli/program.js', 'package/data/quyang-townships.csv', 'package/fixtures/subjects.csv', 'package/package.json', 'package/README.md'])
      expect(files).toContain(f);
    expect(files.filter((f) => /^package\/(src|test|scripts|bench|node_modules|\.ci)\//.test(f))).toEqual([]);
  });
});

describe('npm install -g of the tarball', () => {
  const run = (args: string[], cwd: string) => {
    const r = spawnSync('draw', args, { cwd, encoding: 'utf8', env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: cwd, DRAW_OPERATOR: 'tester' } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it('puts a working draw on PATH: --version, init, and the demo on the shipped fixtures', () => {
    const dir = tmp('draw-global-');
    const version = run(['--version'], dir);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const init = run(['init'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(dir, 'draw.db'))).toBe(true);
    const demo = run(['demo', '--dir', join(dir, 'demo')], dir);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('复核一致');
  });
});
