import { importFile, type ImportOptions, type ImportReport } from '../io/import-file.js';
import { loadTownships } from '../io/townships.js';
import type { App } from './context.js';

export type ImportInput = Omit<ImportOptions, 'operator' | 'now' | 'townships'>;

/**
 * Imports a registry file or a results file (`draw import KIND FILE`): one transaction, one
 * 'import' audit event listing what it wrote. A results row is checked and written through the
 * same path as `draw result` (store/results.ts enterResult).
 *
 * The transaction itself still begins in the store (beginBulkWrite) and ends in io/import-file.ts,
 * which issue 9 reshapes; it moves here once that lands.
 */
export function importRegistry(app: App, input: ImportInput): Promise<ImportReport> {
  return importFile(app.db, { ...input, operator: app.operator, now: app.now, townships: loadTownships(input.packageRoot) });
}
