/**
 * The working-day calendar (工作日): weekends, the State Council's public holidays and the
 * make-up working days (调休) that each year's notice sets.
 *
 * Pure: no fs, no process, no clock. Dates are ISO `YYYY-MM-DD` strings of the proleptic
 * Gregorian calendar, years 0001 to 9999. Internally a date is a day number (days since
 * 1970-01-01), computed with integer arithmetic only, so time zones never enter.
 *
 * The rule: a date is a working day when it has a `workday` row, or when it has no `holiday`
 * row and falls Monday to Friday.
 *
 * Coverage: a year Y is *covered* when the State Council notice for Y is loaded. A notice can
 * reach back into the previous December (the 2019 notice gives 2018-12-29..31, the 2023 notice
 * gives 2022-12-31), so days from {@link LATE_DECEMBER_FIRST_DAY} December onward belong to the
 * NEXT year's notice (see {@link noticeYear}). A deadline is *provisional* when it examines a day
 * whose notice year is not covered, because importing that notice may move it.
 */

export type DayKind = 'holiday' | 'workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string;
}

export interface MonthDay {
  date: string;
  working: boolean;
  /** Present only when the date has a row in the calendar data. */
  kind?: DayKind;
  /** Present only when the date has a row in the calendar data. */
  name?: string;
}

export interface WorkingDaysResult {
  /** The n-th working day after `from` (or `from` itself when n = 0). */
  date: string;
  /** True when some day examined belongs to a notice year that is not covered. */
  provisional: boolean;
  /** Those notice years, ascending, without duplicates; empty when not provisional. */
  uncoveredYears: number[];
}

/** Why a calendar row was rejected: lets the CLI word the message in the user's language. */
export type CalendarDataProblem = 'header' | 'columns' | 'date' | 'kind' | 'name' | 'duplicate';

/**
 * Bad calendar data: a malformed CSV row, or a day list that is not a valid calendar.
 * `line` is the 1-based physical line of the CSV text (the header is line 1); it is undefined
 * when the error comes from the constructor rather than from {@link WorkCalendar.parseCsv}.
 */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
  readonly code = 'CALENDAR_DATA' as const;
  readonly problem: CalendarDataProblem;
  readonly line: number | undefined;
  readonly field: 'date' | 'kind' | 'name' | undefined;
  readonly value: string | undefined;

  constructor(
    message: string,
    details: {
      problem: CalendarDataProblem;
      line?: number;
      field?: 'date' | 'kind' | 'name';
      value?: string;
    },
  ) {
    super(details.line === undefined ? message : `line ${details.line}: ${message}`);
    this.problem = details.problem;
    this.line = details.line;
    this.field = details.field;
    this.value = details.value;
  }
}

/**
 * Days of December from which a date counts towards the next year's notice. The New Year
 * (元旦) break and its make-up day can only reach into the last week of December.
 */
export const LATE_DECEMBER_FIRST_DAY = 24;

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const CSV_HEADER = ['date', 'kind', 'name'] as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Integer date arithmetic (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const MAX_DAY = daysFromCivil(MAX_YEAR, 12, 31);

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
function weekdayOfDayNumber(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDayNumber(z: number): string {
  const [y, m, d] = civilFromDays(z);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parse a valid ISO date, or return undefined. */
function parseIso(s: string): { y: number; m: number; d: number } | undefined {
  const match = ISO_DATE.exec(s);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return undefined;
  }
  return { y, m, d };
}

function dayNumberOrThrow(date: string, what: string): number {
  const p = typeof date === 'string' ? parseIso(date) : undefined;
  if (!p) throw new RangeError(`${what}: not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return daysFromCivil(p.y, p.m, p.d);
}

function isLateDecember(m: number, d: number): boolean {
  return m === 12 && d >= LATE_DECEMBER_FIRST_DAY;
}

function noticeYearOfCivil(y: number, m: number, d: number): number {
  return isLateDecember(m, d) ? y + 1 : y;
}

// ---------------------------------------------------------------------------------------------
// Public helpers

/**
 * True for a real calendar date written exactly `YYYY-MM-DD`, years 0001–9999:
 * rejects 2022-02-30 and 2023-02-29, accepts 2024-02-29; no time part, no other separators.
 */
export function isValidIsoDate(s: string): boolean {
  return typeof s === 'string' && parseIso(s) !== undefined;
}

/** Day of the week, 0 = Sunday … 6 = Saturday. Throws RangeError on an invalid date. */
export function weekday(date: string): number {
  return weekdayOfDayNumber(dayNumberOrThrow(date, 'weekday'));
}

/**
 * The year whose State Council notice governs `date`: the date's own year, except that days
 * from {@link LATE_DECEMBER_FIRST_DAY} December onward belong to the next year's notice
 * (its New Year break). Throws RangeError on an invalid date.
 */
export function noticeYear(date: string): number {
  const p = parseIso(date);
  if (!p) throw new RangeError(`noticeYear: not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return noticeYearOfCivil(p.y, p.m, p.d);
}

/**
 * The years whose notice `days` holds. Y is covered when some row is dated in Y outside Y's own
 * late December: rows from late December belong to the next year's notice, and that notice
 * always has rows in its own year too (1 January is always a holiday). For the shipped data
 * this gives 2019–2026 (2018 only has 2018-12-29..31, which come from the 2019 notice).
 */
export function deriveCoveredYears(days: readonly CalendarDay[]): number[] {
  const years = new Set<number>();
  for (const day of days) {
    const p = parseIso(day.date);
    if (p && !isLateDecember(p.m, p.d)) years.add(p.y);
  }
  return [...years].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// CSV (the data/cn-holidays.csv format)

/** Split one CSV line into fields (RFC 4180 quoting, no line breaks inside fields). */
function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return undefined; // unterminated quote
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < line.length && line[i] !== ',') return undefined; // text after closing quote
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      field = line.slice(i, end);
      if (field.includes('"')) return undefined;
      i = end;
    }
    fields.push(field.trim());
    if (i >= line.length) return fields;
    i++; // skip the comma
  }
}

// ---------------------------------------------------------------------------------------------

export class WorkCalendar {
  private readonly byDay = new Map<number, CalendarDay>();
  private readonly covered: ReadonlySet<number>;

  /**
   * @param days the holiday and make-up rows, in any order; each date at most once.
   * @param coveredYears the years whose notice is loaded (see {@link deriveCoveredYears}).
   * @throws CalendarDataError on an invalid date, an unknown kind or a duplicate date;
   *         RangeError on a covered year that is not an integer 1–9999.
   */
  constructor(days: readonly CalendarDay[], coveredYears: readonly number[]) {
    for (const day of days) {
      const p = parseIso(day.date);
      if (!p) {
        throw new CalendarDataError(`not a valid YYYY-MM-DD date: ${JSON.stringify(day.date)}`, {
          problem: 'date',
          field: 'date',
          value: String(day.date),
        });
      }
      if (day.kind !== 'holiday' && day.kind !== 'workday') {
        throw new CalendarDataError(
          `${day.date}: kind must be "holiday" or "workday", not ${JSON.stringify(day.kind)}`,
          { problem: 'kind', field: 'kind', value: String(day.kind) },
        );
      }
      const z = daysFromCivil(p.y, p.m, p.d);
      if (this.byDay.has(z)) {
        throw new CalendarDataError(`${day.date} appears more than once`, {
          problem: 'duplicate',
          field: 'date',
          value: day.date,
        });
      }
      this.byDay.set(z, Object.freeze({ date: day.date, kind: day.kind, name: String(day.name) }));
    }
    for (const y of coveredYears) {
      if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR) {
        throw new RangeError(`covered year must be an integer 1–9999, not ${String(y)}`);
      }
    }
    this.covered = new Set(coveredYears);
  }

  /** A calendar from cn-holidays.csv text, with coverage derived by {@link deriveCoveredYears}. */
  static fromCsv(text: string): WorkCalendar {
    const days = WorkCalendar.parseCsv(text);
    return new WorkCalendar(days, deriveCoveredYears(days));
  }

  /**
   * Parse the cn-holidays.csv format: header `date,kind,name`, then one row per date.
   * Accepts a UTF-8 BOM, CRLF line ends, blank lines (skipped), RFC 4180 quoted fields and
   * spaces around fields. Dates must be ISO `YYYY-MM-DD` (no Excel forms), kind `holiday` or
   * `workday`, name non-empty, and no date may appear twice.
   * @throws CalendarDataError whose `line` is the 1-based line number (the header is line 1).
   */
  static parseCsv(text: string): CalendarDay[] {
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    const days: CalendarDay[] = [];
    const firstLine = new Map<string, number>();
    let sawHeader = false;

    lines.forEach((raw, index) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const lineNo = index + 1;
      if (line.trim() === '') return;
      const fields = splitCsvLine(line);
      if (!sawHeader) {
        if (
          !fields ||
          fields.length !== CSV_HEADER.length ||
          fields.some((f, i) => f.toLowerCase() !== CSV_HEADER[i])
        ) {
          throw new CalendarDataError(`expected the header "date,kind,name", found ${JSON.stringify(line)}`, {
            problem: 'header',
            line: lineNo,
          });
        }
        sawHeader = true;
        return;
      }
      if (!fields || fields.length !== 3) {
        throw new CalendarDataError(
          `expected 3 fields (date,kind,name), found ${fields ? fields.length : 'malformed quoting'}`,
          { problem: 'columns', line: lineNo },
        );
      }
      const [date, kind, name] = fields as [string, string, string];
      if (!isValidIsoDate(date)) {
        throw new CalendarDataError(`not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`, {
          problem: 'date',
          line: lineNo,
          field: 'date',
          value: date,
        });
      }
      if (kind !== 'holiday' && kind !== 'workday') {
        throw new CalendarDataError(`kind must be "holiday" or "workday", not ${JSON.stringify(kind)}`, {
          problem: 'kind',
          line: lineNo,
          field: 'kind',
          value: kind,
        });
      }
      if (name === '') {
        throw new CalendarDataError('name is empty', { problem: 'name', line: lineNo, field: 'name', value: name });
      }
      const earlier = firstLine.get(date);
      if (earlier !== undefined) {
        throw new CalendarDataError(`${date} already appears on line ${earlier}`, {
          problem: 'duplicate',
          line: lineNo,
          field: 'date',
          value: date,
        });
      }
      firstLine.set(date, lineNo);
      days.push({ date, kind, name });
    });

    if (!sawHeader) {
      throw new CalendarDataError('empty calendar file: expected the header "date,kind,name"', {
        problem: 'header',
        line: 1,
      });
    }
    return days;
  }

  /** A `workday` row, or no `holiday` row and Monday–Friday. Throws RangeError on a bad date. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumberOrThrow(date, 'isWorkingDay'));
  }

  /**
   * The n-th working day after `from`. Counting starts the day after `from`, whatever `from`
   * is: addWorkingDays('2022-01-28', 1) is the make-up Saturday 2022-01-29.
   *
   * n = 0 returns `from` itself, even when `from` is not a working day, and examines no day
   * (so it is never provisional). This keeps `workingDaysBetween(from, r.date) === n` for
   * every n, and an n-day deadline is the last day to act in time.
   *
   * @throws RangeError when `from` is not a valid date, n is not a non-negative safe integer,
   *         or the result would fall after 9999-12-31.
   */
  addWorkingDays(from: string, n: number): WorkingDaysResult {
    let z = dayNumberOrThrow(from, 'addWorkingDays');
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`addWorkingDays: n must be a non-negative integer, not ${String(n)}`);
    }
    const uncovered = new Set<number>();
    let remaining = n;
    while (remaining > 0) {
      z += 1;
      if (z > MAX_DAY) throw new RangeError(`addWorkingDays: ${n} working days after ${from} is after 9999-12-31`);
      const [y, m, d] = civilFromDays(z);
      const ny = noticeYearOfCivil(y, m, d);
      if (!this.covered.has(ny)) uncovered.add(ny);
      if (this.isWorkingDayNumber(z)) remaining -= 1;
    }
    const uncoveredYears = [...uncovered].sort((a, b) => a - b);
    return { date: formatDayNumber(z), provisional: uncoveredYears.length > 0, uncoveredYears };
  }

  /**
   * Working days after `from` up to and including `to`; 0 when `to` <= `from`. For "how late":
   * done on `to`, due on `from` → this many working days late.
   * @throws RangeError on an invalid date.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumberOrThrow(from, 'workingDaysBetween');
    const b = dayNumberOrThrow(to, 'workingDaysBetween');
    let count = 0;
    for (let z = a + 1; z <= b; z++) {
      if (this.isWorkingDayNumber(z)) count += 1;
    }
    return count;
  }

  /**
   * Every day of a month, in order, for a month grid. `kind` and `name` are present only on
   * days with a row. @throws RangeError unless year is 1–9999 and month 1–12 (integers).
   */
  month(year: number, month: number): MonthDay[] {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(`month: year must be an integer 1–9999, not ${String(year)}`);
    }
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      throw new RangeError(`month: month must be an integer 1–12, not ${String(month)}`);
    }
    const first = daysFromCivil(year, month, 1);
    const out: MonthDay[] = [];
    for (let i = 0; i < daysInMonth(year, month); i++) {
      const z = first + i;
      const row = this.byDay.get(z);
      const day: MonthDay = { date: formatDayNumber(z), working: this.isWorkingDayNumber(z) };
      if (row) {
        day.kind = row.kind;
        day.name = row.name;
      }
      out.push(day);
    }
    return out;
  }

  /** The covered (notice) years, ascending. */
  coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  /** The row for a date, if any. @throws RangeError on an invalid date. */
  dayInfo(date: string): CalendarDay | undefined {
    const row = this.byDay.get(dayNumberOrThrow(date, 'dayInfo'));
    return row ? { ...row } : undefined;
  }

  private isWorkingDayNumber(z: number): boolean {
    const row = this.byDay.get(z);
    if (row) return row.kind === 'workday';
    const wd = weekdayOfDayNumber(z);
    return wd >= 1 && wd <= 5;
  }
}
