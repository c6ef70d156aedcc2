import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SubjectsScan, type ChunkedInput, type DrawConflict } from '../core/draw/index.js';
import { StoredChunkMaker } from '../store/stored-chunk.js';
import type { FromSnapshotWorker, ToSnapshotWorker } from './snapshot-thread.js';

/**
 * The second thread of a large `draw run` (app/snapshot-thread.ts): it hashes and checks the
 * snapshot's pieces (core SubjectsScan) and gzips them into stored chunks (StoredChunkMaker) while
 * the main thread reads the next pieces from the registry. It only computes: the main thread stores
 * everything, in its own transactions, so a worker killed with the process leaves nothing half-written.
 */
const { port, progress, declared } = workerData as { port: MessagePort; progress: SharedArrayBuffer; declared: DrawConflict[] };
const counters = new Int32Array(progress);
const scan = new SubjectsScan(declared.map((c) => c.key));
const maker = new StoredChunkMaker();

/**
 * Counts a piece taken (counter 0) or the end reached (counter 1), after what it sent: the main
 * thread reads the counter, then the port, so the message is there before it looks.
 */
function count(counter: 0 | 1): void {
  Atomics.add(counters, counter, 1);
  Atomics.notify(counters, counter);
}

function send(m: FromSnapshotWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

/** Bytes of their own to move to the other thread (gzip's output may be a view of a larger allocation). */
function own(b: Buffer): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : Uint8Array.prototype.slice.call(b);
}

function made(chunk: ReturnType<StoredChunkMaker['close']>): void {
  if (!chunk) return;
  const gz = own(chunk.gz);
  send({ kind: 'made', gz, pieces: chunk.pieces }, [gz.buffer as ArrayBuffer]);
}

/** After an error, what comes is not looked at: the main thread throws the error it was sent. */
let failed = false;

parentPort!.on('message', (m: ToSnapshotWorker) => {
  if (failed) return;
  try {
    if (m.kind === 'piece') {
      scan.add(m.text);
      made(maker.add(m.text, m.lines));
      count(0);
      return;
    }
    made(maker.close());
    const digest = scan.digest();
    const conflicts = declared.filter((c) => scan.has(c.key));
    const input: ChunkedInput = { ...m.rest, conflicts };
    const arranged = scan.check(input);
    const transfer = arranged ? [arranged.lines.strata.buffer as ArrayBuffer, ...(arranged.lines.lists ? [arranged.lines.lists.buffer as ArrayBuffer] : [])] : [];
    send({ kind: 'done', digest, found: [...scan.found.keys()], arranged }, transfer);
    count(1);
  } catch (error) {
    failed = true;
    send({ kind: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    count(1);
  }
});
