import { importFile, type ImportOptions, type ImportReport, type ImportTransaction } from '../io/import-file.js';
import { loadTownships } from '../io/townships.js';
import { beginBulkWrite, commitBulkWrite, rollbackBulkWrite } from '../store/db.js';
import { finishImport } from '../store/registry.js';
import { appendAudit } from '../store/audit.js';
import type { App } from './context.js';

export type ImportInput = Omit<ImportOptions, 'operator' | 'now' | 'townships'>;

/**
 * Imports a registry file or a results file (`draw import KIND FILE`): one transaction, one
 * 'import' audit event listing what it wrote. A results row is checked and written through the
 * same path as `draw result` (store/results.ts enterResult).
 *
 * The transaction is this use case's: io/import-file.ts reads, checks and writes the rows inside
 * it and says when to begin, keep or roll back; what keeping means (the import's record
 * finished, its audit event, the commit) is decided here. It is not inTransaction's: the rows
 * arrive from a stream (and a second thread), so the transaction spans awaits.
 */
export function importRegistry(app: App, input: ImportInput): Promise<ImportReport> {
  const { db } = app;
  const tx: ImportTransaction = {
    begin: () => beginBulkWrite(db, input.kind === 'subjects'),
    keep: (importId, counts, event) => {
      finishImport(db, importId, counts, app.now().toISOString());
      const entry = appendAudit(db, app.now(), app.operator, 'import', event);
      commitBulkWrite(db);
      return entry.hash;
    },
    rollback: () => rollbackBulkWrite(db),
  };
  return importFile(db, { ...input, operator: app.operator, now: app.now, townships: loadTownships(input.packageRoot) }, tx);
}
