import { CommanderError } from 'commander';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pickLang, translator, type Lang, type Translate } from './i18n/index.js';
import { buildProgram } from './cli/program.js';
import type { Context } from './cli/context.js';
import { colorWanted } from './cli/color.js';
import type { CommandFn } from './cli/result.js';
import { DrawError, EXIT } from './errors.js';

/** The entry: decides the context, runs one command, and is the only place that sets the exit code. */

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

function makeContext(lang: Lang, t: Translate, opts: Record<string, any>): Context {
  const env = process.env;
  return {
    lang,
    t,
    dbPath: opts.db ?? env.DRAW_DB ?? 'draw.db',
    journal: (opts.journal ?? env.DRAW_JOURNAL ?? 'wal') === 'delete' ? 'delete' : 'wal',
    json: Boolean(opts.json),
    color: colorWanted(opts.color, env, Boolean(process.stdout.isTTY)),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && opts.input !== false && !env.CI,
    operator: opts.operator ?? env.DRAW_OPERATOR ?? operatorName(),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
    packageRoot: fileURLToPath(new URL('..', import.meta.url)),
  };
}

function describe(t: Translate, error: DrawError): string {
  const message = t(error.key, error.params);
  return error.hintKey ? `${message}\n${t('hint')}: ${t(error.hintKey, error.params)}` : message;
}

async function main(argv: string[]): Promise<number> {
  const lang = pickLang(flagValue(argv, '--lang'), process.env.DRAW_LANG);
  const t = translator(lang);
  let exitCode: number = EXIT.ok;
  let ctx: Context | undefined;

  const program = buildProgram(t, async (modulePath, args, opts) => {
    ctx = makeContext(lang, t, opts);
    const mod = (await import(new URL(`./cli/${modulePath.replace('./', '')}`, import.meta.url).href)) as { run: CommandFn };
    const result = await mod.run(args, opts, ctx);
    if (ctx.json && !result.streamed) ctx.out(JSON.stringify(result.data, null, 2));
    else result.render?.(ctx);
    exitCode = result.exitCode ?? EXIT.ok;
    return result;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof DrawError) {
      process.stderr.write(`${t('error')}: ${describe(t, error)}\n`);
      return error.exitCode;
    }
    if (isCancel(error)) {
      process.stderr.write(`${t('cancelled')}\n`);
      return EXIT.cancelled;
    }
    // A busy, read-only or full database, a disk that will not take a file: say so, with what to do.
    const storage = (await import('./store/db.js')).storageError(error, ctx?.dbPath ?? '');
    if (storage) {
      process.stderr.write(`${t('error')}: ${describe(t, storage)}\n`);
      if (process.env.DRAW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      return storage.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${t('error')}: ${message}\n`);
    if (process.env.DRAW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.runtime;
  }
}

function isCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

// A reader that stops early (`draw list subjects --json | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

process.on('SIGINT', () => {
  process.stderr.write('\n');
  process.exit(EXIT.cancelled);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
