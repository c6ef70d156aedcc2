import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = process.env.DRAW_TEST_BIN ?? join(ROOT, 'bin', 'draw');
// DRAW_TEST_NODE and DRAW_TEST_BIN run the CLI tests against another build, such as an unzipped
// bundle's runtime/node and app/bin/draw (Node 24, better-sqlite3 13); by default the dev build.
export const NODE = process.env.DRAW_TEST_NODE ?? process.execPath;
export const FIXTURES = join(ROOT, 'fixtures');

export interface Run { code: number; stdout: string; stderr: string }

/** Runs the built bin/draw as a user would, with no terminal and a clean environment. */
export function draw(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Run {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester', ...options.env };
  const r = spawnSync(NODE, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, input: options.input ?? '', encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tmp(prefix = 'draw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh database in its own folder; returns a runner bound to it. */
export function freshDb(): { dir: string; db: string; run: (args: string[], env?: Record<string, string>) => Run } {
  const dir = tmp();
  const db = join(dir, 'draw.db');
  const run = (args: string[], env?: Record<string, string>) => draw(['--db', db, ...args], { env });
  const init = run(['init']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { dir, db, run };
}

/** A database with the fixture county's registries imported. */
export function countyDb() {
  const t = freshDb();
  for (const [kind, file] of [['departments', 'departments.csv'], ['items', 'items.csv'], ['inspectors', 'inspectors.csv'],
    ['subjects', 'subjects.csv'], ['conflicts', 'conflicts.csv']]) {
    const r = t.run(['import', kind, join(FIXTURES, file)]);
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
