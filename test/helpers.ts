import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, inject, vi } from 'vitest';
import { main } from '../src/cli/entry.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = process.env.DRAW_TEST_BIN ?? join(ROOT, 'bin', 'draw');
// DRAW_TEST_NODE and DRAW_TEST_BIN run the CLI tests against another build, such as an unzipped
// bundle's runtime/node and app/bin/draw (Node 24, better-sqlite3 13); by default the dev build.
export const NODE = process.env.DRAW_TEST_NODE ?? process.execPath;
/** Another build is under test: every run goes to its process, since main() here is the dev build's. */
export const OTHER_BUILD = process.env.DRAW_TEST_BIN !== undefined || process.env.DRAW_TEST_NODE !== undefined;
export const FIXTURES = join(ROOT, 'fixtures');

export interface Run { code: number; stdout: string; stderr: string }
export interface DrawOptions { env?: Record<string, string>; cwd?: string; input?: string }

/** The environment a run sees: no terminal, nothing from the developer's shell but PATH and HOME. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester', ...extra };
}

/**
 * Runs the built bin/draw as a user would, in its own process. For what only a process shows: the
 * exit code as the shell sees it, a working directory, stdin, signals, SIGKILL, concurrent writers.
 */
export function drawProcess(args: string[], options: DrawOptions = {}): Run {
  const r = spawnSync(NODE, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), input: options.input ?? '', encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the same command line in this process through the CLI's entry, `main(argv, io)`: the same
 * commander tree, commands, catalogs and store as bin/draw, on the same real SQLite file, with the
 * same clean environment and no terminal; stdout and stderr are collected. A run that needs its own
 * working directory or stdin goes to a process, since a test worker cannot change either. Use
 * drawProcess for a subjects import of 8 MB or more: it is checked on a worker thread, loaded from dist/.
 * With DRAW_TEST_NODE or DRAW_TEST_BIN set, every run goes to that build's process instead.
 */
export async function draw(args: string[], options: DrawOptions = {}): Promise<Run> {
  if (OTHER_BUILD || (options.cwd !== undefined && options.cwd !== ROOT) || options.input) return drawProcess(args, options);
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    env: cleanEnv(options.env),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

// Every folder from tmp() is removed when its test file ends, whether its tests passed or not.
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tmp(prefix = 'draw-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

export type Db = { dir: string; db: string; run: (args: string[], env?: Record<string, string>) => Promise<Run> };

function bound(dir: string, db: string): Db {
  return { dir, db, run: (args, env) => draw(['--db', db, ...args], { env }) };
}

/** A copy of a template database, with its write-ahead log if it has one, in a new folder. */
function copyOf(template: string): Db {
  const dir = tmp();
  const db = join(dir, 'draw.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(template + suffix)) copyFileSync(template + suffix, db + suffix);
  return bound(dir, db);
}

/** A database just after `draw init`, in its own folder (a copy of one built once per run); returns a runner bound to it. */
export function freshDb(): Db {
  return copyOf(inject('freshTemplate'));
}

/** A database with the fixture county's registries imported (a copy of one built once per run by global-setup.ts). */
export function countyDb(): Db {
  return copyOf(inject('countyTemplate'));
}

/** The county database built here from nothing, for a test that compares it with an independently built one. */
export async function buildCountyDb(): Promise<Db> {
  const dir = tmp();
  const t = bound(dir, join(dir, 'draw.db'));
  const init = await t.run(['init']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  for (const [kind, file] of [['departments', 'departments.csv'], ['items', 'items.csv'], ['inspectors', 'inspectors.csv'],
    ['subjects', 'subjects.csv'], ['conflicts', 'conflicts.csv']]) {
    const r = await t.run(['import', kind, join(FIXTURES, file)]);
    if (r.code !== 0) throw new Error(`import ${kind} failed: ${r.stderr}`);
  }
  return t;
}

export function sqlite(db: string, sql: string): string {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

export function writeCsv(dir: string, name: string, rows: string[][], options: { bom?: boolean } = {}): string {
  const path = join(dir, name);
  const text = rows.map((r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
  writeFileSync(path, (options.bom ? '\uFEFF' : '') + text);
  return path;
}

/** Parses a small CSV written by draw (rejects, exports): fields may be quoted. */
export function readCsvText(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * Runs `fn` as if on `day` (an ISO time): only Date is moved, timers run as they do. For a season
 * that must happen when its plan says (a draw in 2022, then results dated after it), in-process
 * runs only (draw(), not drawProcess()). The clock is real again after.
 */
export async function onDay<T>(day: string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(day));
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

/**
 * `draw run TASK --seed …` the ceremony's way (issue 13): the commitment first, with a declared
 * seed source, then the draw with the given arguments. For a test whose subject is not the
 * ceremony: it records exactly the entries a one-step run did (draw.commit, then draw.run), and
 * the draw's output is the same. A refused commitment (a task already drawn, one that cannot be
 * drawn) is returned as it is, and logged once, as a refused one-step run was.
 */
export async function seeded(t: Db, args: string[]): Promise<Run> {
  const at = args.indexOf('run');
  const globals = args.slice(0, at).filter((a) => a !== '--json');
  const commit = await t.run([...globals, 'run', args[at + 1]!, '--commit-only', '--seed-source', '公开摇号']);
  return commit.code === 0 ? t.run(args) : commit;
}
