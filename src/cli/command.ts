import type { Context } from './context.js';
import type { ExitCode } from '../errors.js';

/**
 * What every command returns: its data (printed as one JSON document with --json),
 * how to show it to a person, and the exit code when it is not 0.
 */
export interface CommandOutput {
  data: unknown;
  render?: (ctx: Context) => void;
  exitCode?: ExitCode;
  /** the command already wrote its --json output itself (a stream too large to hold) */
  streamed?: boolean;
}

/** The options every command sees besides its own (commander's optsWithGlobals). */
export interface GlobalOptions {
  db?: string;
  journal?: 'wal' | 'delete';
  lang?: 'zh' | 'en';
  json?: boolean;
  color?: boolean;
  input?: boolean;
  operator?: string;
}

/** A command: its positional arguments, its options (typed per command), the context. */
export type CommandFn<O extends object = Record<never, never>> = (args: string[], opts: O & GlobalOptions, ctx: Context) => Promise<CommandOutput>;
