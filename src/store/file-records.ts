import type { Db } from './db.js';

/**
 * The records outside the audit log that name a file by the SHA-256 of its bytes: a disclosure
 * written (disclosures), a registry or results file imported (imports), a calendar notice
 * imported (calendar_years.source, `NAME sha256:HEX`, as app/import-calendar.ts writes it).
 * `audit verify --anchor FILE` asks them when no entry of the log records a file: a record that
 * still names it says the database did write or read the file, so its entry was lost.
 */
export function recordsNamingFile(db: Db, sha256: string): { table: 'disclosures' | 'imports' | 'calendar_years'; record: string }[] {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return []; // hex only: nothing in it that LIKE would read as a wildcard
  const rows = db.prepare(`SELECT 'disclosures' AS tbl, id AS record FROM disclosures WHERE sha256 = @sha256
    UNION ALL SELECT 'imports', id FROM imports WHERE sha256 = @sha256
    UNION ALL SELECT 'calendar_years', year FROM calendar_years WHERE source LIKE '% sha256:' || @sha256
    ORDER BY 1, 2`).all({ sha256 }) as { tbl: 'disclosures' | 'imports' | 'calendar_years'; record: number }[];
  return rows.map((r) => ({ table: r.tbl, record: String(r.record) }));
}
