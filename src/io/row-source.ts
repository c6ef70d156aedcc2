import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, type CsvRow, type Separator } from './csv-in.js';
import { readXlsx } from './xlsx-in.js';
import type { Encoding } from './decode.js';

/**
 * The rows of an import file, CSV or .xlsx, as text, a piece of the file at a time: the one thing
 * the import reads. What the file turned out to be (its separator, its sheet) is reported through
 * `onInfo`.
 */
export interface SourceInfo { format: 'csv' | 'xlsx'; separator?: Separator; sheet?: string }

export interface SourceOptions {
  file: string;
  encoding: Encoding;
  sheet?: string;
  onBytes?: (n: number) => void;
  onInfo?: (info: SourceInfo) => void;
}

/** An .xlsx workbook by its extension, or by the zip signature a renamed one still has. */
export function isXlsx(file: string): boolean {
  if (extname(file).toLowerCase() === '.xlsx') return true;
  if (extname(file).toLowerCase() !== '') return false;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 0);
    return b.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    closeSync(fd);
  }
}

export function readRows(o: SourceOptions): AsyncGenerator<CsvRow[]> {
  if (isXlsx(o.file)) return readXlsx(o.file, o.sheet, (i) => o.onInfo?.({ format: 'xlsx', sheet: i.sheet }), o.onBytes);
  return readCsv(o.file, o.encoding, o.onBytes, (separator) => o.onInfo?.({ format: 'csv', separator }));
}
