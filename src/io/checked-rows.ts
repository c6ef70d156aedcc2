import { Worker } from 'node:worker_threads';
import { isBlank, type CsvRow } from './csv-in.js';
import { mapHeader, type ImportKind } from './columns.js';
import type { Encoding } from './decode.js';
import { isXlsx, readRows, type SourceInfo } from './row-source.js';
import type { Lookups, RowVerdict, Raw, Warning } from '../core/records.js';
import { DrawError } from '../errors.js';

/**
 * The rows of an import file with each row's verdict: the header first (with the title and note
 * rows found above it), then every record with its line, its fields (kept for the rejects file)
 * and the verdict of the row's rules, or `blank` for a row of empty cells. A large subject
 * registry is read and checked on a second thread, so that decoding, parsing and validating
 * overlap with the writes to SQLite on this one; everything else is read here.
 */
export type Checked =
  | { header: string[]; line: number; above: { line: number; text: string }[] }
  | { line: number; blank: true }
  | { line: number; fields: string[]; ragged: true }
  | { line: number; fields: string[]; verdict: RowVerdict<Record<string, unknown>> }
  // An accepted record from the second thread: its place among its batch's `records` and its
  // warnings, without the file's fields. Sending them too cost the second thread a fifth of its
  // time, for the few rows the writer turns away (a key named twice): those are read again from
  // the file at the end (import-file.ts, rejectLate).
  | { line: number; record: number; warnings: Warning[] };

/**
 * Rows as they are read, a batch at a time. A batch from the second thread has its accepted
 * records' tuples (core/record-spec recordTuple) apart, `width` values each in one flat array, so
 * that the writer takes them a batch at a time.
 */
export interface CheckedBatch { rows: Iterable<Checked>; records?: BatchRecords }
export interface BatchRecords { tuples: unknown[]; width: number; lines: number[] }

export type Rule = (raw: Raw, lookups: Lookups) => RowVerdict<Record<string, unknown>>;

const WORKER_MIN_BYTES = 8 << 20;
/** Rows above the header a file may have (a title, a date, a note) before the search gives up. */
const MAX_ABOVE = 20;

export interface CheckedOptions {
  file: string; size: number; encoding: Encoding; sheet?: string; kind: ImportKind; rule: Rule; lookups: Lookups;
  acceptedCodes: string[]; packageRoot: string; onBytes: (n: number) => void; onInfo: (i: SourceInfo) => void;
}

/**
 * The checked rows, a batch at a time (one await a batch, not a row), and `close` to stop reading
 * (the second thread, if started, ends with it) when they are not read to the end: it is safe to
 * call whether they were read or not.
 */
export interface CheckedRows { batches: AsyncGenerator<CheckedBatch>; close(): Promise<void> }

/** Rows a batch holds (the second thread's batches are of this size too): small enough that a batch dies young on the main thread (2,000 grew its heap to 100 MB at a million rows, 500 keeps it at 43 MB). */
export const BATCH = 500;

/**
 * A large subject registry's second thread starts here, at once: it reads and checks the first
 * batches while this thread still hashes the file and opens the transaction.
 */
export function checkedRows(o: CheckedOptions): CheckedRows {
  if (o.kind === 'subjects' && o.size >= WORKER_MIN_BYTES) return onWorker(o);
  const rows = readRows({ file: o.file, encoding: o.encoding, sheet: o.sheet, onBytes: o.onBytes, onInfo: o.onInfo });
  const batches = inBatches(framed(rows, o.kind, isXlsx(o.file), (line, fields, width, index) => checkRow(line, fields, width, index, o.rule, o.lookups)));
  return { batches, close: async () => { await batches.return(undefined); } };
}

async function* inBatches(pieces: AsyncGenerator<Checked[]>): AsyncGenerator<CheckedBatch> {
  try {
    for await (const rows of pieces) yield { rows };
  } finally {
    await pieces.return(undefined);
  }
}

type Check = (line: number, fields: string[], width: number, fieldIndex: [string, number][]) => Checked;

/**
 * Finds the header (the first row that names every required column; rows above it are titles
 * and notes, reported), then gives every later row its verdict, a piece of the file at a time as
 * the rows come. Rows of empty cells anywhere are `blank`. A workbook leaves out empty cells at a
 * row's end and empty rows: its rows are padded to the header's width, and the rows it left out
 * between two rows are blank.
 */
export async function* framed(pieces: AsyncIterable<CsvRow[]>, kind: ImportKind, workbook: boolean, check: Check): AsyncGenerator<Checked[]> {
  let fieldIndex: [string, number][] | undefined;
  let width = 0;
  let last = 0;
  const above: CsvRow[] = [];
  const headerOf = (row: CsvRow, before: CsvRow[]): Checked => {
    fieldIndex = [...mapHeader(kind, row.fields).index.entries()];
    width = row.fields.length;
    while (workbook && width > 0 && row.fields[width - 1].trim() === '') width--;
    last = row.line;
    return { header: row.fields.slice(0, width || row.fields.length), line: row.line, above: before.map((r) => ({ line: r.line, text: r.fields.filter((f) => f.trim() !== '').join(' ') })) };
  };
  for await (const rows of pieces) {
    const out: Checked[] = [];
    for (const row of rows) {
      if (fieldIndex === undefined) {
        if (isBlank(row.fields)) { out.push({ line: row.line, blank: true }); continue; }
        if (mapHeader(kind, row.fields).missing.length === 0) { out.push(headerOf(row, above)); continue; }
        above.push(row);
        if (above.length > MAX_ABOVE) break;
        continue;
      }
      if (workbook) for (let l = last + 1; l < row.line; l++) out.push({ line: l, blank: true });
      last = row.line;
      if (isBlank(row.fields)) { out.push({ line: row.line, blank: true }); continue; }
      let fields = row.fields;
      if (workbook && fields.length !== width) {
        if (fields.length < width) fields = [...fields, ...Array<string>(width - fields.length).fill('')];
        else if (fields.slice(width).every((f) => f.trim() === '')) fields = fields.slice(0, width);
      }
      out.push(check(row.line, fields, width, fieldIndex));
    }
    if (out.length > 0) yield out;
    if (fieldIndex === undefined && above.length > MAX_ABOVE) break;
  }
  if (fieldIndex === undefined && above.length > 0) {
    // No row names every required column: the one naming the most is taken for the header, so
    // that the refusal lists what it lacks (and the nearest header to each missing name).
    const score = (r: CsvRow) => mapHeader(kind, r.fields).index.size;
    const best = above.reduce((a, b) => (score(b) > score(a) ? b : a));
    yield [headerOf(best, [])];
  }
}

/** One record's verdict; shared by this thread and the worker. */
export function checkRow(line: number, fields: string[], width: number, fieldIndex: [string, number][], rule: Rule, lookups: Lookups): Checked {
  if (fields.length !== width) return { line, fields, ragged: true };
  const raw: Raw = {};
  for (const [field, i] of fieldIndex) raw[field] = fields[i];
  return { line, fields, verdict: rule(raw, lookups) };
}

/**
 * What the second thread sends for a batch: the accepted records as their lines and their tuples
 * (`width` values each, one flat array: arrays of plain values cross between threads far cheaper
 * than objects naming every field), with their warnings by position (only where there are any),
 * and every other row as it is. `mergeBatch` puts them back in line order.
 * (One JSON text instead was no cheaper: a text that large is allocated outside the young
 * generation, and the peak grew by 30 MB.)
 */
export interface WorkerBatch { lines: number[]; width: number; tuples: unknown[]; warnings: Record<number, Warning[]>; others: Checked[] }

/**
 * The rows of a batch from the second thread, in the order of their lines, made one at a time as
 * they are read: made all at once they outlived the young generation and were promoted, and the
 * main thread's heap grew with the file.
 */
export function* mergeBatch(b: WorkerBatch): Generator<Checked> {
  const { lines } = b;
  let o = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    while (o < b.others.length && b.others[o].line < line) yield b.others[o++];
    yield { line, record: k, warnings: b.warnings[k] ?? [] };
  }
  while (o < b.others.length) yield b.others[o++];
}

type FromWorker =
  | { type: 'batch'; batch: WorkerBatch; bytes: number }
  | { type: 'info'; info: SourceInfo }
  | { type: 'end'; bytes: number }
  | { type: 'error'; drawError?: { exitCode: number; key: string; params: Record<string, unknown>; hintKey?: string }; message?: string };

function onWorker(o: CheckedOptions): CheckedRows {
  const worker = new Worker(new URL('./check-worker.js', import.meta.url), {
    workerData: { file: o.file, encoding: o.encoding, sheet: o.sheet, acceptedCodes: o.acceptedCodes, packageRoot: o.packageRoot },
    // The rows it makes are garbage within a batch, but every collection of the young generation
    // copies the batch being built: at 8 MB a re-import of a million subjects spent 10.3-12.5 CPU s
    // on this thread and 3.2 more on V8's helper threads, at 16 MB 8.7-10.8 and almost none, for
    // 3-5 MB more peak (32 MB: 7.8-9.2 s, 15-20 MB more). A bounded old generation keeps the
    // second heap from growing with the file.
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 },
  });
  const queue: FromWorker[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (m: FromWorker) => { queue.push(m); wake?.(); });
  worker.on('error', (e) => { failure = e; wake?.(); });
  async function* batches(): AsyncGenerator<CheckedBatch> {
    try {
      for (;;) {
        while (queue.length === 0 && !failure) await new Promise<void>((r) => { wake = r; });
        if (failure) throw failure;
        const m = queue.shift()!;
        if (m.type === 'error') {
          if (m.drawError) throw new DrawError(m.drawError.exitCode as never, m.drawError.key, m.drawError.params, m.drawError.hintKey);
          throw new Error(m.message);
        }
        if (m.type === 'info') { o.onInfo(m.info); continue; }
        o.onBytes(m.bytes);
        if (m.type === 'end') return;
        worker.postMessage('more'); // back-pressure: the worker keeps a few batches ahead, no more
        const { tuples, width, lines } = m.batch;
        yield { rows: mergeBatch(m.batch), records: { tuples, width, lines } };
      }
    } finally {
      await worker.terminate();
    }
  }
  return { batches: batches(), close: async () => { await worker.terminate(); } };
}
