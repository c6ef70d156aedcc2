import type { Db } from './db.js';

/** Disclosure files and the results they published. */

export function disclosedResultIds(db: Db): Set<number> {
  return new Set(db.prepare('SELECT result_id FROM disclosed').pluck().all() as number[]);
}

/** Records one disclosure file and the results it carries. */
export function recordDisclosure(db: Db, d: { at: string; file: string; sha256: string; rows: number; operator: string }, resultIds: number[]): number {
  const id = Number(db.prepare('INSERT INTO disclosures (at, file, sha256, rows, operator) VALUES (?, ?, ?, ?, ?)')
    .run(d.at, d.file, d.sha256, d.rows, d.operator).lastInsertRowid);
  const insert = db.prepare('INSERT INTO disclosed (disclosure_id, result_id) VALUES (?, ?)');
  for (const r of resultIds) insert.run(id, r);
  return id;
}
