import type { Context } from './context.js';
import type { ExitCode } from '../errors.js';

/**
 * What every command returns: its data (printed as one JSON document with --json),
 * how to show it to a person, and the exit code when it is not 0.
 */
export interface CommandResult {
  data: unknown;
  render?: (ctx: Context) => void;
  exitCode?: ExitCode;
  /** the command already wrote its --json output itself (a stream too large to hold) */
  streamed?: boolean;
}

export type CommandFn = (args: string[], opts: Record<string, any>, ctx: Context) => Promise<CommandResult>;
