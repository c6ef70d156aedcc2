import { extname } from 'node:path';
import { encodeCsv, csvText, type Cell, type OutEncoding } from './csv-out.js';
import { xlsxBytes, type XlsxColumn } from './xlsx-write.js';
import { writeFileSafelySync, type WriteOptions } from './write-file.js';

/**
 * A paper (a list a clerk opens, prints or uploads) as CSV or as an .xlsx workbook. `--format`
 * decides, else the file's extension (`.xlsx`), else CSV: the publicity system takes CSV, and a
 * CSV a clerk did not ask to be otherwise stays what it was. Both are written the one way
 * (write-file.ts).
 *
 * In the workbook every cell is text unless its column says `number` (序号) or `date`, so an
 * 18-digit credit code, a 15-digit 注册号, a leading zero or a sheet reference `1/17` stay as
 * written; the header row is frozen and the columns are sized (xlsx-write.ts).
 */
export type PaperFormat = 'csv' | 'xlsx';
export type PaperColumn = XlsxColumn;
export interface Paper { sheet: string; columns: PaperColumn[]; rows: Cell[][] }

export function paperFormat(out: string, flag?: string): PaperFormat {
  if (flag === 'xlsx' || flag === 'csv') return flag;
  return extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
}

/** The paper's bytes in its format (a paper is small: built whole, then written or staged). */
export async function paperBytes(paper: Paper, o: { format: PaperFormat; encoding?: OutEncoding }): Promise<Buffer> {
  return o.format === 'xlsx'
    ? xlsxBytes(paper)
    : encodeCsv(csvText(paper.columns.map((c) => c.header), paper.rows), o.encoding ?? 'utf8');
}

export async function writePaper(file: string, paper: Paper, o: { format: PaperFormat; encoding?: OutEncoding }, options: WriteOptions) {
  return { ...writeFileSafelySync(file, await paperBytes(paper, o), options), format: o.format };
}

/** Columns from headers: all text but those named. */
export function columnsOf(headers: string[], kinds: Record<number, XlsxColumn['kind']> = {}): PaperColumn[] {
  return headers.map((header, i) => ({ header, kind: kinds[i] ?? 'text' }));
}
