import type { KeyArg } from './i18n/index.js';
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
  /** an entry well formed but refused by the rules (art. 30): it contradicts itself or the draw; nothing written */
  refused: 5,
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: a catalog key, its parameters, and an exit code. */
export class DrawError extends Error {
  readonly key: string;
  readonly hintKey?: string;
  /** A key written as a literal must be in the catalog (see KeyArg); one made at run time is checked by the i18n test. */
  constructor(readonly exitCode: ExitCode, key: string, readonly params: Record<string, unknown> = {}, hintKey?: string) {
    super(key);
    this.key = key;
    this.hintKey = hintKey;
    this.name = 'DrawError';
  }

  static of<K extends string, H extends string>(exitCode: ExitCode, key: KeyArg<K>, params: Record<string, unknown> = {}, hintKey?: KeyArg<H>): DrawError {
    return new DrawError(exitCode, key, params, hintKey);
  }
}

export const usageError = <K extends string, H extends string = never>(key: KeyArg<K>, params: Record<string, unknown> = {}, hintKey?: KeyArg<H>) =>
  new DrawError(EXIT.usage, key, params, hintKey);

export const runtimeError = <K extends string, H extends string = never>(key: KeyArg<K>, params: Record<string, unknown> = {}, hintKey?: KeyArg<H>) =>
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
