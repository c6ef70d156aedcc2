import { dirname } from 'node:path';
import { DrawError, EXIT } from '../errors.js';
import { CsvFileWriter, type CsvCell } from './csv-write.js';
import { MODE, removeStaleTemps, writeFileSafely, type WriteOptions } from './write-file.js';
import { xlsxBytes } from './xlsx-write.js';

export type RejectsFormat = 'csv' | 'xlsx';

/**
 * The rejects file beside the input: every rejected row with its line, column and reason in
 * the user's language, then its original fields, so nothing a clerk was handed is lost.
 * Written by the one CSV writer (BOM, CRLF, quoting, the formula guard) the one way a file is
 * written (write-file.ts): mode 0600 since it holds phone numbers, under a temporary name
 * (`.NAME.draw-PID.tmp`) put in place when the import ends: an import that is killed half-way
 * leaves no rejects file that looks like the report of an import that happened.
 *
 * An import with nothing rejected writes none, and leaves alone a file of that name that it did
 * not write (an older run's, or the clerk's own); one with rows rejected replaces it.
 */
export class RejectsFile {
  private readonly out: CsvFileWriter | WorkbookRows;
  count = 0;

  /**
   * `--rejects-format xlsx`: the same columns as a workbook, written the same way when the import
   * ends: the line a number, every other cell text (a phone's leading zero, an 18-digit code stay;
   * a text cell is never a formula, so no guard). Its rows are held until then: rejected rows are
   * the exception, and the CSV (the default) streams them.
   */
  constructor(readonly path: string, labels: string[], header: string[], sheet = '', format: RejectsFormat = 'csv') {
    // The name is the input's with `.rejects.csv`, never one the clerk chose, so it is not
    // compared with the database's (dbPath null); each import's rejects file replaces the last one's.
    const options: WriteOptions = { dbPath: null, force: true, mode: MODE.private };
    this.out = format === 'xlsx' ? new WorkbookRows(path, [...labels, ...header], sheet, options) : new CsvFileWriter(path, [...labels, ...header], options);
  }

  write(line: number, column: string, reason: string, fields: string[]): void {
    try {
      this.out.write([line, column, reason, ...fields]);
    } catch (error) {
      if (error instanceof DrawError && error.exitCode === EXIT.usage) throw error; // a target refused: its own message
      // A full disk or a read-only folder: the import stops as a whole rather than lose rows.
      const reason = error instanceof DrawError ? String(error.params.reason ?? error.key) : (error as Error).message;
      throw new DrawError(EXIT.runtime, 'rejects.writeFailed', { path: this.path, reason }, 'rejects.writeFailedHint');
    }
    this.count++;
  }

  /** A command that failed as a whole leaves no rejects file behind: the rows were never judged. */
  discard(): void { this.out.discard(); }

  /** Puts the file in place when a row was rejected. */
  async close(): Promise<void> { await this.out.close(); }
}

export function rejectsPathFor(input: string, format: RejectsFormat = 'csv'): string {
  return input.replace(/(\.csv|\.txt|\.tsv|\.xlsx)?$/i, `.rejects.${format}`);
}

/** The rejected rows of an .xlsx rejects file, written as a workbook by `close()`. */
class WorkbookRows {
  private rows: CsvCell[][] = [];

  constructor(readonly path: string, private readonly header: string[], private readonly sheet: string, private readonly options: WriteOptions) {}

  write(cells: CsvCell[]): void { this.rows.push(cells); }

  async close(): Promise<void> {
    if (this.rows.length === 0) return;
    const columns = this.header.map((header, i) => ({ header, kind: i === 0 ? 'number' as const : 'text' as const }));
    const bytes = await xlsxBytes({ sheet: this.sheet, columns, rows: this.rows });
    this.rows = [];
    await writeFileSafely(this.path, bytes, this.options);
  }

  discard(): void { this.rows = []; }
}

/**
 * Removes the temporaries that a killed import (or any killed writer) left beside the rejects
 * file, their process being gone; done at the start of every import, rejects or none.
 */
export function removeStaleTemporaries(rejectsPath: string): void {
  removeStaleTemps(dirname(rejectsPath));
}
