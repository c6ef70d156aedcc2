import { Option } from 'commander';
import { usageError } from '../errors.js';
import { parseDate } from '../core/dates.js';
import { parseRatio } from '../core/draw/ratio.js';
import { parseGradeRatios, type PlanDraft } from '../core/plan.js';

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

const KINDS = {
  year: [parseYear, 'flag.badYear'],
  date: [parseDay, 'flag.badDate'],
  ratio: [parseShare, 'flag.badRatio'],
  gradeRatios: [parseGradeShares, 'flag.badGradeRatios'],
  count: [parseCount, 'flag.badCount'],
  window: [parseWindow, 'flag.badWindow'],
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
