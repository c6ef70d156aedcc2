import { receiveMessageOnPort, MessageChannel, Worker } from 'node:worker_threads';
import { SubjectsScan, type Arranged, type ChunkedInput, type DrawConflict } from '../core/draw/index.js';
import type { PendingChunks } from '../store/draws.js';
import type { MadeChunk } from '../store/stored-chunk.js';

/**
 * A draw's subjects snapshot made as the population query gives its pieces: hashed and checked
 * (core SubjectsScan), kept in stored chunks (store PendingChunks). A large one is hashed, checked
 * and gzipped on a second thread (app/snapshot-worker.ts) while this one reads the registry: at a
 * million subjects the query is 0.7 s and the rest 0.5 s, on one core they were added up. The
 * bytes are the same either way: the pieces go to the worker in order and come back in order.
 */
export interface MadeSnapshot {
  digest: { sha256: string; rows: number };
  /** whether a declared conflict's subject is a line of the snapshot */
  has(key: string): boolean;
  arranged: Arranged | null;
}

/** What the main thread sends the worker: a piece of the text, or the end with the draw's input but its conflicts. */
export type ToSnapshotWorker = { kind: 'piece'; text: string; lines: number } | { kind: 'end'; rest: Omit<ChunkedInput, 'conflicts'> };
/** What the worker sends back: a stored chunk made, the end, or the error that stopped it. */
export type FromSnapshotWorker =
  | { kind: 'made'; gz: Uint8Array; pieces: number[] }
  | { kind: 'done'; digest: MadeSnapshot['digest']; found: string[]; arranged: Arranged | null }
  /** the worker's error: its message for the clerk, its stack for `--debug` (an internal error's report) */
  | { kind: 'error'; message: string; stack?: string };

/**
 * Lines before the worker is started: a county's population (up to 60,000) is made on this thread,
 * where starting a thread would cost more than it saves. Its pieces wait here until then (2.6 MB).
 */
const WORKER_FROM = 1 << 16;
/**
 * Pieces sent ahead of the worker at most (some 1.3 MB of text, held twice while in flight): beyond,
 * this thread waits for it. The worker is the faster of the two; a longer queue only grew the peak
 * when the machine's load held it back.
 */
const AHEAD = 16;

export class SnapshotMaking {
  private scan: SubjectsScan | null;
  private waiting: { text: string; lines: number }[] = [];
  private waitingLines = 0;
  private thread: SnapshotThread | null = null;

  /**
   * `chunks`: where the stored chunks go. `declared`: the conflicts declared (their subjects are
   * looked for). `threads`: whether a second thread may be used (it is loaded from dist/: run from
   * the TypeScript sources, as the tests do in-process, the snapshot is made on this thread).
   */
  constructor(private readonly chunks: PendingChunks, private readonly declared: readonly DrawConflict[], threads: boolean) {
    this.scan = threads && import.meta.url.endsWith('.js') ? null : new SubjectsScan(declared.map((c) => c.key));
  }

  /** Adds a piece; a promise when this thread must wait for the worker first. */
  add(text: string, lines: number): Promise<void> | undefined {
    if (this.scan) {
      this.scan.add(text);
      this.chunks.add(text, lines);
      return undefined;
    }
    if (!this.thread) {
      this.waiting.push({ text, lines });
      this.waitingLines += lines;
      if (this.waitingLines < WORKER_FROM) return undefined;
      this.thread = new SnapshotThread(this.declared, (made) => this.chunks.addMade(made));
      for (const w of this.waiting) this.thread.send(w.text, w.lines);
      this.waiting = [];
      return this.thread.ahead();
    }
    this.thread.send(text, lines);
    return this.thread.ahead();
  }

  /** After the last piece: the digest, the subjects found and the arrangement (SubjectsScan.check of the whole input). */
  async finish(rest: Omit<ChunkedInput, 'conflicts'>): Promise<MadeSnapshot> {
    if (!this.thread) {
      // below WORKER_FROM, or no second thread: this one
      const scan = this.scan ?? new SubjectsScan(this.declared.map((c) => c.key));
      for (const w of this.waiting) {
        scan.add(w.text);
        this.chunks.add(w.text, w.lines);
      }
      this.waiting = [];
      const digest = scan.digest();
      return { digest, has: (key) => scan.has(key), arranged: scan.check({ ...rest, conflicts: this.declared.filter((c) => scan.has(c.key)) }) };
    }
    return this.thread.end(rest);
  }

  /** Stops the worker, if there is one (after an error on this thread; finish stops it too). */
  async close(): Promise<void> {
    await this.thread?.stop();
  }
}

/** Atomics.waitAsync (Node 16 and later; ES2024's lib, not this project's ES2022). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/** The worker and the way back from it: a port read without the event loop (this thread is reading the registry meanwhile). */
class SnapshotThread {
  private readonly worker: Worker;
  private readonly port;
  private readonly counters = new Int32Array(new SharedArrayBuffer(8));
  private sent = 0;
  private failure: Error | null = null;
  private result: Extract<FromSnapshotWorker, { kind: 'done' }> | null = null;

  constructor(declared: readonly DrawConflict[], private readonly onMade: (made: MadeChunk) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./snapshot-worker.js', import.meta.url), {
      workerData: { port: port2, progress: this.counters.buffer, declared }, transferList: [port2],
      // Its pieces die within a message: a small young generation collects them often and cheaply. What it
      // keeps (a byte or two a line) is in typed arrays, outside the heap: the old generation stays small.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    // heard while this thread waits for the worker (until): the wait is woken at once
    const wake = () => { Atomics.notify(this.counters, 0); Atomics.notify(this.counters, 1); };
    this.worker.on('error', (e) => { this.failure ??= e; wake(); });
    this.worker.on('exit', (code) => { if (!this.result) this.failure ??= new Error(`the snapshot worker stopped (exit code ${code})`); wake(); });
  }

  send(text: string, lines: number): void {
    this.worker.postMessage({ kind: 'piece', text, lines } satisfies ToSnapshotWorker);
    this.sent++;
    this.drain();
  }

  /** Resolves once the worker is no more than AHEAD pieces behind; undefined when it is not now. */
  ahead(): Promise<void> | undefined {
    return this.sent - Atomics.load(this.counters, 0) > AHEAD ? this.until(() => this.sent - Atomics.load(this.counters, 0) <= AHEAD, 0) : undefined;
  }

  async end(rest: Omit<ChunkedInput, 'conflicts'>): Promise<MadeSnapshot> {
    try {
      this.worker.postMessage({ kind: 'end', rest } satisfies ToSnapshotWorker);
      await this.until(() => this.result !== null, 1);
      const { digest, found, arranged } = this.result!;
      const keys = new Set(found);
      return { digest, has: (key) => keys.has(key), arranged };
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  /** Waits (letting the event loop run, so that the worker's error or exit is heard) until `done`, reading the port. */
  private async until(done: () => boolean, counter: 0 | 1): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.counters, counter);
      this.drain();
      if (this.failure) throw this.failure;
      if (done()) return;
      const wait = waitAsync(this.counters, counter, seen, 100);
      if (wait.async) await wait.value;
    }
  }

  /** Reads what the worker has sent: stored chunks to keep, in order; its end; its error. */
  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const message = m.message as FromSnapshotWorker;
      if (message.kind === 'made') this.onMade({ gz: Buffer.from(message.gz.buffer, message.gz.byteOffset, message.gz.byteLength), pieces: message.pieces });
      else if (message.kind === 'done') this.result = message;
      else if (!this.failure) {
        this.failure = new Error(message.message);
        if (message.stack) this.failure.stack = message.stack;
      }
    }
  }
}
