/** Dates as spreadsheets write them, read into ISO YYYY-MM-DD. Pure. */

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && validYmd(+m[1], +m[2], +m[3]);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  return d <= MONTH_DAYS[m - 1] + (leap ? 1 : 0);
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => (validYmd(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null);

/**
 * Accepts 2022-03-01, 2022/3/1, 2022.3.1, 2022年3月1日, 20220301, an optional time after the date,
 * and Excel serial numbers (1900 date system, 3–5 digits). Returns null when it is none of them
 * or names a day that does not exist (2022-02-30).
 */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  // YYYY-MM-DD, as most exports write it, read without a regex: a million-row import reads two a row
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && digitsAt(s, 0, 4) && digitsAt(s, 5, 7) && digitsAt(s, 8, 10)) {
    return validYmd(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)) ? s : null;
  }
  const parts = dateParts(s);
  if (parts) return ymd(...parts);
  const m = /^(\d{3,5})(?:\.0+)?$/.exec(s);
  if (m) return fromExcelSerial(+m[1]);
  return null;
}

function digitsAt(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Year, month and day as written (2022-02-30 too), or null when the text is not written as a date. */
function dateParts(s: string): [number, number, number] | null {
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (m) return [+m[1], +m[2], +m[3]];
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return [+m[1], +m[2], +m[3]];
  return null;
}

/**
 * Why a text is not a date parseDate accepts: 'noSuchDay' when it is written as one but names a
 * day that does not exist (2022-02-30, 2022年13月1日), 'format' when it is not written as a date;
 * null when it is a date.
 */
export function dateError(raw: string): 'noSuchDay' | 'format' | null {
  if (parseDate(raw) !== null) return null;
  return dateParts(raw.trim()) ? 'noSuchDay' : 'format';
}

/** Excel's 1900 system: day 1 is 1900-01-01 and it counts a 1900-02-29 that never was. */
export function fromExcelSerial(serial: number): string | null {
  if (serial < 61) return null; // before March 1900: never a real founding date, and ambiguous
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  const d = new Date(ms);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
