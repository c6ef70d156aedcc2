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

/** When each published result was first published (the disclosure's time, ISO), by result id. */
export function firstPublished(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT dd.result_id AS id, MIN(x.at) AS at FROM disclosed dd JOIN disclosures x ON x.id = dd.disclosure_id GROUP BY dd.result_id').all() as { id: number; at: string }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}
