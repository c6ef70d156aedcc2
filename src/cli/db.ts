import { openDb, type Db } from '../store/db.js';
import type { Context } from './context.js';

/** Opens the context's database for one command and closes it afterwards. */
export async function withDb<T>(ctx: Context, fn: (db: Db) => Promise<T> | T, create = false): Promise<T> {
  const { db } = openDb(ctx.dbPath, { journal: ctx.journal, create });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
