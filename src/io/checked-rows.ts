import { Worker } from 'node:worker_threads';
import { readCsv } from './csv-in.js';
import { mapHeader, type ImportKind } from './columns.js';
import type { Encoding } from './decode.js';
import type { Lookups, Outcome, Raw } from '../core/records.js';
import { DrawError } from '../errors.js';

/**
 * The rows of an import file with each row's verdict: the header first, then every record with
 * its line, its fields (kept for the rejects file) and the outcome of the row's rules. A large
 * subject registry is read and checked on a second thread, so that decoding, parsing and
 * validating overlap with the writes to SQLite on this one; everything else is read here.
 */
export type Checked =
  | { header: string[] }
  | { line: number; fields: string[]; ragged: true }
  | { line: number; fields: string[] | null; fieldsJson?: string; outcome: Outcome<Record<string, unknown>> };

/** A row's original fields, for the rejects file (the worker sends an accepted row's as JSON text). */
export function fieldsOf(row: { fields: string[] | null; fieldsJson?: string }): string[] {
  return row.fields ?? (JSON.parse(row.fieldsJson ?? '[]') as string[]);
}

export type Rule = (raw: Raw, lookups: Lookups) => Outcome<Record<string, unknown>>;

const WORKER_MIN_BYTES = 8 << 20;

export function checkedRows(o: {
  file: string; size: number; encoding: Encoding; kind: ImportKind; rule: Rule; lookups: Lookups;
  acceptedCodes: string[]; packageRoot: string; onBytes: (n: number) => void;
}): AsyncGenerator<Checked> {
  return o.kind === 'subjects' && o.size >= WORKER_MIN_BYTES ? onWorker(o) : inThread(o);
}

async function* inThread(o: { file: string; encoding: Encoding; kind: ImportKind; rule: Rule; lookups: Lookups; onBytes: (n: number) => void }): AsyncGenerator<Checked> {
  let fieldIndex: [string, number][] | undefined;
  let width = 0;
  for await (const row of readCsv(o.file, o.encoding, o.onBytes)) {
    if (fieldIndex === undefined) {
      fieldIndex = [...mapHeader(o.kind, row.fields).index.entries()];
      width = row.fields.length;
      yield { header: row.fields };
      continue;
    }
    yield checkRow(row.line, row.fields, width, fieldIndex, o.rule, o.lookups);
  }
}

/** One record's verdict; shared by this thread and the worker. */
export function checkRow(line: number, fields: string[], width: number, fieldIndex: [string, number][], rule: Rule, lookups: Lookups): Checked {
  if (fields.length !== width) return { line, fields, ragged: true };
  const raw: Raw = {};
  for (const [field, i] of fieldIndex) raw[field] = fields[i];
  return { line, fields, outcome: rule(raw, lookups) };
}

type FromWorker =
  | { type: 'batch'; rows: Checked[]; bytes: number }
  | { type: 'end'; bytes: number }
  | { type: 'error'; drawError?: { exitCode: number; key: string; params: Record<string, unknown>; hintKey?: string }; message?: string };

async function* onWorker(o: { file: string; encoding: Encoding; acceptedCodes: string[]; packageRoot: string; onBytes: (n: number) => void }): AsyncGenerator<Checked> {
  const worker = new Worker(new URL('./check-worker.js', import.meta.url), {
    workerData: { file: o.file, encoding: o.encoding, acceptedCodes: o.acceptedCodes, packageRoot: o.packageRoot },
  });
  const queue: FromWorker[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (m: FromWorker) => { queue.push(m); wake?.(); });
  worker.on('error', (e) => { failure = e; wake?.(); });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => { wake = r; });
      if (failure) throw failure;
      const m = queue.shift()!;
      if (m.type === 'error') {
        if (m.drawError) throw new DrawError(m.drawError.exitCode as never, m.drawError.key, m.drawError.params, m.drawError.hintKey);
        throw new Error(m.message);
      }
      o.onBytes(m.bytes);
      if (m.type === 'end') return;
      worker.postMessage('more'); // back-pressure: the worker keeps a few batches ahead, no more
      yield* m.rows;
    }
  } finally {
    await worker.terminate();
  }
}
