import { csvText, safeCell, type CsvCell } from './csv-write.js';
import iconv from 'iconv-lite';
import { writeFileSafelySync, type WriteOptions, type Written } from './write-file.js';

/**
 * CSV out: what the papers (disclosure, drawn list, item list, sheets as CSV) are written as.
 *
 * - Encoding: UTF-8 with a byte-order mark by default, so that Excel on a Chinese Windows opens
 *   the file as UTF-8 rather than guessing GBK; `gb18030` (through iconv-lite, no BOM) for older
 *   Excel and for systems that want GBK.
 * - Line ends CRLF, fields quoted only when they hold a comma, a quote or a line break (RFC 4180).
 *
 * The cells and lines are those of the one CSV writer (csv-write.ts).
 *
 * Formula injection (CSV injection). A spreadsheet treats a cell whose text starts with
 * `=`, `+`, `-` or `@` as a formula, and a leading TAB or CR can hide such a start
 * (`\t=HYPERLINK(…)`). Subject names, addresses, plan names, notes and the other free texts come
 * from registry exports and clerks, not from us, so a name such as `=HYPERLINK("http://…")` must
 * not become a live link on the office's computer. The rule: every text cell whose first
 * character is one of `= + - @ TAB CR` is written with a single quote in front
 * (`'=HYPERLINK("x")`), which spreadsheets show as text; the rest of the cell is unchanged, so
 * the original is still readable. Numbers (序号, row counts) are written as numbers and are not
 * touched. Every string cell counts as free text: codes and dates we produce never start with
 * those characters, so the rule costs nothing there.
 */

export type OutEncoding = 'utf8' | 'gb18030';

export type Cell = CsvCell;
export { safeCell, csvText };

/** The bytes of a CSV text in an encoding: UTF-8 with BOM, or GB18030. */
export function encodeCsv(text: string, encoding: OutEncoding): Buffer {
  return encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(`\uFEFF${text}`, 'utf8');
}

/** The bytes of a CSV text that continues one encodeCsv began (no second BOM). */
export function encodeCsvMore(text: string, encoding: OutEncoding): Buffer {
  return encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
}

/** Writes a CSV paper: header, rows, encoding; the file the one way (write-file.ts). */
export function writeCsv(file: string, header: string[], rows: Iterable<Cell[]>, encoding: OutEncoding, options: WriteOptions): Written {
  return writeFileSafelySync(file, encodeCsv(csvText(header, rows), encoding), options);
}
