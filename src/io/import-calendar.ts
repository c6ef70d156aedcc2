import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CalendarDataError, deriveCoveredYears, WorkCalendar } from '../core/calendar.js';
import { DrawError, EXIT } from '../errors.js';
import { detectEncoding } from './decode.js';
import { sha256Hex } from '../core/canonical.js';

/**
 * Reads a year's State Council notice in the shipped format (date,kind,name; see data/README.md)
 * for `draw import calendar FILE`: its days, the years it covers, and its digest.
 */
export function readCalendarFile(file: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw DrawError.of(EXIT.usage, 'import.noFile', { file });
  }
  if (bytes.length === 0) throw DrawError.of(EXIT.usage, 'import.empty', { file });
  const { encoding } = detectEncoding(bytes.subarray(0, 1 << 20), file);
  let text: string;
  try {
    text = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { fatal: true }).decode(bytes);
  } catch {
    throw DrawError.of(EXIT.usage, 'decode.bad', { file, offset: 0, encoding, other: encoding === 'utf8' ? 'gb18030' : 'utf8' }, 'decode.badHint');
  }
  let days;
  try {
    days = WorkCalendar.parseCsv(text);
  } catch (error) {
    if (error instanceof CalendarDataError) {
      throw DrawError.of(EXIT.usage, 'calendar.badFile', { file, line: error.line ?? '?', field: error.field ?? '', value: error.value ?? '', problem: error.problem });
    }
    throw error;
  }
  const years = deriveCoveredYears(days);
  const sha256 = sha256Hex(bytes);
  return { days, years, sha256, name: basename(file) };
}
