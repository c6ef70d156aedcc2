import { Help, type Argument, type Command, type HelpConfiguration, type Option, type OutputConfiguration } from 'commander';
import type { Translate } from '../../i18n/index.js';
import { displayWidth, fitLines, wrap } from './width.js';

/**
 * Commander in the user's language: the help layout (titles, usage words, choices and
 * defaults) and its usage errors, with help wrapped by display width. Commander writes these
 * texts in English inside its own code, so the help hooks are overridden and the errors are
 * recognised by their fixed English shape (test/cli-locale.test.ts holds each shape to a
 * translation, so a commander upgrade that rewords one fails there, not in front of a clerk).
 */

const TITLES: Record<string, string> = {
  'Usage:': 'cli.usage',
  'Arguments:': 'cli.arguments',
  'Options:': 'cli.options',
  'Global Options:': 'cli.globalOptions',
  'Commands:': 'cli.commands',
};

/** Help text settings for program.configureHelp(); subcommands inherit them. */
export function localHelp(t: Translate, columns: number | undefined): HelpConfiguration {
  const words = (text: string) => text.replace(/\[options\]/g, t('cli.usageOptions')).replace(/\[command\]/g, t('cli.usageCommand'));
  const extras = (description: string, choices: readonly string[] | undefined, shown: string | undefined) => {
    const items: string[] = [];
    if (choices) items.push(t('cli.choices', { choices: choices.join(t('cli.choiceSep')) }));
    if (shown !== undefined) items.push(t('cli.default', { value: shown }));
    return items.length ? `${description}${t('cli.extra', { items: items.join(t('cli.extraSep')) })}` : description;
  };
  const shownDefault = (value: unknown, description: string | undefined) =>
    value === undefined ? undefined : description ?? (typeof value === 'string' ? value : JSON.stringify(value));
  return {
    // On a terminal commander passes its width; on a pipe COLUMNS (as a shell sets it), else 80.
    prepareContext(this: Help, context: { error?: boolean; helpWidth?: number; outputHasColors?: boolean }) {
      Help.prototype.prepareContext.call(this, { ...context, helpWidth: context.helpWidth ?? columns });
    },
    displayWidth: (text: string) => displayWidth(text),
    boxWrap(this: Help, text: string, width: number) {
      return width < this.minWidthToWrap ? text : wrap(text, width);
    },
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
    commandUsage(this: Help, cmd: Command) { return words(Help.prototype.commandUsage.call(this, cmd)); },
    subcommandTerm(this: Help, cmd: Command) { return words(Help.prototype.subcommandTerm.call(this, cmd)); },
    optionDescription(option: Option) {
      // As commander decides: a default shows for options that take a value, not for flags.
      const showsDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
      return extras(option.description, option.argChoices, showsDefault ? shownDefault(option.defaultValue, option.defaultValueDescription) : undefined);
    },
    argumentDescription: (argument: Argument) =>
      extras(argument.description, argument.argChoices, shownDefault(argument.defaultValue, argument.defaultValueDescription)),
  };
}

type Rule = [RegExp, (t: Translate, m: string[]) => string];

const suggestion = (t: Translate, one: string | undefined, similar: string | undefined) =>
  similar === undefined ? '' : `\n${t(one ? 'cli.didYouMeanOne' : 'cli.didYouMean', { similar: similar.split(', ').join(t('cli.choiceSep')) })}`;

/** The reason after an invalid value: commander's own for choices, a value parser's as it is. */
const reason = (t: Translate, text: string) => {
  const choices = /^Allowed choices are (.+)\.$/.exec(text);
  return choices ? t('cli.allowedChoices', { choices: choices[1].split(', ').join(t('cli.choiceSep')) }) : text;
};

// Commander's messages (lib/command.js), without the "error: " it puts first.
const RULES: Rule[] = [
  [/^unknown option '(.+?)'(?:\n\(Did you mean (one of )?(.+)\?\))?$/s, (t, m) => t('cli.unknownOption', { flag: m[1] }) + suggestion(t, m[2], m[3])],
  [/^unknown command '(.+?)'(?:\n\(Did you mean (one of )?(.+)\?\))?$/s, (t, m) => t('cli.unknownCommand', { name: m[1] }) + suggestion(t, m[2], m[3])],
  [/^required option '(.+)' not specified$/, (t, m) => t('cli.missingOption', { flags: m[1] })],
  [/^missing required argument '(.+)'$/, (t, m) => t('cli.missingArgument', { name: m[1] })],
  [/^option '(.+)' argument missing$/, (t, m) => t('cli.optionMissingValue', { flags: m[1] })],
  [/^too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\.$/, (t, m) => t('cli.excessArgumentsFor', { command: m[1], expected: m[2], got: m[3] })],
  [/^too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/, (t, m) => t('cli.excessArguments', { expected: m[1], got: m[2] })],
  [/^option '(.+?)' argument '(.*)' is invalid\. (.*)$/s, (t, m) => t('cli.invalidOption', { flags: m[1], value: m[2], reason: reason(t, m[3]) })],
  [/^command-argument value '(.*)' is invalid for argument '(.+?)'\. (.*)$/s, (t, m) => t('cli.invalidArgument', { value: m[1], name: m[2], reason: reason(t, m[3]) })],
];

/** One of commander's error messages in the user's language; one it does not know stays as it is. */
export function localizeError(t: Translate, message: string): string {
  const text = message.replace(/^error: /, '').replace(/\n$/, '');
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(text);
    if (m) return render(t, m);
  }
  return text;
}

/**
 * The console one run writes to, as the entry (src/cli/entry.ts) has it from its io: its writers,
 * the terminal's width of each stream that is a terminal, and COLUMNS from its environment.
 */
export interface HelpConsole {
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
  outColumns: number | undefined;
  errColumns: number | undefined;
  columns: number | undefined;
}

/**
 * Output settings for program.configureOutput(): errors to stderr, localized, after "错误:";
 * help to stdout, with the examples commander prints as given also made to fit the console.
 * Commander would otherwise look at process.stdout and process.env itself: here it asks the
 * console, so a run in-process words and wraps exactly as the real process does.
 */
export function localOutput(t: Translate, console: HelpConsole): OutputConfiguration {
  const width = console.outColumns ?? console.columns ?? 80;
  return {
    writeOut: (s) => console.writeOut(fitLines(s, width)),
    writeErr: (s) => console.writeErr(s),
    outputError: (s, write) => write(`${t('error')}: ${localizeError(t, s)}\n`),
    // The terminal's width, else COLUMNS (as a shell sets it on a pipe), else 80.
    getOutHelpWidth: () => width,
    getErrHelpWidth: () => console.errColumns ?? console.columns ?? 80,
    // Help and usage errors are never coloured, on a terminal or not.
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
}

/** COLUMNS from the environment when it is a sensible width. */
export function columnsFrom(env: Record<string, string | undefined>): number | undefined {
  const n = Number(env.COLUMNS);
  return Number.isInteger(n) && n >= 20 && n <= 1000 ? n : undefined;
}
