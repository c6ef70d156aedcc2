import { CommanderError } from 'commander';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pickLang, translator, type Lang, type Translate } from '../i18n/index.js';
import { buildProgram } from './program.js';
import type { Context } from './context.js';
import type { CommandFn } from './command.js';
import { colorWanted } from './color.js';
import { columnsFrom, localHelp, localOutput } from './help/localize.js';
import { DrawError, EXIT, InternalError } from '../errors.js';
import { packageVersion } from '../io/package-version.js';
import { jsonForTerminal, showControls } from '../core/text.js';

/**
 * The outside world one run of the CLI sees. src/main.ts passes the real process; tests pass
 * their own writers and environment, so that `main` runs in-process exactly as bin/draw does.
 */
export interface Io {
  /** raw writers: nothing is added to what is written */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** the terminal's width, for a stream that is a terminal (help is wrapped to it before COLUMNS) */
  stdoutColumns?: number;
  stderrColumns?: number;
}

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The last guard before a terminal: the tool's own colours (SGR, ESC [ … m) pass, every other
 * control character is shown escaped. Data and flag values are escaped before this already (the
 * translator's parameters, table cells); this catches what reaches a line some other way.
 */
// A text with no control character at all (ESC among them) passes as it is, without the replace:
// `list --json` writes a million records through here.
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const safe = (text: string) => (ANY_CONTROL.test(text) ? text.replace(/\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (m) => (m.length > 1 ? m : showControls(m))) : text);

const line = (write: (text: string) => void) => (text: string) => write(safe(text.endsWith('\n') ? text : `${text}\n`));

/** --journal (checked by commander) or DRAW_JOURNAL; anything else in the variable is ignored, as if unset. */
function journalWanted(value: unknown): Context['journal'] {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return v === 'wal' || v === 'delete' ? v : undefined;
}

function makeContext(io: Io, lang: Lang, t: Translate, opts: Record<string, any>): Context {
  const env = io.env;
  return {
    lang,
    t,
    dbPath: opts.db ?? env.DRAW_DB ?? 'draw.db',
    journal: journalWanted(opts.journal ?? env.DRAW_JOURNAL),
    json: Boolean(opts.json),
    color: colorWanted(opts.color, env, io.stdoutIsTTY),
    interactive: io.stdinIsTTY && io.stdoutIsTTY && opts.input !== false && !env.CI,
    operator: opts.operator ?? env.DRAW_OPERATOR ?? operatorName(),
    out: line(io.stdout),
    err: line(io.stderr),
    errRaw: io.stderr,
    stderrIsTTY: io.stderrIsTTY,
    now: () => new Date(),
    threads: env.DRAW_THREADS?.trim() !== '1',
    packageRoot: PACKAGE_ROOT,
  };
}

function describe(t: Translate, error: DrawError): string {
  const message = t(error.key, error.params);
  return error.hintKey ? `${message}\n${t('hint')}: ${t(error.hintKey, error.params)}` : message;
}

/** A system error (a file not found, a pipe closed) comes from the machine, not from a defect. */
function isSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function isCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Runs one command line and returns its exit code; never exits the process, never reads process.env. */
export async function main(argv: string[], io: Io): Promise<number> {
  const lang = pickLang(flagValue(argv, '--lang'), io.env.DRAW_LANG);
  const t = translator(lang);
  const debug = Boolean(io.env.DRAW_DEBUG);
  const columns = columnsFrom(io.env);
  const version = packageVersion(PACKAGE_ROOT);
  let exitCode: number = EXIT.ok;
  let ctx: Context | undefined;

  const program = buildProgram(t, async (modulePath, args, opts) => {
    ctx = makeContext(io, lang, t, opts);
    const mod = (await import(modulePath)) as { run: CommandFn };
    const result = await mod.run(args, opts, ctx);
    if (ctx.json && !result.streamed) ctx.out(jsonForTerminal(JSON.stringify(result.data, null, 2)));
    else result.render?.(ctx);
    exitCode = result.exitCode ?? EXIT.ok;
    return result;
  }, {
    // Commander's texts and help, localized and wrapped, through io: COLUMNS from io.env, never process.env.
    output: localOutput(t, { writeOut: (s) => io.stdout(safe(s)), writeErr: (s) => io.stderr(safe(s)), outColumns: io.stdoutColumns, errColumns: io.stderrColumns, columns }),
    help: localHelp(t, columns),
    version: version ?? '?',
  });

  const stack = (error: unknown) => {
    if (debug && error instanceof Error) io.stderr(safe(`${error.stack}\n`));
  };
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof DrawError) {
      io.stderr(safe(`${t('error')}: ${describe(t, error)}\n`));
      return error.exitCode;
    }
    if (isCancel(error)) {
      io.stderr(safe(`${t('cancelled')}\n`));
      return EXIT.cancelled;
    }
    // A busy, read-only or full database, a disk that will not take a file: say so, with what to do.
    const storage = (await import('../store/db.js')).storageError(error, ctx?.dbPath ?? '');
    if (storage) {
      io.stderr(safe(`${t('error')}: ${describe(t, storage)}\n`));
      stack(error);
      return storage.exitCode;
    }
    if (isSystemError(error)) {
      io.stderr(safe(`${t('error')}: ${(error as Error).message}\n`));
      stack(error);
      return EXIT.runtime;
    }
    const internal = error instanceof InternalError ? error : new InternalError(error);
    io.stderr(safe(`${t('error')}: ${t('internal.error', { message: internal.message, version: version ?? '?' })}\n`));
    io.stderr(safe(`${t('internal.report')}\n`));
    if (debug) io.stderr(safe(`${internal.original instanceof Error ? internal.original.stack : String(internal.original)}\n`));
    else io.stderr(safe(`${t('internal.debugHint')}\n`));
    return EXIT.runtime;
  }
}
