import { dirname } from 'node:path';
import { DrawError, EXIT } from '../errors.js';
import { CsvFileWriter } from './csv-write.js';
import { MODE, removeStaleTemps } from './write-file.js';

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
  private readonly out: CsvFileWriter;
  count = 0;

  constructor(readonly path: string, labels: string[], header: string[]) {
    // The name is the input's with `.rejects.csv`, never one the clerk chose, so it is not
    // compared with the database's (dbPath null); each import's rejects file replaces the last one's.
    this.out = new CsvFileWriter(path, [...labels, ...header], { dbPath: null, force: true, mode: MODE.private });
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
  close(): void { this.out.close(); }
}

export function rejectsPathFor(input: string): string {
  return input.replace(/(\.csv|\.txt|\.tsv|\.xlsx)?$/i, '.rejects.csv');
}

/**
 * Removes the temporaries that a killed import (or any killed writer) left beside the rejects
 * file, their process being gone; done at the start of every import, rejects or none.
 */
export function removeStaleTemporaries(rejectsPath: string): void {
  removeStaleTemps(dirname(rejectsPath));
}
