import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/db.js';
import { storeCalendar } from '../store/calendar.js';
import { appendAudit } from '../store/audit.js';
import { CalendarDataError, deriveCoveredYears, WorkCalendar } from '../core/calendar.js';
import { DrawError, EXIT } from '../errors.js';
import { detectEncoding } from './decode.js';
import { sha256Hex } from '../core/canonical.js';

/**
 * `draw import calendar FILE`: a year's State Council notice in the shipped format
 * (date,kind,name; see data/README.md). The years it covers stop being provisional.
 */
export function importCalendar(db: Db, file: string, at: Date, operator: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new DrawError(EXIT.usage, 'import.noFile', { file });
  }
  if (bytes.length === 0) throw new DrawError(EXIT.usage, 'import.empty', { file });
  const { encoding } = detectEncoding(bytes.subarray(0, 1 << 20), file);
  let text: string;
  try {
    text = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { fatal: true }).decode(bytes);
  } catch {
    throw new DrawError(EXIT.usage, 'decode.bad', { file, offset: 0, encoding, other: encoding === 'utf8' ? 'gb18030' : 'utf8' }, 'decode.badHint');
  }
  let days;
  try {
    days = WorkCalendar.parseCsv(text);
  } catch (error) {
    if (error instanceof CalendarDataError) {
      throw new DrawError(EXIT.usage, 'calendar.badFile', { file, line: error.line ?? '?', field: error.field ?? '', value: error.value ?? '', problem: error.problem });
    }
    throw error;
  }
  const years = deriveCoveredYears(days);
  const sha256 = sha256Hex(bytes);
  const head = db.transaction(() => {
    storeCalendar(db, days, years, `${basename(file)} sha256:${sha256}`);
    return appendAudit(db, at, operator, 'calendar.import', { file: basename(file), sha256, days: days.length, years }).hash;
  }).immediate();
  return { kind: 'calendar', file, days: days.length, years, sha256, auditHead: head };
}
