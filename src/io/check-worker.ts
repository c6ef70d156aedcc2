import { parentPort, workerData } from 'node:worker_threads';
import { readRows, isXlsx } from './row-source.js';
import { loadTownships } from './townships.js';
import { toSubject, type Lookups, type RowVerdict, type Warning } from '../core/records.js';
import { BATCH, checkRow, framed, type Checked, type WorkerBatch } from './checked-rows.js';
import { writtenColumns, writtenTuple } from '../core/record-spec.js';
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

const COLUMNS = writtenColumns('subjects');
const AHEAD = 4;
let credit = AHEAD;
let resume: (() => void) | undefined;
parentPort!.on('message', () => { credit++; resume?.(); });

interface Building { lines: number[]; tuples: unknown[]; warnings: Record<number, Warning[]>; others: Checked[] }
const building = (): Building => ({ lines: [], tuples: [], warnings: {}, others: [] });
const batchOf = (b: Building): WorkerBatch => ({ ...b, width: COLUMNS.length });

async function main(): Promise<void> {
  let bytes = 0;
  let batch = building();
  let size = 0;
  const send = async () => {
    while (credit === 0) await new Promise<void>((r) => { resume = r; });
    credit--;
    parentPort!.postMessage({ type: 'batch', batch: batchOf(batch), bytes });
    batch = building();
    size = 0;
    bytes = 0;
  };
  const rows = readRows({ file, encoding, sheet, onBytes: (n) => { bytes += n; }, onInfo: (info) => parentPort!.postMessage({ type: 'info', info }) });
  const check = (line: number, fields: string[], width: number, index: [string, number][]) => checkRow(line, fields, width, index, rule, lookups);
  for await (const piece of framed(rows, 'subjects', isXlsx(file), check)) {
    for (const checked of piece) {
      if ('verdict' in checked && checked.verdict.ok) {
        // An accepted record goes as its tuple; its fields are needed only if the writer turns it
        // away (a key named twice), and are then read again from the file.
        const { verdict } = checked;
        if (verdict.warnings.length > 0) batch.warnings[batch.lines.length] = verdict.warnings;
        batch.lines.push(checked.line);
        for (const v of writtenTuple('subjects', COLUMNS, verdict.record)) batch.tuples.push(v);
      } else {
        batch.others.push(checked);
      }
      if (++size >= BATCH) await send();
    }
  }
  parentPort!.postMessage({ type: 'batch', batch: batchOf(batch), bytes });
  parentPort!.postMessage({ type: 'end', bytes: 0 });
}

main().catch((error) => {
  parentPort!.postMessage(error instanceof DrawError
    ? { type: 'error', drawError: { exitCode: error.exitCode, key: error.key, params: error.params, hintKey: error.hintKey } }
    : { type: 'error', message: (error as Error).message });
});
