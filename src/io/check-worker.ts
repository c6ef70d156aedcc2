import { parentPort, workerData } from 'node:worker_threads';
import { readRows, isXlsx } from './row-source.js';
import { loadTownships } from './townships.js';
import { toSubject, type Lookups, type RowVerdict } from '../core/records.js';
import { checkRow, framed, type Checked } from './checked-rows.js';
import { DrawError } from '../errors.js';

/**
 * The second thread of a large subject import (see checked-rows.ts): reads, decodes, parses and
 * checks the rows, and sends them in batches; the main thread writes them.
 */
const { file, encoding, sheet, acceptedCodes, packageRoot } = workerData as { file: string; encoding: 'utf8' | 'gb18030'; sheet?: string; acceptedCodes: string[]; packageRoot: string };
const accepted = new Set(acceptedCodes);
const lookups: Lookups = {
  department: () => undefined, inspectorExists: () => false, subjectExists: () => false,
  acceptedCode: (c) => accepted.has(c), township: loadTownships(packageRoot),
};
const rule = (raw: Record<string, string | undefined>, l: Lookups) => toSubject(raw, l) as unknown as RowVerdict<Record<string, unknown>>;

const BATCH = 2000;
const AHEAD = 4;
let credit = AHEAD;
let resume: (() => void) | undefined;
parentPort!.on('message', () => { credit++; resume?.(); });

async function main(): Promise<void> {
  let bytes = 0;
  let batch: Checked[] = [];
  const send = async () => {
    while (credit === 0) await new Promise<void>((r) => { resume = r; });
    credit--;
    parentPort!.postMessage({ type: 'batch', rows: batch, bytes });
    batch = [];
    bytes = 0;
  };
  const rows = readRows({ file, encoding, sheet, onBytes: (n) => { bytes += n; }, onInfo: (info) => parentPort!.postMessage({ type: 'info', info }) });
  const check = (line: number, fields: string[], width: number, index: [string, number][]) => checkRow(line, fields, width, index, rule, lookups);
  for await (const checked of framed(rows, 'subjects', isXlsx(file), check)) {
    // An accepted row's fields are needed only if the writer rejects it (a duplicate key): they go
    // across as one string, far cheaper to copy between threads than an array of strings.
    batch.push('verdict' in checked && checked.verdict.ok ? { ...checked, fields: null, fieldsJson: JSON.stringify(checked.fields) } : checked);
    if (batch.length >= BATCH) await send();
  }
  parentPort!.postMessage({ type: 'batch', rows: batch, bytes });
  parentPort!.postMessage({ type: 'end', bytes: 0 });
}

main().catch((error) => {
  parentPort!.postMessage(error instanceof DrawError
    ? { type: 'error', drawError: { exitCode: error.exitCode, key: error.key, params: error.params, hintKey: error.hintKey } }
    : { type: 'error', message: (error as Error).message });
});
