import { appendAudit } from '../store/audit.js';
import { recordDisclosure } from '../store/disclosures.js';
import type { Cell, OutEncoding } from '../io/csv-out.js';
import { stagePaper, type PaperColumn, type PaperFormat } from '../io/paper-out.js';
import { MODE } from '../io/write-file.js';
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
  /** one line per sheet and department: its cells after 序号, the result it publishes (a joint one on several lines), whether it is marked 更正; read once, as the file is written */
  lines: () => Iterable<{ resultId: number; correction?: boolean; cells: Cell[] }>;
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
  // The rows numbered as they are written; kept of each only its result's id (a joint result is on
  // several lines, once each in `published`), for the record.
  const seen = new Set<number>();
  const published: number[] = [];
  let count = 0;
  let corrections = 0;
  const rows = (function* (): Generator<Cell[]> {
    for (const line of input.lines()) {
      if (!seen.has(line.resultId)) { seen.add(line.resultId); published.push(line.resultId); }
      if (line.correction) corrections++;
      yield [++count, ...line.cells];
    }
  })();
  // a public paper: no personal data on it, so readable by all (0644)
  const file = await stagePaper(input.out, { sheet: input.sheet, columns: input.columns, rows }, { format: input.format, encoding: input.encoding },
    { dbPath: input.dbPath, force: input.force, mode: MODE.public });
  const { path, sha256 } = file;
  const at = app.now();
  let recorded: { disclosure: number; auditHead: string };
  try {
    recorded = inTransaction(app, () => {
      const disclosure = recordDisclosure(app.db, { at: at.toISOString(), file: path, sha256, rows: count, operator: app.operator }, published);
      const entry = appendAudit(app.db, at, app.operator, 'disclosure.export', {
        disclosure, draw: input.draw, draws: input.draws, year: input.year, file: path, sha256, rows: count, encoding: input.encoding, format: input.format,
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
    out: path, rows: count, format: input.format, encoding: input.encoding, sha256, disclosure: recorded.disclosure, draws: input.draws,
    year: input.year ?? null, published: published.length, corrections, auditHead: recorded.auditHead,
  };
}
