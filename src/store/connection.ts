import type Database from 'better-sqlite3';

/** An open database connection; its own module so that what db.ts opens can be typed without importing db.ts. */
export type Db = Database.Database;
