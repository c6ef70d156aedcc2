import { main } from './cli/entry.js';
import { EXIT } from './errors.js';
import { stdoutWriter } from './io/stdout.js';

/** The process: wires the real stdin/stdout/stderr, signals and exit code to the in-process entry. */

// A reader that stops early (`draw list subjects --json | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

process.on('SIGINT', () => {
  process.stderr.write('\n');
  process.exit(EXIT.cancelled);
});

main(process.argv.slice(2), {
  stdout: stdoutWriter(process.stdout, () => process.exit(EXIT.ok)),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
  stderrColumns: process.stderr.isTTY ? process.stderr.columns : undefined,
}).then((code) => {
  process.exitCode = code;
});
