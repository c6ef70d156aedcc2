import { writeSync } from 'node:fs';

/**
 * The process's stdout, written before each call returns: Node queues writes to a pipe in memory
 * without limit while the reader is slower, so `draw list subjects --json | gzip` of 300,000
 * subjects grew past a 64 MB heap (a file or a terminal is written at once already). When the
 * pipe is full (EAGAIN: Node keeps it non-blocking) the write waits a millisecond and goes on.
 * A reader that stopped early (EPIPE: `draw list subjects --json | head`) calls `closed`.
 */
export function stdoutWriter(stdout: NodeJS.WriteStream & { fd: number }, closed: () => never): (text: string) => void {
  if (stdout.isTTY) return (text) => { stdout.write(text); };
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (text) => {
    let bytes = Buffer.from(text, 'utf8');
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(stdout.fd, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') closed();
        if (code !== 'EAGAIN') throw error;
        Atomics.wait(pause, 0, 0, 1);
      }
    }
  };
}
