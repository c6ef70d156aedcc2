import { closeSync, existsSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { DrawError, EXIT } from '../errors.js';

/**
 * The rejects file beside the input: every rejected row with its line, column and reason in
 * the user's language, then its original fields, so nothing a clerk was handed is lost.
 * UTF-8 with BOM so that Excel opens it as it is.
 *
 * It is written under a temporary name and put in place when the import ends: an import that
 * is killed half-way leaves no rejects file that looks like the report of an import that happened.
 */
export class RejectsFile {
  private fd: number | undefined;
  private readonly partial: string;
  count = 0;

  constructor(readonly path: string, private readonly labels: string[], private readonly header: string[]) {
    this.partial = `${path}.${process.pid}.partial`;
  }

  write(line: number, column: string, reason: string, fields: string[]): void {
    try {
      if (this.fd === undefined) {
        this.fd = openSync(this.partial, 'w');
        writeSync(this.fd, '\uFEFF' + stringify([[...this.labels, ...this.header]]));
      }
      writeSync(this.fd, stringify([[String(line), column, reason, ...fields]]));
    } catch (error) {
      // A full disk or a read-only folder: the import stops as a whole rather than lose rows.
      throw new DrawError(EXIT.runtime, 'rejects.writeFailed', { path: this.path, reason: (error as Error).message }, 'rejects.writeFailedHint');
    }
    this.count++;
  }

  /** A command that failed as a whole leaves no rejects file behind: the rows were never judged. */
  discard(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      try { unlinkSync(this.partial); } catch { /* already gone */ }
    }
  }

  /** Puts the file in place; when nothing was rejected, an old rejects file from an earlier run is removed. */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.partial, this.path);
    } else if (existsSync(this.path)) unlinkSync(this.path);
  }
}

export function rejectsPathFor(input: string): string {
  return input.replace(/(\.csv|\.txt)?$/i, '.rejects.csv');
}
