import type Database from 'better-sqlite3';

/** An open database connection; its own module so that what db.ts opens can be typed without importing db.ts. */
export type Db = Database.Database;

const STATEMENTS = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A statement prepared once per connection, for the store's one-row reads and writes that a batch
 * calls a row at a time (`draw import results`, a department's confirmation): a statement holds
 * SQLite's memory until the collector finalises it, and preparing one a row had an import of
 * 26,000 results at 311 MB. Only for statements run, got or read whole (`all`), never iterated: two
 * iterations of one statement at once cannot share it. One SQL text, one use: a caller that sets
 * `pluck` sets it for every caller of that text.
 */
export function statement(db: Db, sql: string): Database.Statement {
  let own = STATEMENTS.get(db);
  if (!own) STATEMENTS.set(db, (own = new Map()));
  let s = own.get(sql);
  if (!s) own.set(sql, (s = db.prepare(sql)));
  return s;
}
