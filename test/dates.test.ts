import { describe, expect, it } from 'vitest';
import { parseDate, fromExcelSerial } from '../src/core/dates.js';

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
