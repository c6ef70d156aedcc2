import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CalendarDataError,
  WorkCalendar,
  deriveCoveredYears,
  isValidIsoDate,
  noticeYear,
  weekday,
} from '../src/core/calendar.js';

// The shipped data file, exactly as the CLI reads it.
const csvText = readFileSync(new URL('../data/cn-holidays.csv', import.meta.url), 'utf8');
const days = WorkCalendar.parseCsv(csvText);
const cal = new WorkCalendar(days, deriveCoveredYears(days));

/** Test-side oracle for date shifting, independent of the implementation's integer arithmetic. */
function shift(date: string, by: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + by)).toISOString().slice(0, 10);
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

// Expected dates below were worked out by hand from the CSV rows and a wall calendar:
// 2022-01-01 was a Saturday, so 2022-01-28 and 2022-09-30 were Fridays, 2022-10-08 a Saturday.

describe('the shipped data file', () => {
  it('has the rows and coverage the data README describes', () => {
    expect(days).toHaveLength(286);
    expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(232);
    expect(days.filter((d) => d.kind === 'workday')).toHaveLength(54);
    expect(days[0]).toEqual({ date: '2018-12-29', kind: 'workday', name: '元旦' });
    expect(days.at(-1)).toEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节' });
    expect(cal.coveredYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(WorkCalendar.fromCsv(csvText).coveredYears()).toEqual(cal.coveredYears());
  });

  it('gives the working days per year counted independently from the rows', () => {
    // Counted with a shell loop over `date` and the CSV, not with this module.
    const expected: Record<number, number> = {
      2019: 250, 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248,
    };
    for (const [year, count] of Object.entries(expected)) {
      expect(cal.workingDaysBetween(`${Number(year) - 1}-12-31`, `${year}-12-31`), year).toBe(count);
    }
  });

  it('has exactly one workday row on a weekday: 2020-02-03', () => {
    const weekdayWorkdays = days.filter((d) => d.kind === 'workday' && weekday(d.date) >= 1 && weekday(d.date) <= 5);
    expect(weekdayWorkdays.map((d) => d.date)).toEqual(['2020-02-03']);
  });
});

describe('2022 Spring Festival (holiday 01-31..02-06, make-up days Sat 01-29 and Sun 01-30)', () => {
  it('classifies the days', () => {
    expect(cal.isWorkingDay('2022-01-28')).toBe(true); // Friday
    expect(cal.isWorkingDay('2022-01-29')).toBe(true); // Saturday, 调休
    expect(cal.isWorkingDay('2022-01-30')).toBe(true); // Sunday, 调休
    expect(cal.isWorkingDay('2022-01-31')).toBe(false);
    for (const d of ['01', '02', '03', '04', '05', '06']) expect(cal.isWorkingDay(`2022-02-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2022-02-07')).toBe(true); // Monday
  });

  it('counts deadlines from Friday 2022-01-28', () => {
    // Counting starts the day after: the make-up Saturday is the first working day.
    expect(cal.addWorkingDays('2022-01-28', 1)).toEqual({ date: '2022-01-29', provisional: false, uncoveredYears: [] });
    expect(cal.addWorkingDays('2022-01-28', 2).date).toBe('2022-01-30');
    expect(cal.addWorkingDays('2022-01-28', 3).date).toBe('2022-02-07');
    // 01-29, 01-30, 02-07, 02-08, 02-09
    expect(cal.addWorkingDays('2022-01-28', 5).date).toBe('2022-02-09');
    // 01-29, 01-30, Feb 7–11 (7), Feb 14–18 (12), Feb 21–25 (17), Feb 28, Mar 1, Mar 2
    expect(cal.addWorkingDays('2022-01-28', 20)).toEqual({ date: '2022-03-02', provisional: false, uncoveredYears: [] });
  });

  it('counts from inside the break', () => {
    expect(cal.addWorkingDays('2022-02-03', 1).date).toBe('2022-02-07');
    expect(cal.addWorkingDays('2022-01-30', 1).date).toBe('2022-02-07');
  });

  it('counts working days late', () => {
    expect(cal.workingDaysBetween('2022-01-28', '2022-02-09')).toBe(5);
    expect(cal.workingDaysBetween('2022-01-28', '2022-03-02')).toBe(20);
    expect(cal.workingDaysBetween('2022-01-30', '2022-02-06')).toBe(0); // the whole break
    expect(cal.workingDaysBetween('2022-01-30', '2022-02-07')).toBe(1);
    // due Wed 02-09, done Mon 02-14: 02-10, 02-11, 02-14
    expect(cal.workingDaysBetween('2022-02-09', '2022-02-14')).toBe(3);
  });
});

describe('2022 National Day (holiday 10-01..10-07, make-up days Sat 10-08 and Sun 10-09)', () => {
  it('classifies the days', () => {
    expect(cal.isWorkingDay('2022-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(`2022-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2022-10-08')).toBe(true);
    expect(cal.isWorkingDay('2022-10-09')).toBe(true);
    expect(cal.isWorkingDay('2022-10-10')).toBe(true);
    expect(cal.isWorkingDay('2022-10-15')).toBe(false); // an ordinary Saturday
  });

  it('counts deadlines from Friday 2022-09-30', () => {
    expect(cal.addWorkingDays('2022-09-30', 1).date).toBe('2022-10-08');
    // 10-08, 10-09, 10-10, 10-11, 10-12
    expect(cal.addWorkingDays('2022-09-30', 5).date).toBe('2022-10-12');
    // 10-08, 10-09, Oct 10–14 (7), Oct 17–21 (12), Oct 24–28 (17), Oct 31, Nov 1, Nov 2
    expect(cal.addWorkingDays('2022-09-30', 20).date).toBe('2022-11-02');
    expect(cal.addWorkingDays('2022-09-29', 1).date).toBe('2022-09-30');
    expect(cal.addWorkingDays('2022-09-29', 2).date).toBe('2022-10-08');
  });

  it('counts deadlines from the make-up Saturday 2022-10-08', () => {
    expect(cal.addWorkingDays('2022-10-08', 1).date).toBe('2022-10-09');
    // 10-09, 10-10, 10-11, 10-12, 10-13
    expect(cal.addWorkingDays('2022-10-08', 5).date).toBe('2022-10-13');
    // 10-09, Oct 10–14 (6), Oct 17–21 (11), Oct 24–28 (16), Oct 31, Nov 1, Nov 2, Nov 3
    expect(cal.addWorkingDays('2022-10-08', 20).date).toBe('2022-11-03');
  });

  it('counts working days between', () => {
    expect(cal.workingDaysBetween('2022-09-30', '2022-10-12')).toBe(5);
    expect(cal.workingDaysBetween('2022-09-30', '2022-11-02')).toBe(20);
    expect(cal.workingDaysBetween('2022-10-08', '2022-11-03')).toBe(20);
  });
});

describe('ordinary weeks and other cases', () => {
  it('skips a weekend that has no row', () => {
    // 2022-03-04 Friday, 03-05 Saturday, 03-06 Sunday, 03-07 Monday; no rows for these days
    expect(cal.dayInfo('2022-03-05')).toBeUndefined();
    expect(cal.isWorkingDay('2022-03-05')).toBe(false);
    expect(cal.isWorkingDay('2022-03-06')).toBe(false);
    expect(cal.addWorkingDays('2022-03-04', 1).date).toBe('2022-03-07');
    expect(cal.workingDaysBetween('2022-03-04', '2022-03-06')).toBe(0);
    expect(cal.workingDaysBetween('2022-03-04', '2022-03-07')).toBe(1);
  });

  it('counts across the 2022 New Year holiday (Sat 01-01 to Mon 01-03)', () => {
    expect(cal.addWorkingDays('2022-01-01', 1).date).toBe('2022-01-04');
    expect(cal.addWorkingDays('2021-12-31', 1).date).toBe('2022-01-04');
  });

  it('handles the 2019 notice reaching into December 2018', () => {
    // 2018-12-29 (Saturday) is a make-up day from the 2019 notice; 12-30, 12-31, 01-01 are off
    expect(cal.addWorkingDays('2018-12-28', 1)).toEqual({ date: '2018-12-29', provisional: false, uncoveredYears: [] });
    expect(cal.addWorkingDays('2018-12-28', 2)).toEqual({ date: '2019-01-02', provisional: false, uncoveredYears: [] });
  });

  it('handles 2020-02-03, the day work resumed after the COVID-19 extension', () => {
    expect(weekday('2020-02-03')).toBe(1);
    expect(cal.dayInfo('2020-02-03')).toEqual({ date: '2020-02-03', kind: 'workday', name: '春节' });
    expect(cal.isWorkingDay('2020-02-03')).toBe(true);
    // the original make-up Saturday 2020-02-01 was taken back: now a holiday
    expect(cal.dayInfo('2020-02-01')?.kind).toBe('holiday');
    expect(cal.isWorkingDay('2020-02-01')).toBe(false);
    expect(cal.isWorkingDay('2020-01-31')).toBe(false); // Friday, extended holiday
    // from Friday 2020-01-17: Sun 01-19 (调休), 01-20..01-23, then the break 01-24..02-02
    expect(cal.addWorkingDays('2020-01-17', 1).date).toBe('2020-01-19');
    expect(cal.addWorkingDays('2020-01-17', 5).date).toBe('2020-01-23');
    expect(cal.addWorkingDays('2020-01-17', 6).date).toBe('2020-02-03');
    expect(cal.addWorkingDays('2020-01-23', 1).date).toBe('2020-02-03');
    expect(cal.workingDaysBetween('2020-01-23', '2020-02-03')).toBe(1);
  });

  it('n = 0 returns `from` itself, working day or not, and examines no day', () => {
    expect(cal.addWorkingDays('2022-01-28', 0)).toEqual({ date: '2022-01-28', provisional: false, uncoveredYears: [] });
    expect(cal.addWorkingDays('2022-02-01', 0)).toEqual({ date: '2022-02-01', provisional: false, uncoveredYears: [] });
    expect(cal.addWorkingDays('2027-03-01', 0)).toEqual({ date: '2027-03-01', provisional: false, uncoveredYears: [] });
  });

  it('rejects a bad n or a bad date', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => cal.addWorkingDays('2022-01-28', n), String(n)).toThrow(RangeError);
    }
    expect(() => cal.addWorkingDays('2022-02-30', 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2022/01/28')).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('2022-01-28', '2022-13-01')).toThrow(RangeError);
  });

  it('workingDaysBetween is 0 when to <= from', () => {
    expect(cal.workingDaysBetween('2022-02-09', '2022-02-09')).toBe(0);
    expect(cal.workingDaysBetween('2022-02-09', '2022-01-28')).toBe(0);
  });
});

describe('uncovered years', () => {
  // 2026-12-31 is a Thursday, 2027-01-01 a Friday; 2027 has no notice in the data.
  it('marks a deadline running into 2027 provisional and names 2027', () => {
    const r = cal.addWorkingDays('2026-12-30', 2);
    expect(r).toEqual({ date: '2027-01-01', provisional: true, uncoveredYears: [2027] });
    // from Tue 12-15: Dec 16–18 (3), Dec 21–25 (8), Dec 28–31 (12), Fri Jan 1 (13), Jan 4–8 (18), Jan 11, Jan 12
    expect(cal.addWorkingDays('2026-12-15', 20)).toEqual({ date: '2027-01-12', provisional: true, uncoveredYears: [2027] });
    expect(cal.workingDaysBetween('2026-12-15', '2027-01-12')).toBe(20);
  });

  it('treats the last days of December as belonging to the next notice', () => {
    expect(cal.addWorkingDays('2026-12-22', 1)).toEqual({ date: '2026-12-23', provisional: false, uncoveredYears: [] });
    // 2026-12-24 may still become a make-up day or a holiday under the 2027 notice
    expect(cal.addWorkingDays('2026-12-22', 2)).toEqual({ date: '2026-12-24', provisional: true, uncoveredYears: [2027] });
  });

  it('names every uncovered year examined, before and after the data', () => {
    // Friday 2018-06-01 → Monday 2018-06-04; the 2018 notice is not loaded
    expect(cal.addWorkingDays('2018-06-01', 1)).toEqual({ date: '2018-06-04', provisional: true, uncoveredYears: [2018] });
    const long = cal.addWorkingDays('2026-12-30', 300);
    expect(long.provisional).toBe(true);
    expect(long.uncoveredYears).toEqual([2027, 2028]);
    expect(long.date.startsWith('2028-')).toBe(true);
  });

  it('follows the coverage given to the constructor', () => {
    const partial = new WorkCalendar(days, [2022]);
    expect(partial.coveredYears()).toEqual([2022]);
    expect(partial.addWorkingDays('2022-01-28', 5)).toEqual({ date: '2022-02-09', provisional: false, uncoveredYears: [] });
    // 2022-12-31 is a Saturday: Thu 12-22, Fri 12-23, then from 12-24 the 2023 notice governs
    expect(partial.addWorkingDays('2022-12-21', 2)).toEqual({ date: '2022-12-23', provisional: false, uncoveredYears: [] });
    expect(partial.addWorkingDays('2022-12-22', 2)).toEqual({ date: '2022-12-26', provisional: true, uncoveredYears: [2023] });
    // 12-31 (holiday, from the 2023 notice), 01-01, 01-02 off, Tue 2023-01-03
    expect(partial.addWorkingDays('2022-12-30', 1)).toEqual({ date: '2023-01-03', provisional: true, uncoveredYears: [2023] });
  });
});

describe('coverage derivation', () => {
  it('assigns late-December rows to the next notice', () => {
    expect(noticeYear('2018-12-29')).toBe(2019);
    expect(noticeYear('2022-12-31')).toBe(2023);
    expect(noticeYear('2022-12-24')).toBe(2023);
    expect(noticeYear('2022-12-23')).toBe(2022);
    expect(noticeYear('2023-01-01')).toBe(2023);
    expect(deriveCoveredYears([{ date: '2022-12-31', kind: 'holiday', name: '元旦' }])).toEqual([]);
    expect(
      deriveCoveredYears([
        { date: '2022-12-31', kind: 'holiday', name: '元旦' },
        { date: '2023-01-01', kind: 'holiday', name: '元旦' },
      ]),
    ).toEqual([2023]);
    expect(deriveCoveredYears([])).toEqual([]);
  });

  it('rejects duplicate dates and bad covered years in the constructor', () => {
    const dup = catchError(() => new WorkCalendar([days[0]!, { ...days[0]! }], [2019]));
    expect(dup).toBeInstanceOf(CalendarDataError);
    expect((dup as CalendarDataError).problem).toBe('duplicate');
    expect(() => new WorkCalendar([], [2019.5])).toThrow(RangeError);
    expect(
      catchError(() => new WorkCalendar([{ date: '2022-02-30', kind: 'holiday', name: 'x' }], [])),
    ).toBeInstanceOf(CalendarDataError);
  });
});

describe('month', () => {
  it('lists every day of January 2022 with its row', () => {
    const jan = cal.month(2022, 1);
    expect(jan).toHaveLength(31);
    expect(jan[0]).toEqual({ date: '2022-01-01', working: false, kind: 'holiday', name: '元旦' });
    expect(jan[3]).toEqual({ date: '2022-01-04', working: true });
    expect('kind' in jan[3]!).toBe(false);
    expect(jan[7]).toEqual({ date: '2022-01-08', working: false }); // an ordinary Saturday
    expect(jan[28]).toEqual({ date: '2022-01-29', working: true, kind: 'workday', name: '春节' });
    expect(jan[30]).toEqual({ date: '2022-01-31', working: false, kind: 'holiday', name: '春节' });
  });

  it('knows month lengths and rejects bad arguments', () => {
    expect(cal.month(2024, 2)).toHaveLength(29);
    expect(cal.month(2023, 2)).toHaveLength(28);
    expect(cal.month(2022, 12).at(-1)).toEqual({ date: '2022-12-31', working: false, kind: 'holiday', name: '元旦' });
    expect(() => cal.month(2022, 13)).toThrow(RangeError);
    expect(() => cal.month(2022, 0)).toThrow(RangeError);
    expect(() => cal.month(2022.5, 1)).toThrow(RangeError);
  });
});

describe('isValidIsoDate and weekday', () => {
  it('accepts real dates only', () => {
    for (const s of ['2024-02-29', '2000-02-29', '2022-04-30', '2022-12-31', '0001-01-01', '9999-12-31']) {
      expect(isValidIsoDate(s), s).toBe(true);
    }
    for (const s of [
      '2022-02-30', '2023-02-29', '1900-02-29', '2022-04-31', '2022-01-32', '2022-13-01', '2022-00-10',
      '2022-01-00', '0000-01-01', '2022-1-5', '2022/01/05', '20220105', '2022-01-05T00:00', ' 2022-01-05',
      '2022-01-05 ', '', '２０２２-01-05', '+2022-01-05',
    ]) {
      expect(isValidIsoDate(s), s).toBe(false);
    }
  });

  it('gives the day of the week, 0 = Sunday', () => {
    expect(weekday('2022-01-01')).toBe(6);
    expect(weekday('2022-01-02')).toBe(0);
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2000-02-29')).toBe(2);
    expect(weekday('0001-01-01')).toBe(1);
    expect(() => weekday('2023-02-29')).toThrow(RangeError);
  });

  it('agrees with Date for any date', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1600, 0, 1), max: Date.UTC(2600, 0, 1) }), (ms) => {
        const d = new Date(ms);
        const iso = d.toISOString().slice(0, 10);
        expect(isValidIsoDate(iso)).toBe(true);
        expect(weekday(iso)).toBe(d.getUTCDay());
        expect(cal.month(d.getUTCFullYear(), d.getUTCMonth() + 1)[d.getUTCDate() - 1]!.date).toBe(iso);
      }),
    );
  });
});

describe('addWorkingDays and workingDaysBetween agree', () => {
  it('the result is the first day with n working days after from', () => {
    const dateArb = fc
      .integer({ min: Date.UTC(2018, 10, 1), max: Date.UTC(2027, 2, 1) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (from, n) => {
        const r = cal.addWorkingDays(from, n);
        expect(cal.workingDaysBetween(from, r.date)).toBe(n);
        if (n > 0) {
          expect(cal.isWorkingDay(r.date)).toBe(true);
          expect(cal.workingDaysBetween(from, shift(r.date, -1))).toBe(n - 1);
        }
      }),
    );
  });
});

describe('parseCsv', () => {
  const header = 'date,kind,name\n';

  it('reads BOM, CRLF, blank lines, quotes and spaces', () => {
    const text = '\uFEFFdate,kind,name\r\n2022-10-01,holiday,"国庆节"\r\n\r\n 2022-10-08 , workday ,国庆节\r\n';
    expect(WorkCalendar.parseCsv(text)).toEqual([
      { date: '2022-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2022-10-08', kind: 'workday', name: '国庆节' },
    ]);
    expect(WorkCalendar.parseCsv(header)).toEqual([]);
    expect(WorkCalendar.parseCsv(`${header}2020-10-01,holiday,"国庆节, 中秋节"`)[0]!.name).toBe('国庆节, 中秋节');
  });

  function parseError(text: string): CalendarDataError {
    const e = catchError(() => WorkCalendar.parseCsv(text));
    expect(e).toBeInstanceOf(CalendarDataError);
    return e as CalendarDataError;
  }

  it('rejects a bad kind with its line number', () => {
    const e = parseError(`${header}2022-10-01,holiday,国庆节\n2022-10-02,day-off,国庆节\n`);
    expect(e.line).toBe(3);
    expect(e.problem).toBe('kind');
    expect(e.field).toBe('kind');
    expect(e.value).toBe('day-off');
    expect(e.message).toMatch(/^line 3: /);
  });

  it('rejects a bad date with its line number', () => {
    const e = parseError(`${header}2022-02-30,holiday,春节\n`);
    expect(e.line).toBe(2);
    expect(e.problem).toBe('date');
    expect(e.value).toBe('2022-02-30');
    // blank lines still count: the bad row is physical line 4
    expect(parseError(`${header}2022-10-01,holiday,国庆节\n\n2022/10/2,holiday,国庆节\n`).line).toBe(4);
    expect(parseError(`${header}2022-10-01,Holiday,国庆节\n`).problem).toBe('kind');
  });

  it('rejects a bad header, ragged rows, an empty name and duplicates', () => {
    expect(parseError('day,kind,name\n').problem).toBe('header');
    expect(parseError('').problem).toBe('header');
    const ragged = parseError(`${header}2022-10-01,holiday\n`);
    expect([ragged.problem, ragged.line]).toEqual(['columns', 2]);
    expect(parseError(`${header}2022-10-01,holiday,国庆节,x\n`).problem).toBe('columns');
    expect(parseError(`${header}2022-10-01,holiday,"国庆节\n`).problem).toBe('columns');
    const empty = parseError(`${header}2022-10-01,holiday,\n`);
    expect([empty.problem, empty.line]).toEqual(['name', 2]);
    const dup = parseError(`${header}2022-10-01,holiday,国庆节\n2022-10-01,workday,国庆节\n`);
    expect([dup.problem, dup.line]).toEqual(['duplicate', 3]);
    expect(dup.message).toContain('line 2');
  });
});
