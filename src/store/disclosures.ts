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

/**
 * firstPublished asked a batch of results at a time (a disclosure of a large draw reads a batch of
 * sheets at a time): the days are gathered once into a temporary table of this connection, keyed
 * by result (`disclosed` is keyed by disclosure first, so a batch's lookup would read it whole);
 * SQLite keeps it past its page cache in a temporary file. `drop()` empties it.
 */
export function firstPublishedLookup(db: Db) {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS first_published (id INTEGER PRIMARY KEY, at TEXT NOT NULL); DELETE FROM temp.first_published;
    INSERT INTO temp.first_published (id, at) SELECT dd.result_id, MIN(x.at) FROM disclosed dd JOIN disclosures x ON x.id = dd.disclosure_id GROUP BY dd.result_id`);
  const some = db.prepare('SELECT id, at FROM temp.first_published WHERE id IN (SELECT value FROM json_each(?))');
  return {
    of: (resultIds: readonly number[]): Map<number, string> =>
      new Map((some.all(JSON.stringify(resultIds)) as { id: number; at: string }[]).map((r) => [r.id, r.at])),
    drop: () => { db.exec('DELETE FROM temp.first_published'); },
  };
}

/** When each published result was first published (the disclosure's time, ISO), by result id. */
export function firstPublished(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT dd.result_id AS id, MIN(x.at) AS at FROM disclosed dd JOIN disclosures x ON x.id = dd.disclosure_id GROUP BY dd.result_id').all() as { id: number; at: string }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}
