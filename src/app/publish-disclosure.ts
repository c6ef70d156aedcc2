import { appendAudit } from '../store/audit.js';
import { recordDisclosure } from '../store/disclosures.js';
import { removeWritten, writeCsv, type Cell, type OutEncoding } from '../io/csv-out.js';
import { inTransaction, type App } from './context.js';

export interface DisclosureInput {
  out: string;
  encoding: OutEncoding;
  header: string[];
  /** one line per published result: its cells after 序号, and the result it publishes */
  lines: { resultId: number; cells: Cell[] }[];
  draws: number[];
  /** the draw asked for (`export disclosure DRAW`), or the year (`--year`) */
  draw?: number;
  year?: number;
}

/**
 * Publishes results (the credit information publicity system's CSV): the file is written, then
 * recorded (disclosures, disclosed) with its audit event in one transaction; that is what
 * "published" means. A file that did not make it onto the record is taken back.
 */
export function publishDisclosure(app: App, input: DisclosureInput) {
  const rows: Cell[][] = input.lines.map((line, i) => [i + 1, ...line.cells]);
  const published = input.lines.map((line) => line.resultId);
  const written = writeCsv(input.out, input.header, rows, input.encoding);
  const at = app.now();
  try {
    const { disclosure, auditHead } = inTransaction(app, () => {
      const disclosure = recordDisclosure(app.db, { at: at.toISOString(), file: written.path, sha256: written.sha256, rows: rows.length, operator: app.operator }, published);
      const entry = appendAudit(app.db, at, app.operator, 'disclosure.export', {
        disclosure, draw: input.draw, draws: input.draws, year: input.year,
        file: written.path, sha256: written.sha256, rows: rows.length, encoding: input.encoding,
      });
      return { disclosure, auditHead: entry.hash };
    });
    return {
      out: written.path, rows: rows.length, encoding: input.encoding, sha256: written.sha256, disclosure, draws: input.draws,
      year: input.year ?? null, auditHead,
    };
  } catch (error) {
    removeWritten(written.path); // a file that is not on the record is not a disclosure
    throw error;
  }
}
