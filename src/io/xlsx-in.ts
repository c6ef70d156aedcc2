import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { DrawError, EXIT } from '../errors.js';
import type { CsvRow } from './csv-in.js';

/**
 * Reading a sheet of an .xlsx workbook as rows of text, as the CSV reader gives them.
 *
 * yauzl reads the zip's central directory and streams one entry at a time; saxes parses the
 * sheet's XML as it streams, so a 200,000-row sheet never sits in memory (the shared strings
 * do: Excel keeps every distinct text there once). Cells are read from the raw `<v>` text, not
 * through a JavaScript number, so an identifier stored as a number keeps its exact digits; one
 * that cannot be exact (over 15 significant digits, or written in scientific notation) comes out
 * the way Excel shows it (9.11306347926543E+17), which the row rules refuse with a hint.
 */

const MAX_PART = 1 << 30; // a part over 1 GB uncompressed is a zip bomb, not a sheet

interface Workbook { zip: ZipFile; entries: Map<string, Entry>; sheets: { name: string; path: string }[]; date1904: boolean }

export interface XlsxInfo { sheet: string; sheets: string[] }

const bad = (file: string, detail: string) => new DrawError(EXIT.usage, 'xlsx.bad', { file, detail }, 'xlsx.badHint');

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(bad(file, err?.message ?? 'unreadable'));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile, file: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (e: Entry) => { entries.set(e.fileName.replace(/^\/+/, ''), e); zip.readEntry(); });
    zip.on('end', () => resolve(entries));
    zip.on('error', (e: Error) => reject(bad(file, e.message)));
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry, file: string): Promise<Readable> {
  if (entry.uncompressedSize > MAX_PART) return Promise.reject(bad(file, `${entry.fileName}: ${entry.uncompressedSize} bytes`));
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(bad(file, err?.message ?? entry.fileName)) : resolve(stream)));
  });
}

/** Parses one (small) part of the workbook as it streams, calling the handlers for each element and text. */
async function parsePart(
  wb: Workbook, path: string, file: string,
  handlers: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (t: string) => void },
): Promise<void> {
  const entry = wb.entries.get(path);
  if (!entry) throw bad(file, `${path} missing`);
  const parser = parserFor(file, handlers);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of await openEntry(wb.zip, entry, file)) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
}

function parserFor(file: string, h: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (t: string) => void }): SaxesParser {
  const parser = new SaxesParser();
  // Some writers prefix every element (x:c); the local name is what counts.
  if (h.open) parser.on('opentag', (tag) => { tag.name = local(tag.name); h.open!(tag as SaxesTagPlain); });
  if (h.close) parser.on('closetag', (tag) => h.close!(local(tag.name)));
  if (h.text) { parser.on('text', h.text); parser.on('cdata', h.text); }
  parser.on('error', (e) => { throw bad(file, e.message); });
  return parser;
}

const local = (name: string) => { const i = name.indexOf(':'); return i < 0 ? name : name.slice(i + 1); };
/**
 * An attribute by its local name, the plain one first: every cell's `r`, `t` and `s` are read this
 * way, and listing a tag's attributes for each had been a quarter of a sheet's reading time.
 */
const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const plain = tag.attributes[name];
  if (plain !== undefined) return plain as string;
  const suffix = `:${name}`;
  for (const k in tag.attributes) if (k.endsWith(suffix)) return tag.attributes[k] as string;
  return undefined;
};

async function openWorkbook(file: string): Promise<Workbook> {
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip, file);
    const wb: Workbook = { zip, entries, sheets: [], date1904: false };
    const rels = new Map<string, string>();
    await parsePart(wb, 'xl/_rels/workbook.xml.rels', file, {
      open: (t) => { if (t.name === 'Relationship') rels.set(attr(t, 'Id') ?? '', attr(t, 'Target') ?? ''); },
    });
    await parsePart(wb, 'xl/workbook.xml', file, {
      open: (t) => {
        if (t.name === 'workbookPr') wb.date1904 = ['1', 'true'].includes(attr(t, 'date1904') ?? '');
        if (t.name === 'sheet') {
          const target = rels.get(attr(t, 'id') ?? '') ?? '';
          const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
          wb.sheets.push({ name: attr(t, 'name') ?? '', path });
        }
      },
    });
    if (wb.sheets.length === 0) throw bad(file, 'no sheet');
    return wb;
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** The text of every shared string, in order (rich-text runs joined, phonetic guides left out). */
async function sharedStrings(wb: Workbook, file: string): Promise<string[]> {
  const strings: string[] = [];
  if (!wb.entries.has('xl/sharedStrings.xml')) return strings;
  let current = '';
  let inT = false;
  let inPhonetic = false;
  await parsePart(wb, 'xl/sharedStrings.xml', file, {
    open: (t) => { if (t.name === 'si') current = ''; else if (t.name === 't') inT = true; else if (t.name === 'rPh') inPhonetic = true; },
    close: (n) => { if (n === 'si') strings.push(current); else if (n === 't') inT = false; else if (n === 'rPh') inPhonetic = false; },
    text: (s) => { if (inT && !inPhonetic) current += s; },
  });
  return strings;
}

// Built-in number formats that show a date (ECMA-376 18.8.30, and the CJK ones 27–36, 50–58).
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code that shows a date: y or d or m outside quoted text, brackets and escapes (and m not as minutes). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '').replace(/_./g, '');
  if (/[yd]/i.test(bare)) return true;
  return /m/i.test(bare) && !/[hs]/i.test(bare);
}

/** Per cell style (the `s` attribute): whether it shows its number as a date. */
async function dateStyles(wb: Workbook, file: string): Promise<boolean[]> {
  const styles: boolean[] = [];
  if (!wb.entries.has('xl/styles.xml')) return styles;
  const custom = new Map<number, string>();
  let inXfs = false;
  await parsePart(wb, 'xl/styles.xml', file, {
    open: (t) => {
      if (t.name === 'numFmt') custom.set(Number(attr(t, 'numFmtId')), attr(t, 'formatCode') ?? '');
      else if (t.name === 'cellXfs') inXfs = true;
      else if (t.name === 'xf' && inXfs) {
        const id = Number(attr(t, 'numFmtId') ?? 0);
        styles.push(custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id));
      }
    },
    close: (n) => { if (n === 'cellXfs') inXfs = false; },
  });
  return styles;
}

/** An Excel date serial as YYYY-MM-DD (the 1900 system counts a 29 February 1900 that never was). */
export function serialToDate(serial: number, date1904 = false): string {
  const days = Math.floor(serial);
  const base = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A number cell's text. Integers of up to 15 digits are exact and kept digit for digit; a
 * longer one, or one written in scientific notation, is shown as Excel shows it, because its
 * digits are not all there. Other numbers are given at Excel's 15 significant digits.
 */
export function numberText(v: string): string {
  const s = v.trim();
  if (/^-?\d+$/.test(s)) {
    const digits = s.replace(/^-/, '').replace(/^0+(?=\d)/, '');
    return digits.length <= 15 ? s : excelScientific(Number(s));
  }
  const n = Number(s);
  if (!Number.isFinite(n)) return s;
  if (/e/i.test(s)) return excelScientific(n);
  return String(Number(n.toPrecision(15)));
}

const excelScientific = (n: number) => n.toExponential(14).replace(/\.?0+e/, 'e').replace('e', 'E').replace(/E(\d)/, 'E+$1');

/** The names of a workbook's sheets, in order. */
export async function xlsxSheetNames(file: string): Promise<string[]> {
  const wb = await openWorkbook(file);
  wb.zip.close();
  return wb.sheets.map((s) => s.name);
}

/**
 * Streams the rows of one sheet (the first when `sheet` is not given), those of each piece of the
 * sheet's XML together. Each row comes with its row number as its line; empty rows Excel did not
 * write are not there (the caller sees the gap).
 */
export async function* readXlsx(file: string, sheet: string | undefined, onInfo?: (i: XlsxInfo) => void, onBytes?: (n: number) => void): AsyncGenerator<CsvRow[]> {
  const wb = await openWorkbook(file);
  try {
    const target = sheet === undefined ? wb.sheets[0] : wb.sheets.find((s) => s.name === sheet) ?? wb.sheets.find((s) => s.name.trim() === sheet.trim());
    if (!target) {
      throw new DrawError(EXIT.usage, 'xlsx.noSheet', { file, sheet: sheet ?? '', sheets: wb.sheets.map((s) => s.name).join('、') });
    }
    onInfo?.({ sheet: target.name, sheets: wb.sheets.map((s) => s.name) });
    const strings = await sharedStrings(wb, file);
    const dates = await dateStyles(wb, file);
    const entry = wb.entries.get(target.path);
    if (!entry) throw bad(file, `${target.path} missing`);

    let out: CsvRow[] = [];
    let row: string[] = [];
    let rowNumber = 0;
    let col = 0;
    let type = 'n';
    let style = 0;
    let value = '';
    let inValue = false;
    let inInline = false;
    const parser = parserFor(file, {
      open: (t) => {
        switch (t.name) {
          case 'row': {
            const r = Number(attr(t, 'r'));
            rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
            row = [];
            col = 0;
            break;
          }
          case 'c': {
            const ref = attr(t, 'r');
            if (ref) col = columnIndex(ref);
            type = attr(t, 't') ?? 'n';
            style = Number(attr(t, 's') ?? 0);
            value = '';
            break;
          }
          case 'v': inValue = true; break;
          case 't': if (type === 'inlineStr') inInline = true; break;
          case 'rPh': inInline = false; break;
          default:
        }
      },
      close: (n) => {
        if (n === 'v') inValue = false;
        else if (n === 't') inInline = false;
        else if (n === 'c') {
          while (row.length < col) row.push('');
          row[col] = cellText(type, value, dates[style] === true, strings, wb.date1904);
          col++;
        } else if (n === 'row') out.push({ line: rowNumber, fields: row });
      },
      text: (s) => { if (inValue || inInline) value += s; },
    });
    const decoder = new TextDecoder('utf-8');
    const stream = await openEntry(wb.zip, entry, file);
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      onBytes?.(Math.round(((chunk as Buffer).length * entry.compressedSize) / Math.max(1, entry.uncompressedSize)));
      if (out.length > 0) { yield out; out = []; }
    }
    parser.write(decoder.decode());
    parser.close();
    if (out.length > 0) yield out;
  } finally {
    wb.zip.close();
  }
}

function cellText(type: string, value: string, isDate: boolean, strings: string[], date1904: boolean): string {
  switch (type) {
    case 's': return strings[Number(value)] ?? '';
    case 'inlineStr': case 'str': case 'e': return value;
    case 'b': return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    case 'd': return value.slice(0, 10);
    default: {
      if (value === '') return '';
      if (isDate) {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 1) return serialToDate(n, date1904);
      }
      return numberText(value);
    }
  }
}

/** A1 → 0, AB7 → 27. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}
