import { DrawError, EXIT } from '../errors.js';
import { decodeFile, type Encoding } from './decode.js';

/**
 * One record of an import file with the line it starts on (1-based, the first line of the file
 * is line 1). A record of nothing but empty cells is `blank` (Excel leaves such rows behind).
 */
export interface CsvRow { line: number; fields: string[] }

export type Separator = ',' | '\t' | ';';
const SEPARATORS: Separator[] = [',', '\t', ';'];

const MAX_RECORD = 4 << 20; // a record of several MB is a broken file, not data
const SNIFF_LINES = 30;

/**
 * The separator of a file saved by Excel: comma, tab ("Unicode text") or semicolon (a European
 * locale). A real separator occurs the same number of times on every record, while one inside
 * the text (a 经营范围 listing items with ;) varies from row to row, and title rows above the
 * header hold none: the separator whose commonest non-zero count is on the most lines wins, then
 * the one with the higher count; with none at all, the comma.
 */
export function sniffSeparator(head: string): Separator {
  const lines = head.split(/\r\n|\n|\r/, SNIFF_LINES);
  if (lines.length > 1 && lines.length < SNIFF_LINES) lines.pop(); // the last may be cut off in a head
  let best: Separator = ',';
  let bestScore = 0;
  for (const s of SEPARATORS) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const n = countOutsideQuotes(l, s);
      if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    let score = 0;
    for (const [count, lines_] of freq) score = Math.max(score, lines_ * 10_000 + count);
    if (score > bestScore) { best = s; bestScore = score; }
  }
  return best;
}

function countOutsideQuotes(line: string, sep: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === sep) n++;
  }
  return n;
}

/**
 * Streams the records of a CSV file, those of each decoded piece of it together (a row at a time
 * through three async generators had been a tenth of a large import's checking thread); memory
 * stays flat whatever the file's size.
 *
 * The parser is written here rather than taken from a library because it must account for every
 * line: a quoted field that never closes is a refusal naming the line it opened on (a lenient
 * parser swallows the following rows into one field), a quote that closes a field anywhere but
 * before a separator or a line end is refused the same way, and the physical lines of the file
 * are counted apart from the records and compared at the end.
 */
export async function* readCsv(
  path: string, encoding: Encoding, onBytes?: (n: number) => void, onSeparator?: (s: Separator) => void,
): AsyncGenerator<CsvRow[]> {
  let sep = 44;
  let lineEnds = 0;       // line ends the parser went past
  let physical = 0;       // line ends counted on the raw text, apart from the parser
  let rawPrevCR = false;
  let prevCR = false;     // the parser's previous character was a CR (CRLF is one line end)
  let start = 1;          // the line the current record began on
  let quoteLine = 0;      // where the open quoted field began
  let quoted = false;     // inside a quoted field
  let afterQuote = false; // just saw a quote inside a quoted field: a doubled quote or the close
  let fieldStarted = false;
  let field = '';
  let fields: string[] = [];
  let size = 0;
  let out: CsvRow[] = [];

  const refuse = (at: number, key: string) => new DrawError(EXIT.usage, key, { file: path, line: at }, 'csv.malformedHint');
  const endField = () => { fields.push(field); field = ''; fieldStarted = false; };
  const endRecord = () => { endField(); widest = Math.max(widest, fields.length); out.push({ line: start, fields }); fields = []; size = 0; };
  // A quoted field holding line breaks is lawful (an address on two lines), but one whose later
  // lines hold a whole record's separators is rows swallowed by a quote opened by mistake.
  let widest = 0;
  const swallowsRows = (text: string) => {
    if (widest < 3) return false;
    const s = String.fromCharCode(sep);
    return text.split(/\r\n|\n|\r/).slice(1).some((l) => l.split(s).length >= widest);
  };

  // Found with indexOf (native, a line at a time) rather than by looking at every character.
  const countPhysical = (text: string) => {
    if (text.length === 0) return;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (!(i === 0 ? rawPrevCR : text.charCodeAt(i - 1) === 13)) physical++;
    }
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) physical++;
    rawPrevCR = text.charCodeAt(text.length - 1) === 13;
  };

  // Ordinary characters are taken as runs (one slice each, up to the next character that means
  // something), never one at a time: a profile of a million-row import had the parser's
  // one-character appends as the second thread's largest cost, most of it the collector's.
  const feed = (text: string) => {
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      const wasCR = prevCR;
      prevCR = c === 13;
      if (c === 10 && wasCR) {
        // The LF of a CRLF: the line already ended at the CR (inside a quoted field it is kept).
        if (quoted && !afterQuote) field += '\n';
        i++;
        continue;
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c === 34) { field += '"'; i++; continue; }
          quoted = false; // the quote closed the field: what follows must end the field or the record
          if (lineEnds + 1 > quoteLine && swallowsRows(field)) throw refuse(quoteLine, 'csv.mergedRows');
          if (c === sep) { endField(); i++; continue; }
          if (c === 10 || c === 13) { lineEnds++; endRecord(); start = lineEnds + 1; i++; continue; }
          throw refuse(quoteLine, 'csv.strayQuote');
        }
        if (c === 34) { afterQuote = true; i++; continue; }
        let j = i;
        while (j < n) { c = text.charCodeAt(j); if (c === 34 || c === 10 || c === 13) break; j++; }
        if (j === i) { lineEnds++; j++; } // a line end inside the quoted field, kept
        else prevCR = false;
        field += text.slice(i, j);
        size += j - i;
        if (size > MAX_RECORD) throw refuse(start, 'csv.recordTooLarge');
        i = j;
        continue;
      }
      if (c === sep) { endField(); i++; continue; }
      if (c === 10 || c === 13) { lineEnds++; endRecord(); start = lineEnds + 1; i++; continue; }
      if (c === 34 && !fieldStarted) { quoted = true; quoteLine = lineEnds + 1; fieldStarted = true; i++; continue; }
      // A quote inside an unquoted field (5"钢管) is kept as it is, as Excel does.
      let j = i + 1;
      while (j < n) { c = text.charCodeAt(j); if (c === sep || c === 10 || c === 13) break; j++; }
      prevCR = false;
      fieldStarted = true;
      field += text.slice(i, j);
      size += j - i;
      if (size > MAX_RECORD) throw refuse(start, 'csv.recordTooLarge');
      i = j;
    }
  };

  // The separator is decided on the head of the text, then everything is parsed with it.
  let head: string | null = '';
  const begin = () => {
    const text = head!.replace(/^\uFEFF/, '');
    head = null;
    const s = sniffSeparator(text);
    onSeparator?.(s);
    sep = s.charCodeAt(0);
    countPhysical(text);
    feed(text);
  };
  for await (const text of decodeFile(path, encoding, onBytes)) {
    if (head !== null) {
      head += text;
      if (head.length >= 1 << 16) begin();
    } else {
      countPhysical(text);
      feed(text);
    }
    if (out.length > 0) { yield out; out = []; }
  }
  if (head !== null) begin();
  if (quoted && !afterQuote) throw refuse(quoteLine, 'csv.unclosedQuote');
  quoted = false;
  if (fieldStarted || field !== '' || fields.length > 0) endRecord();
  if (out.length > 0) { yield out; out = []; }
  // Every line end of the file is a record's end or inside a quoted field of one.
  if (lineEnds !== physical) throw new DrawError(EXIT.runtime, 'csv.lineMismatch', { file: path, lines: physical, read: lineEnds });
}

/** A record of nothing but empty cells: Excel's leftover rows, skipped and counted as blank. */
export const isBlank = (fields: string[]): boolean => fields.every((f) => f.trim() === '');
