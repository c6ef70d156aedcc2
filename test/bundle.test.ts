import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, draw, ROOT, tmp, type Run } from './helpers.js';
import { importedDlls } from './pe.js';

/**
 * The offline bundles, built once for this run by scripts/bundle.mjs (tarballs cached in
 * .cache/bundle). The Linux one is unzipped and run as an office PC would: no network
 * (`unshare -n`), an empty environment and home, and no system node on PATH. The Windows one
 * is checked for what can be checked here: its files and what its native binary links against.
 */
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const LIMIT = 45e6; // 45 MB, read strictly (decimal)
const out = tmp('draw-bundle-');
const zips: Record<string, string> = {};
const seconds: Record<string, number> = {};
let folder = '';   // the unzipped linux-x64 bundle
let work = '';     // where the clerk runs it
const home = tmp('draw-home-');
const noPath = tmp('draw-nopath-'); // an empty folder: the only PATH the bundle gets

function timed<T>(name: string, f: () => T): T {
  const started = process.hrtime.bigint();
  try {
    return f();
  } finally {
    seconds[name] = Number(process.hrtime.bigint() - started) / 1e9;
  }
}

/** A program in the bundle's world: own network namespace, nothing in the environment but HOME and an empty PATH. */
function offline(file: string, args: string[], cwd = work): Run {
  const r = spawnSync('unshare', ['-n', '--', 'env', '-i', `HOME=${home}`, `PATH=${noPath}`, file, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const bundled = (args: string[]) => offline(join(folder, 'draw'), args);

beforeAll(() => {
  for (const platform of ['linux-x64', 'win32-x64']) {
    zips[platform] = timed(`build ${platform}`, () =>
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--platform', platform, '--out', out, '--no-build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim());
  }
  const unzipped = tmp('draw-unzipped-');
  timed('unzip linux-x64', () => execFileSync('unzip', ['-q', zips['linux-x64'], '-d', unzipped]));
  folder = join(unzipped, `draw-${VERSION}-linux-x64`);
  work = tmp('draw-office-');
}, 900_000);

describe('the bundles', () => {
  it('are named by version and platform and each stays under 45 MB', () => {
    for (const [platform, zip] of Object.entries(zips)) {
      expect(zip.endsWith(`draw-${VERSION}-${platform}.zip`)).toBe(true);
      expect(statSync(zip).size).toBeLessThan(LIMIT);
      console.log(`${platform}: ${(statSync(zip).size / 1e6).toFixed(1)} MB, built in ${seconds[`build ${platform}`].toFixed(0)} s`);
    }
  });
});

describe('the linux-x64 bundle, offline', () => {
  it('runs in a world with no network, no environment and no node of its own', () => {
    expect(offline('/bin/sh', ['-c', 'command -v node']).code).not.toBe(0);
    // In its own network namespace not even the loopback is up.
    const nics = offline(join(folder, 'runtime', 'node'), ['-p', 'JSON.stringify(Object.keys(require("os").networkInterfaces())) + " " + process.version']);
    expect(nics.stdout.trim()).toBe('[] v24.21.0');
  });

  it('holds Node 24, the tool, better-sqlite3 13 with only the Linux binary, the launcher and the guide', () => {
    expect(readdirSync(folder).sort()).toEqual(['app', 'draw', 'runtime', '安装说明.txt'].sort());
    const sqlite = join(folder, 'app', 'node_modules', 'better-sqlite3');
    expect(JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')).version).toMatch(/^13\./);
    expect(readdirSync(join(sqlite, 'prebuilds'))).toEqual(['linux-x64.node']);
    expect(readdirSync(join(folder, 'app')).sort()).toEqual(expect.arrayContaining(['bin', 'data', 'dist', 'fixtures', 'node_modules', 'package.json']));
    expect(statSync(join(folder, 'draw')).mode & 0o111).toBe(0o111);
  });

  it('runs draw demo, audit verify and both replays from its launcher', async () => {
    expect(bundled(['--version']).stdout.trim()).toBe(VERSION);
    const demo = timed('first draw demo', () => bundled(['demo']));
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout.match(/复核一致/g)).toHaveLength(2);
    const db = join(work, 'draw-demo', 'draw.db');
    const verify = bundled(['--db', db, 'audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('审计日志完整');
    const fromDb = bundled(['--db', db, 'replay', '1']);
    expect(fromDb.code, fromDb.stderr).toBe(0);
    expect(fromDb.stdout).toContain('复核一致');
    const pkg = join(work, 'bundle-package.json');
    expect(bundled(['--db', db, 'export', 'package', '1', '--out', pkg]).code).toBe(0);
    const fromPackage = bundled(['replay', '--package', pkg]);
    expect(fromPackage.code, fromPackage.stderr).toBe(0);
    expect(fromPackage.stdout).toContain('复核一致');
    console.log(`linux-x64: unzip ${seconds['unzip linux-x64'].toFixed(1)} s, first draw demo ${seconds['first draw demo'].toFixed(1)} s`);

    // ...and the package made by Node 24 + better-sqlite3 13 replays in the Node 20 build.
    const there = await draw(['replay', '--package', pkg]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain('复核一致');
  });

  it('replays a package made by the Node 20 build, and finds a tampered one', async () => {
    const t = countyDb();
    const run = (args: string[]) => draw(args, { env: { DRAW_DB: t.db }, cwd: t.dir });
    expect((await run(['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30'])).code).toBe(0);
    expect((await run(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号'])).code).toBe(0);
    expect((await run(['run', '2022-001', '--seed', 'bundle'])).code).toBe(0);
    const pkg = join(t.dir, 'node20-package.json');
    expect((await run(['export', 'package', '1', '--out', pkg])).code).toBe(0);
    const r = bundled(['replay', '--package', pkg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('复核一致');

    // The same package with another seed: the bundle does not just say yes.
    const changed = join(t.dir, 'changed.json');
    const p = JSON.parse(readFileSync(pkg, 'utf8'));
    p.draw.seed = `${p.draw.seed}x`;
    writeFileSync(changed, JSON.stringify(p, null, 2));
    const bad = bundled(['replay', '--package', changed]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).not.toContain('复核一致');
  });
});

describe('the win32-x64 bundle', () => {
  const listing = () => execFileSync('unzip', ['-Z1', zips['win32-x64']], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } }).split('\n').filter(Boolean);
  const top = `draw-${VERSION}-win32-x64/`;
  const entry = (name: string) => execFileSync('unzip', ['-p', zips['win32-x64'], `${top}${name}`], { maxBuffer: 1 << 28 });

  it('holds node.exe, both launchers, the guide and the win32 binary only', () => {
    const names = listing();
    for (const name of ['runtime/node.exe', 'runtime/LICENSE', 'draw.cmd', '打开命令行.cmd', '安装说明.txt', 'app/bin/draw', 'app/dist/main.js', 'app/fixtures/subjects.csv', 'app/data/cn-holidays.csv'])
      expect(names).toContain(`${top}${name}`);
    expect(names.filter((n) => n.endsWith('.node'))).toEqual([`${top}app/node_modules/better-sqlite3/prebuilds/win32-x64.node`]);
    expect(names.some((n) => n.includes('/deps/') || n.endsWith('.cpp'))).toBe(false);
  });

  it('marks its file names as UTF-8, so Windows unzips 打开命令行.cmd under its own name', () => {
    // Central directory: signature 0x02014b50, the general-purpose flags at +8 (bit 11: UTF-8 names), the name at +46.
    const zip = readFileSync(zips['win32-x64']);
    const flagged: string[] = [];
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46)) {
      const name = zip.toString('utf8', at + 46, at + 46 + zip.readUInt16LE(at + 28));
      if (/[^\x20-\x7e]/.test(name)) flagged.push(`${name} ${(zip.readUInt16LE(at + 8) & 0x800) !== 0}`);
    }
    expect(flagged).toEqual(expect.arrayContaining([`${top}打开命令行.cmd true`, `${top}安装说明.txt true`]));
    expect(flagged.every((f) => f.endsWith(' true'))).toBe(true);
  });

  it('has launchers cmd can read (ASCII, CRLF) that run the bundled node.exe, one putting draw on PATH', () => {
    const launcher = entry('draw.cmd').toString('latin1');
    const console_ = entry('打开命令行.cmd').toString('latin1');
    for (const text of [launcher, console_]) {
      expect(text).toMatch(/^[\x00-\x7f]*$/);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    }
    expect(launcher).toContain('"%~dp0runtime\\node.exe" "%~dp0app\\bin\\draw" %*');
    expect(console_).toContain('set "PATH=%~dp0;%PATH%"');
    expect(console_).toContain('cd /d "%~dp0"');
  });

  it('has a guide in Chinese that Notepad reads (UTF-8 with BOM, CRLF): unzip, double-click, draw demo, the database, a share', () => {
    const bytes = entry('安装说明.txt');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const words of ['解压', '双击', '打开命令行.cmd', 'draw demo', 'draw.db', '\\\\服务器\\共享\\draw.db', 'draw db journal delete', 'Node.js 24.21.0'])
      expect(text).toContain(words);
  });

  it('links its SQLite binary only against Windows system libraries, and node.exe as its host', () => {
    const dir = tmp('draw-win-');
    execFileSync('unzip', ['-q', zips['win32-x64'], `${top}app/node_modules/better-sqlite3/prebuilds/win32-x64.node`, `${top}runtime/node.exe`, '-d', dir]);
    // Windows' own DLLs (no C runtime to install: the binaries link it statically).
    const system = new Set(['kernel32.dll', 'advapi32.dll', 'user32.dll', 'shell32.dll', 'ole32.dll', 'ws2_32.dll', 'crypt32.dll',
      'dbghelp.dll', 'iphlpapi.dll', 'userenv.dll', 'winmm.dll', 'bcrypt.dll', 'ntdll.dll', 'psapi.dll', 'secur32.dll', 'shlwapi.dll']);
    const addon = importedDlls(join(dir, top, 'app/node_modules/better-sqlite3/prebuilds/win32-x64.node'));
    expect(addon.imports.length).toBeGreaterThan(0);
    expect(addon.imports.filter((d) => !system.has(d.toLowerCase()))).toEqual([]);
    // Node-API calls are delay-loaded from the process that loads the addon.
    expect(addon.delayed).toEqual(['node.exe']);
    const node = importedDlls(join(dir, top, 'runtime/node.exe'));
    expect(node.imports.filter((d) => !system.has(d.toLowerCase()))).toEqual([]);
    expect(node.delayed.filter((d) => !system.has(d.toLowerCase()))).toEqual([]);
  });
});
