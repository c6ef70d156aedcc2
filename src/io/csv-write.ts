import { PendingFile, type WriteOptions } from './write-file.js';

/**
 * The one CSV writer: every CSV the tool writes (the rejects file, the papers) goes through it.
 *
 * - UTF-8 with a byte-order mark (Excel on a Chinese Windows then opens it as UTF-8), CRLF.
 * - RFC 4180: a field holding a quote, the separator, a CR or an LF is quoted, its quotes
 *   doubled; a bare line feed inside a name can then never split a row.
 * - The formula guard: a spreadsheet runs a cell starting with = + - @ (or their full-width
 *   forms, which Excel folds), and a leading TAB or CR can hide such a start. Every free-text
 *   cell starting so gets a single quote in front ('=1+1), shown as text; the rest is unchanged.
 *   Numbers are not text and are written as they are.
 * - Control characters other than TAB, CR and LF (ESC, the C1 range such as U+009B) are removed:
 *   they mean nothing in a cell and can drive a terminal that shows the file.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell's text: controls removed, the formula guard applied to text. */
export function safeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = value.replace(CONTROLS, '');
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One record as a CSV line, CRLF included. */
export function csvLine(cells: CsvCell[]): string {
  return `${cells.map((c) => {
    const s = safeCell(c);
    return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',')}\r\n`;
}

/** The CSV text of a header and its rows (no BOM: the bytes are the caller's to encode). */
export function csvText(header: CsvCell[], rows: Iterable<CsvCell[]>): string {
  let text = csvLine(header);
  for (const r of rows) text += csvLine(r);
  return text;
}

/**
 * A CSV file written line by line, the one way a file is written (write-file.ts): the target
 * checked, an exclusive temporary with the caller's mode (0600 for the rejects file: it holds
 * phone numbers), flushed and put in place by `close()`, so that a reader never sees half a file;
 * `discard()` leaves nothing behind. Nothing is created until the first line.
 */
export class CsvFileWriter {
  private file: PendingFile | undefined;

  constructor(readonly path: string, private readonly header: CsvCell[], private readonly options: WriteOptions) {}

  get opened(): boolean { return this.file !== undefined; }

  /** Throws the write's DrawError (write-errors.ts): a refused target, a full disk, no permission. */
  write(cells: CsvCell[]): void {
    if (this.file === undefined) {
      this.file = PendingFile.open(this.path, this.options);
      this.file.write(`\uFEFF${csvLine(this.header)}`);
    }
    this.file.write(csvLine(cells));
  }

  close(): void {
    if (this.file === undefined) return;
    const file = this.file;
    this.file = undefined;
    file.commit();
    file.finish();
  }

  discard(): void {
    this.file?.abort();
    this.file = undefined;
  }
}
