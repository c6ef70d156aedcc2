import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DrawError, EXIT } from '../errors.js';
import { CsvFileWriter } from './csv-write.js';

/**
 * The rejects file beside the input: every rejected row with its line, column and reason in
 * the user's language, then its original fields, so nothing a clerk was handed is lost.
 * Written by the one CSV writer (BOM, CRLF, quoting, the formula guard), mode 0600 since it
 * holds phone numbers, under a temporary name put in place when the import ends: an import that
 * is killed half-way leaves no rejects file that looks like the report of an import that happened.
 *
 * An import with nothing rejected writes none, and leaves alone a file of that name that it did
 * not write (an older run's, or the clerk's own).
 */
export class RejectsFile {
  private readonly out: CsvFileWriter;
  count = 0;

  constructor(readonly path: string, labels: string[], header: string[]) {
    this.out = new CsvFileWriter(path, [...labels, ...header]);
  }

  write(line: number, column: string, reason: string, fields: string[]): void {
    try {
      this.out.write([line, column, reason, ...fields]);
    } catch (error) {
      // A full disk or a read-only folder: the import stops as a whole rather than lose rows.
      throw new DrawError(EXIT.runtime, 'rejects.writeFailed', { path: this.path, reason: (error as Error).message }, 'rejects.writeFailedHint');
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

/** Removes the temporaries of rejects files that a killed import left (their process is gone). */
export function removeStalePartials(rejectsPath: string): void {
  const dir = dirname(rejectsPath);
  const prefix = `${basename(rejectsPath)}.`;
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.partial$/.exec(name.slice(prefix.length)) : null;
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try { unlinkSync(join(dir, name)); } catch { /* gone already, or not ours to remove */ }
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as { code?: string }).code === 'EPERM'; }
}
