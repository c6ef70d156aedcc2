import Database from 'better-sqlite3';
import type { Db } from './connection.js';
import { DrawError, EXIT } from '../errors.js';
import { MessageList } from '../i18n/index.js';
import { MIGRATIONS } from './schema.js';

/**
 * Every table and column the migrations make, checked when a database is opened: one dropped or
 * renamed outside the tool is named (exit 4, like any other tampering) before a command reads a
 * row, never left to surface as SQLite's "no such table" in the middle of one.
 */
let expected: Map<string, string[]> | undefined;

const TABLES_AND_COLUMNS = `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`;

function columnsOf(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { t, c } of db.prepare(TABLES_AND_COLUMNS).all() as { t: string; c: string }[]) out.set(t, [...(out.get(t) ?? []), c]);
  return out;
}

/** The schema this tool's migrations give, built once in memory. */
function expectedSchema(): Map<string, string[]> {
  if (!expected) {
    const mem = new Database(':memory:');
    try {
      for (const m of MIGRATIONS) mem.exec(m);
      expected = columnsOf(mem);
    } finally {
      mem.close();
    }
  }
  return expected;
}

export function checkSchema(db: Db, path: string): void {
  const found = columnsOf(db);
  const problems: { key: 'db.missingTable' | 'db.missingColumn'; params: Record<string, unknown> }[] = [];
  for (const [table, columns] of expectedSchema()) {
    const have = found.get(table);
    if (!have) problems.push({ key: 'db.missingTable', params: { table } });
    else for (const c of columns) if (!have.includes(c)) problems.push({ key: 'db.missingColumn', params: { column: `${table}.${c}` } });
  }
  if (problems.length) throw DrawError.of(EXIT.mismatch, 'db.damaged', { path, what: new MessageList(problems, 'inline') }, 'db.damagedHint');
}
