import type { Db } from '../store/db.js';

/**
 * What every use case is given: the open database, the clock and who acts. A use case opens its
 * one write transaction, appends its one audit event and returns data; it never prints, never
 * reads flags and never decides an exit code (a refusal is a DrawError with a catalog key).
 */
export interface App {
  db: Db;
  now: () => Date;
  operator: string;
  /** whether a use case may put work on a second thread (default yes; DRAW_THREADS=1: this thread alone) */
  threads?: boolean;
}

/** The one write transaction of a use case, with the write lock taken up front (BEGIN IMMEDIATE). */
export function inTransaction<T>(app: App, fn: () => T): T {
  return app.db.transaction(fn).immediate();
}
