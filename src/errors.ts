/**
 * The one place that names the exit codes (DESIGN.md, "Conventions").
 * Code anywhere may throw a DrawError; only the entry (src/cli/entry.ts) turns it into an exit code.
 */
export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  rejected: 3,
  mismatch: 4,
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: a catalog key, its parameters, and an exit code. */
export class DrawError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly hintKey?: string,
  ) {
    super(key);
    this.name = 'DrawError';
  }
}

export const usageError = (key: string, params: Record<string, unknown> = {}, hintKey?: string) =>
  new DrawError(EXIT.usage, key, params, hintKey);

export const runtimeError = (key: string, params: Record<string, unknown> = {}, hintKey?: string) =>
  new DrawError(EXIT.runtime, key, params, hintKey);

/**
 * An error the tool did not expect: a defect, not a user's mistake. The entry reports it with the
 * version and how to file it; the original error is kept for DRAW_DEBUG=1.
 */
export class InternalError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'InternalError';
  }
}
