import { appendAudit } from '../store/audit.js';
import { recordDisclosure } from '../store/disclosures.js';
import type { Cell, OutEncoding } from '../io/csv-out.js';
import { paperBytes, type PaperColumn, type PaperFormat } from '../io/paper-out.js';
import { MODE, stageFileSync } from '../io/write-file.js';
import { inTransaction, type App } from './context.js';

export interface DisclosureInput {
  out: string;
  /** replace a file already at `out` (`--force`) */
  force: boolean;
  /** the database the command works on: never the target (io/write-target.ts) */
  dbPath: string;
  encoding: OutEncoding;
  /** csv (what the publicity system takes) or xlsx (the same list for a clerk to read) */
  format: PaperFormat;
  sheet: string;
  columns: PaperColumn[];
  /** one line per sheet and department: its cells after 序号, the result it publishes (a joint one on several lines), whether it is marked 更正 */
  lines: { resultId: number; correction?: boolean; cells: Cell[] }[];
  draws: number[];
  /** the draw asked for (`export disclosure DRAW`), or the year (`--year`) */
  draw?: number;
  year?: number;
}

/**
 * Publishes results (the credit information publicity system's CSV): the file is recorded
 * (disclosures, disclosed) with its audit event in one transaction; that is what "published"
 * means. The file is staged first (written and flushed under a temporary name), put in place
 * inside that transaction, and put back as it was when the transaction fails: a disclosure that
 * cannot be recorded leaves the file that was at `out` before (or none), never one off the record.
 */
export async function publishDisclosure(app: App, input: DisclosureInput) {
  const rows: Cell[][] = input.lines.map((line, i) => [i + 1, ...line.cells]);
  const published = [...new Set(input.lines.map((line) => line.resultId))];
  const corrections = input.lines.filter((line) => line.correction).length;
  // a public paper: no personal data on it, so readable by all (0644)
  const bytes = await paperBytes({ sheet: input.sheet, columns: input.columns, rows }, { format: input.format, encoding: input.encoding });
  const file = stageFileSync(input.out, bytes, { dbPath: input.dbPath, force: input.force, mode: MODE.public });
  const { path, sha256 } = file;
  const at = app.now();
  let recorded: { disclosure: number; auditHead: string };
  try {
    recorded = inTransaction(app, () => {
      const disclosure = recordDisclosure(app.db, { at: at.toISOString(), file: path, sha256, rows: rows.length, operator: app.operator }, published);
      const entry = appendAudit(app.db, at, app.operator, 'disclosure.export', {
        disclosure, draw: input.draw, draws: input.draws, year: input.year, file: path, sha256, rows: rows.length, encoding: input.encoding, format: input.format,
        published: published.length, corrections,
      });
      // last, so that nothing after it in the transaction can fail with the new file in place
      file.commit();
      return { disclosure, auditHead: entry.hash };
    });
  } catch (error) {
    file.rollback();
    throw error;
  }
  file.finish();
  return {
    out: path, rows: rows.length, format: input.format, encoding: input.encoding, sha256, disclosure: recorded.disclosure, draws: input.draws,
    year: input.year ?? null, published: published.length, corrections, auditHead: recorded.auditHead,
  };
}
