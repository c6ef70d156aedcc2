import { extname } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { encodeCsv, encodeCsvMore, type Cell, type OutEncoding } from './csv-out.js';
import { csvLine } from './csv-write.js';
import { streamXlsx, type XlsxColumn } from './xlsx-write.js';
import { PendingFile, writeFileSafely, writeFileSafelySync, type WriteOptions } from './write-file.js';

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
export interface Paper { sheet: string; columns: PaperColumn[]; rows: Iterable<Cell[]> }

export function paperFormat(out: string, flag?: string): PaperFormat {
  if (flag === 'xlsx' || flag === 'csv') return flag;
  return extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
}

/**
 * Writes a paper the one way, streamed: rows are encoded and written as they come, so a list of a
 * million rows (the drawn list of a province, the sheets as CSV) takes little memory.
 */
export async function writePaper(file: string, paper: Paper, o: { format: PaperFormat; encoding?: OutEncoding }, options: WriteOptions) {
  if (o.format === 'xlsx') {
    const out = new PassThrough();
    // a workbook that fails half-way ends the file's stream with its error: the temporary is removed
    const streamed = streamXlsx(paper, out).catch((error: unknown) => { out.destroy(error as Error); throw error; });
    const [written] = await Promise.all([writeFileSafely(file, out, options), streamed]);
    return { ...written, format: o.format };
  }
  return { ...writeFileSafelySync(file, csvChunks(paper, o.encoding ?? 'utf8'), options), format: o.format };
}

/**
 * A paper staged the one way for a command that records it in the database (the disclosure):
 * written as its rows come to a temporary, for the caller to commit() inside its transaction or
 * roll back. A publication of a province's results (240,000 rows) built as one text was 900 MB.
 */
export async function stagePaper(file: string, paper: Paper, o: { format: PaperFormat; encoding?: OutEncoding }, options: WriteOptions): Promise<PendingFile> {
  const staged = PendingFile.open(file, options);
  try {
    if (o.format === 'xlsx') {
      await streamXlsx(paper, new Writable({
        write(chunk: Buffer, _encoding, done) {
          try { staged.write(chunk); done(); } catch (error) { done(error as Error); }
        },
      }));
    } else {
      for (const chunk of csvChunks(paper, o.encoding ?? 'utf8')) staged.write(chunk);
    }
  } catch (error) {
    staged.abort();
    throw error;
  }
  return staged;
}

/** The CSV's bytes in pieces of some hundred KB (the BOM or GB18030 as encodeCsv gives them). */
function* csvChunks(paper: Paper, encoding: OutEncoding): Generator<Buffer> {
  let text = csvLine(paper.columns.map((c) => c.header));
  let first = true;
  for (const row of paper.rows) {
    text += csvLine(row);
    if (text.length > 1 << 17) {
      yield first ? encodeCsv(text, encoding) : encodeCsvMore(text, encoding);
      first = false;
      text = '';
    }
  }
  if (first || text) yield first ? encodeCsv(text, encoding) : encodeCsvMore(text, encoding);
}

/** Columns from headers: all text but those named. */
export function columnsOf(headers: string[], kinds: Record<number, XlsxColumn['kind']> = {}): PaperColumn[] {
  return headers.map((header, i) => ({ header, kind: kinds[i] ?? 'text' }));
}
