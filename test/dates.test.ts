import { describe, expect, it } from 'vitest';
import { dateError, parseDate, fromExcelSerial } from '../src/core/dates.js';

describe('dates as spreadsheets write them', () => {
  it.each([
    ['2022-03-01', '2022-03-01'], ['2022/3/1', '2022-03-01'], ['2022.3.1', '2022-03-01'], ['2022年3月1日', '2022-03-01'],
    ['20220301', '2022-03-01'], ['2022-03-01 00:00:00', '2022-03-01'], ['44621', '2022-03-01'], ['44621.0', '2022-03-01'],
    ['2024-02-29', '2024-02-29'], [' 2022/12/31 ', '2022-12-31'],
  ])('%s → %s', (input, expected) => expect(parseDate(input)).toBe(expected));

  it.each(['2022-02-30', '2023-02-29', '2022-13-01', '20221301', '去年', '3/1/2022', '', '12'])('%s is refused', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('follows Excel\'s 1900 system, which counts a 29 February 1900 that never was', () => {
    expect(fromExcelSerial(61)).toBe('1900-03-01');
    expect(fromExcelSerial(1)).toBeNull();
  });
});

describe('dateError: why a text is not a date', () => {
  it('tells a day that does not exist from a text that is not written as a date', () => {
    for (const s of ['2022-04-01', '2022/4/1', '2022年4月1日', '20220401', '2024-02-29']) expect(dateError(s), s).toBeNull();
    for (const s of ['2022-02-30', '2022/2/29', '2022年13月1日', '20220431', '2022-00-10']) expect(dateError(s), s).toBe('noSuchDay');
    for (const s of ['下个月', '2022-4', '04/01/2022', '']) expect(dateError(s), s).toBe('format');
  });
});
