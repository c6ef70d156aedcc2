import { closeSync, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * The rejects file beside the input: every rejected row with its line, column and reason in
 * the user's language, then its original fields, so nothing a clerk was handed is lost.
 * UTF-8 with BOM so that Excel opens it as it is.
 */
export class RejectsFile {
  private fd: number | undefined;
  count = 0;

  constructor(readonly path: string, private readonly labels: string[], private readonly header: string[]) {}

  write(line: number, column: string, reason: string, fields: string[]): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'w');
      writeSync(this.fd, '\uFEFF' + stringify([[...this.labels, ...this.header]]));
    }
    writeSync(this.fd, stringify([[String(line), column, reason, ...fields]]));
    this.count++;
  }

  /** A command that failed as a whole leaves no rejects file behind: the rows were never judged. */
  discard(): void {
    if (this.fd !== undefined) { closeSync(this.fd); this.fd = undefined; unlinkSync(this.path); }
  }

  /** Closes the file; when nothing was rejected, an old rejects file from an earlier run is removed. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    else if (existsSync(this.path)) unlinkSync(this.path);
  }
}

export function rejectsPathFor(input: string): string {
  return input.replace(/(\.csv|\.txt)?$/i, '.rejects.csv');
}
