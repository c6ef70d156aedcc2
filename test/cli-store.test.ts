import { DEFAULT_JOURNAL } from '../src/store/db.js';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draw, drawProcess, freshDb, sqlite, tmp, ROOT } from './helpers.js';

describe('the store', () => {
  it('draw init creates the database with mode 0600', async () => {
    const db = join(tmp(), 'draw.db');
    expect((await draw(['--db', db, 'init'])).code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(sqlite(db, 'PRAGMA user_version')).not.toBe('0');
  });

  it('any other command on a missing database says how to create it', async () => {
    const dir = tmp();
    const r = await draw(['--db', join(dir, 'nope.db'), 'list', 'subjects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.db');
    expect(r.stderr).toContain('draw init');
  });

  it('takes the path from DRAW_DB when --db is absent, else ./draw.db', async () => {
    const dir = tmp();
    expect((await draw(['init'], { env: { DRAW_DB: join(dir, 'env.db') } })).code).toBe(0);
    expect(statSync(join(dir, 'env.db')).isFile()).toBe(true);
    expect((await draw(['init'], { cwd: dir } as never)).code).toBe(0);
    expect(statSync(join(dir, 'draw.db')).isFile()).toBe(true);
  });

  it('makes a new database in the mode --journal or DRAW_JOURNAL names at init, else the default', async () => {
    const dir = tmp();
    await draw(['--db', join(dir, 'default.db'), 'init']);
    expect(sqlite(join(dir, 'default.db'), 'PRAGMA journal_mode')).toBe(DEFAULT_JOURNAL);
    await draw(['--db', join(dir, 'wal.db'), '--journal', 'wal', 'init']);
    expect(sqlite(join(dir, 'wal.db'), 'PRAGMA journal_mode')).toBe('wal');
    await draw(['--db', join(dir, 'env.db'), 'init'], { env: { DRAW_JOURNAL: 'delete' } });
    expect(sqlite(join(dir, 'env.db'), 'PRAGMA journal_mode')).toBe('delete');
  });

  it('refuses a database newer than the tool, and leaves it alone', async () => {
    const { db, run } = freshDb();
    sqlite(db, 'PRAGMA user_version = 99');
    const r = await run(['list', 'subjects']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('99');
    expect(sqlite(db, 'PRAGMA user_version')).toBe('99');
  });

  it('refuses a file that is not a database', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.db'), 'this is not sqlite, just text that is long enough to have a header........');
    const r = await draw(['--db', join(dir, 'x.db'), 'list', 'subjects']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('    at ');
  });

  it('keeps the audit log append-only', () => {
    const { db } = freshDb();
    expect(() => sqlite(db, "UPDATE audit_log SET operator = 'x'")).toThrow(/append-only/);
    expect(() => sqlite(db, 'DELETE FROM audit_log')).toThrow(/append-only/);
  });
});

describe('the command line', () => {
  const commands = [['init'], ['demo'], ['import'], ['list'], ['show'], ['code', 'check'], ['code', 'accept']];
  it.each(commands)('draw %s --help has a description and an example', async (...cmd) => {
    const r = await draw([...cmd.filter(Boolean), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/示例:\n\s+\$ draw/);
    const en = await draw([...cmd.filter(Boolean), '--help', '--lang', 'en']);
    expect(en.stdout).toMatch(/Examples:\n\s+\$ draw/);
  });

  it('loads neither sqlite, csv nor inquirer for --help', async () => {
    const dir = tmp();
    const log = join(dir, 'loaded.txt');
    const hook = join(dir, 'hook.mjs');
    writeFileSync(hook, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) { appendFileSync(${JSON.stringify(log)}, specifier + '\\n'); return next(specifier, context); }`);
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; import { pathToFileURL } from 'node:url'; register(pathToFileURL(${JSON.stringify(hook)}));`);
    const r = drawProcess(['--help'], { env: { NODE_OPTIONS: `--import=${register}` } }); // what a fresh process loads
    expect(r.code).toBe(0);
    const loaded = require('node:fs').readFileSync(log, 'utf8') as string;
    expect(loaded).toContain('commander');
    // csv is the project's own reader and writer now (csv-in.js, csv-write.js); .xlsx is yauzl, saxes, yazl
    for (const heavy of ['better-sqlite3', 'inquirer', 'csv-in.js', 'csv-write.js', 'yauzl', 'saxes', 'yazl']) expect(loaded).not.toContain(heavy);
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    // the exit code as the shell sees it, through the real process
    expect(drawProcess(['frobnicate']).code).toBe(2);
    expect(drawProcess(['list', 'subjects', '--bogus']).code).toBe(2);
  });

  it('speaks English with --lang en or DRAW_LANG=en', async () => {
    const dir = tmp();
    const missing = ['--db', join(dir, 'none.db'), 'list', 'subjects'];
    expect((await draw([...missing, '--lang', 'en'])).stderr).toContain('does not exist');
    expect((await draw(missing, { env: { DRAW_LANG: 'en' } })).stderr).toContain('does not exist');
    expect((await draw(missing)).stderr).toContain('不存在');
  });

  it('the package root holds the fixtures the demo uses', () => {
    expect(statSync(join(ROOT, 'fixtures', 'subjects.csv')).size).toBeGreaterThan(0);
  });
});
