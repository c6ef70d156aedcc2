import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a database after `draw init`, to be copied, never written */
    freshTemplate: string;
    /** a database after `draw init` and the fixture county's five imports, to be copied, never written */
    countyTemplate: string;
  }
}

const KINDS = [['departments', 'departments.csv'], ['items', 'items.csv'], ['inspectors', 'inspectors.csv'],
  ['subjects', 'subjects.csv'], ['conflicts', 'conflicts.csv']] as const;

/**
 * Builds bin/draw once (some tests spawn it), then builds the two template databases once per run
 * with the built CLI itself, as a user would: every test that needs one copies the file. With
 * DRAW_TEST_NODE / DRAW_TEST_BIN (test/helpers.ts) the templates come from that build, as every run does.
 */
export default function setup(project: TestProject): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'draw-templates-'));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' };
  const draw = (db: string, args: string[]) =>
    execFileSync(process.env.DRAW_TEST_NODE ?? process.execPath, [process.env.DRAW_TEST_BIN ?? join(root, 'bin', 'draw'), '--db', db, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = join(dir, 'fresh.db');
  draw(fresh, ['init']);
  const county = join(dir, 'county.db');
  draw(county, ['init']);
  for (const [kind, file] of KINDS) draw(county, ['import', kind, join(root, 'fixtures', file)]);
  project.provide('freshTemplate', fresh);
  project.provide('countyTemplate', county);
  return () => rmSync(dir, { recursive: true, force: true });
}
