import { Option, type Command } from 'commander';
import { usageError } from '../errors.js';
import { parseDate } from '../core/dates.js';
import { parseRatio } from '../core/draw/ratio.js';
import { isWellFormed } from '../core/draw/order.js';
import { parseGradeRatios, type PlanDraft } from '../core/plan.js';
import { parseRejection, REASON_LABELS, REJECTION_REASONS, type RejectionRequest } from '../core/rejection.js';
import { parseParty, parseSeedPart, parseWitness } from '../core/ceremony.js';
import { textProblem } from '../core/draw/feasible.js';

/**
 * One parser per kind of value a flag takes, registered with commander (`Option.argParser`), so
 * that every flag of a kind accepts the same values and refuses a bad one with the same message,
 * naming the flag (exit 2, before any database is opened). A command receives the parsed value.
 */
export type Window = { start: string; end: string };

type Parse<T> = (text: string) => T | null | { bad: string };

/** A year of the plans the tool keeps: four digits, 2000–2100. */
export const parseYear: Parse<number> = (text) => {
  const s = text.trim();
  if (!/^\d{4}$/.test(s)) return null;
  const y = Number(s);
  return y >= 2000 && y <= 2100 ? y : null;
};

/** A day as spreadsheets and clerks write it (2022-05-10, 2022/5/10, 2022年5月10日 …), as ISO. */
export const parseDay: Parse<string> = (text) => parseDate(text);

/** A share of the population: 5%, 0.05, 5‰; in ppm. */
export const parseShare: Parse<number> = (text) => parseRatio(text);

/** Per-grade shares, A=3%,B=5%,C=10%,D=20%; a bad part is named. */
export const parseGradeShares: Parse<NonNullable<PlanDraft['gradePpm']>> = (text) => {
  const r = parseGradeRatios(text, parseRatio);
  return r.ok ? r.value : { bad: r.part };
};

/** 1, 2, 3 … (a count or a record's number). */
export const parseCount: Parse<number> = (text) => {
  const s = text.trim();
  if (!/^[1-9]\d*$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
};

/** An inspection window: 2022-04-01..2022-06-30 (also ~, 至, — or –). */
export const parseWindow: Parse<Window> = (text) => {
  const m = /^(\S+?)\s*(?:\.\.|~|至|—|–)\s*(\S+)$/.exec(text.trim());
  const start = m && parseDate(m[1]);
  const end = m && parseDate(m[2]);
  return start && end ? { start, end } : null;
};

/** Team sizes as written: `2` for every department, or `SCJG=3,SWJ=1` with each department once (the command checks the codes). */
export const parseTeamSizeText: Parse<string> = (text) => {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s) >= 1 && Number(s) <= 50 ? s : null;
  const seen = new Set<string>();
  const parts = s.split(/[,，]/).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    const m = /^([^=\s]+)\s*=\s*(\d+)$/.exec(part);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 50 || seen.has(m[1].toUpperCase())) return { bad: part };
    seen.add(m[1].toUpperCase());
  }
  return parts.length ? s : null;
};

/** A plan number: one token of 1–32 characters, no slash (a sheet is `PLAN/NUMBER`), no spaces or control characters. */
export const parsePlanNumber: Parse<string> = (text) => {
  const s = text.trim();
  return /^[^\s/\\\p{Cc}]{1,32}$/u.test(s) ? s : null;
};

/**
 * A name people give (a plan, a specialist, who approved): not blank, at most 60 characters, no
 * control characters, and not one short piece said over and over (啊啊啊啊啊…, 第一批第一批…).
 */
export const parseName: Parse<string> = (text) => {
  const s = text.trim();
  if (s === '' || [...s].length > 60 || /\p{Cc}/u.test(s)) return null;
  return /^(.{1,4}?)\1{4,}$/su.test(s) ? null : s;
};

/**
 * A seed as typed. Node decodes argv as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so
 * a seed holding U+FFFD (or a lone surrogate) is not the text the office published: refused here,
 * rather than drawn from a replacement character nobody typed. The draw's own seed rules (not
 * empty, no control character) are checked, and logged, by the draw itself.
 */
export const parseSeed: Parse<string> = (text) => (/\uFFFD/.test(text) || !isWellFormed(text) ? null : text);

const KINDS = {
  year: [parseYear, 'flag.badYear'],
  date: [parseDay, 'flag.badDate'],
  ratio: [parseShare, 'flag.badRatio'],
  gradeRatios: [parseGradeShares, 'flag.badGradeRatios'],
  count: [parseCount, 'flag.badCount'],
  window: [parseWindow, 'flag.badWindow'],
  teamSizes: [parseTeamSizeText, 'flag.badTeamSizes'],
  planNumber: [parsePlanNumber, 'flag.badPlanNumber'],
  name: [parseName, 'flag.badName'],
  seed: [parseSeed, 'flag.badSeed'],
  // issue 13 — review R13: a text the ceremony records and prints (the seed source), refused like a seed
  utf8Text: [parseSeed, 'flag.badUtf8'],
} as const;

export type FlagKind = keyof typeof KINDS;

/** Parses one flag's text as its kind, or throws the kind's usage error naming the flag. */
export function parseFlag<K extends FlagKind>(kind: K, flag: string, text: string) {
  const [parse, key] = KINDS[kind];
  const value = (parse as Parse<unknown>)(String(text));
  if (value === null) throw usageError(key, { flag, value: text });
  if (typeof value === 'object' && 'bad' in value) throw usageError(key, { flag, value: (value as { bad: string }).bad });
  return value as Exclude<ReturnType<(typeof KINDS)[K][0]>, null | { bad: string }>;
}

/** A commander option whose value is parsed as `kind`. */
export function valueOption(flags: string, description: string, kind: FlagKind): Option {
  const option = new Option(flags, description);
  const name = option.long ?? option.short ?? flags;
  return option.argParser((text: string) => parseFlag(kind, name, text));
}

/**
 * A positional argument of a kind (`calendar [year]`, `calendar due <date> N`): the same parser
 * and the same message as the flags, naming the argument as the usage line writes it.
 */
export function valueArgument(cmd: Command, index: number, kind: FlagKind): Command {
  const argument = cmd.registeredArguments[index];
  const name = argument.required ? `<${argument.name()}>` : `[${argument.name()}]`;
  argument.argParser((text: string) => parseFlag(kind, name, text));
  return cmd;
}

/**
 * `--reject SHEET=REASON[:NOTE]`, repeatable: each one parsed as it comes (a bad one is named with
 * what is wrong with it: the shape, the sheet number, a reason not in the list, 其他 with no note).
 */
export function rejectOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  const name = option.long ?? flags;
  return option.argParser((text: string, previous: RejectionRequest[] | undefined) => {
    const r = parseRejection(String(text));
    if (!r.ok) throw usageError(`reject.flag.${r.problem}`, { flag: name, value: text, part: r.part, reasons: reasonList() });
    return [...(previous ?? []), r.value];
  });
}

/** The reasons as a clerk may type them: label (code). */
const reasonList = () => REJECTION_REASONS.map((r) => `${REASON_LABELS[r]} (${r})`).join('、');

// issue 13 — the ceremony (H1): `--party NAME[=SHA256]`, `--seed-part NAME=VALUE`, `--witness NAME[:ROLE]`, each repeatable.
// A part's value is refused here, like a seed, when argv held bytes that are not UTF-8 (U+FFFD);
// whether the parts fit the declared parties is the draw's to check, and to log.
const CEREMONY_FLAGS = {
  party: [parseParty, 'flag.badParty'],
  seedPart: [(text: string) => (parseSeed(text) === null ? null : parseSeedPart(text)), 'flag.badSeedPart'],
  witness: [(text: string) => {
    const w = parseWitness(text);
    return w && textProblem(w.name) === null && (w.role === '' || textProblem(w.role) === null) ? w : null;
  }, 'flag.badWitness'],
} as const;

/** A repeatable ceremony flag: each value parsed as it comes, the values collected in order. */
export function ceremonyOption(flags: string, description: string, kind: keyof typeof CEREMONY_FLAGS): Option {
  const option = new Option(flags, description);
  const name = option.long ?? flags;
  const [parse, key] = CEREMONY_FLAGS[kind];
  return option.argParser((text: string, previous: unknown[] | undefined) => {
    // a party's or witness's name printed on the public notices must be what was typed, not U+FFFD
    // (a part's value has its own message, saying it is part of the seed)
    if (kind !== 'seedPart' && parseSeed(String(text)) === null) throw usageError('flag.badUtf8', { flag: name, value: text });
    const value = (parse as (t: string) => unknown)(String(text));
    if (value === null) throw usageError(key, { flag: name, value: text });
    return [...(previous ?? []), value];
  });
}
