import { PassThrough, Writable } from 'node:stream';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { MODE, writeFileSafely } from './write-file.js';
import { displayWidth } from '../core/display-width.js';

/**
 * Writing a list as an .xlsx workbook that a clerk opens in Excel without losing anything:
 * every cell but a date is a text cell (an 18-digit credit code, a 15-digit 注册号, a leading
 * zero, a sheet reference `1/17` stay as they are; a text cell is never a formula), dates are
 * real dates shown as YYYY-MM-DD, the Chinese headers are bold in a frozen first row, and
 * the columns are as wide as their content (a CJK character counts double).
 *
 * The sheet is streamed into the zip: rows are written as they come, so a list of any length
 * takes little memory. Column widths are taken from the header and the first rows.
 */
export interface XlsxColumn { header: string; kind?: 'text' | 'date' | 'number' }
export type Cell = string | number | boolean | null | undefined;

const WIDTH_SAMPLE = 200;
const MAX_WIDTH = 60;

export interface XlsxTable { sheet: string; columns: XlsxColumn[]; rows: Iterable<Cell[]> | AsyncIterable<Cell[]> }

/**
 * Writes the workbook to a file the one way (write-file.ts), streamed: a list of any length
 * (the bench's 200,000 rows) takes little memory. Replaces a file of that name (a generated
 * input, not a clerk's target: the papers go through paper-out.ts).
 */
export async function writeXlsx(path: string, o: XlsxTable & { mode?: number }): Promise<void> {
  const out = new PassThrough();
  await Promise.all([
    writeFileSafely(path, out, { dbPath: null, force: true, mode: o.mode ?? MODE.public }),
    streamXlsx(o, out),
  ]);
}

/** The workbook's bytes, for a paper written through the one file writer (a list a clerk prints is small). */
export async function xlsxBytes(o: XlsxTable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamXlsx(o, new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } }));
  return Buffer.concat(chunks);
}

/** The workbook streamed into `destination` (a file being written the one way, or memory). */
export async function streamXlsx(o: XlsxTable, destination: Writable): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2000, 0, 1)); // fixed, so the same list gives the same bytes
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime });
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', ROOT_RELS);
  add('xl/workbook.xml', workbookXml(o.sheet));
  add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  add('xl/styles.xml', STYLES);
  const sheet = new PassThrough();
  // the sheet deflated at level 1: at level 6 zlib took 40% of the CPU of a province's sheets as a
  // workbook (234,881 sheets); level 1 takes a fifth less CPU in all for a file a quarter larger
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml', { mtime, compressionLevel: 1 });
  zip.end();
  const written = pipeline(zip.outputStream, destination);
  try {
    const put = async (s: string) => { if (!sheet.write(s)) await once(sheet, 'drain'); };
    // The first rows are held back to size the columns, which come before the data in the XML.
    const iterator = (Symbol.asyncIterator in o.rows ? (o.rows as AsyncIterable<Cell[]>)[Symbol.asyncIterator]() : toAsync(o.rows as Iterable<Cell[]>));
    const sample: Cell[][] = [];
    let next = await iterator.next();
    while (!next.done && sample.length < WIDTH_SAMPLE) { sample.push(next.value); next = await iterator.next(); }
    await put(sheetHead(o.columns, sample));
    let r = 1;
    await put(rowXml(r++, o.columns.map((c) => c.header), o.columns, true));
    for (const row of sample) await put(rowXml(r++, row, o.columns, false));
    while (!next.done) { await put(rowXml(r++, next.value, o.columns, false)); next = await iterator.next(); }
    await put('</sheetData></worksheet>');
    sheet.end();
    await written;
  } catch (error) {
    sheet.destroy();
    await written.catch(() => undefined);
    throw error;
  }
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> { yield* it; }


function sheetHead(columns: XlsxColumn[], sample: Cell[][]): string {
  const widths = columns.map((c, i) => {
    let w = displayWidth(c.header);
    if (c.kind === 'date') w = Math.max(w, 10);
    for (const row of sample) w = Math.max(w, displayWidth(String(row[i] ?? '')));
    return Math.min(MAX_WIDTH, w + 2);
  });
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    + '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    + '<sheetData>';
}

function rowXml(r: number, cells: Cell[], columns: XlsxColumn[], header: boolean): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < Math.max(cells.length, columns.length); i++) {
    const v = cells[i];
    if (v === null || v === undefined || v === '') continue;
    const ref = `${columnName(i)}${r}`;
    const kind = header ? 'text' : columns[i]?.kind ?? 'text';
    if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      xml += `<c r="${ref}" s="1"><v>${dateSerial(v)}</v></c>`;
    } else if (kind === 'number' && typeof v === 'number' && Number.isFinite(v)) {
      xml += `<c r="${ref}"><v>${v}</v></c>`;
    } else {
      xml += `<c r="${ref}" t="inlineStr"${header ? ' s="2"' : ' s="3"'}><is><t xml:space="preserve">${escapeXml(String(v))}</t></is></c>`;
    }
  }
  return `${xml}</row>`;
}

/** YYYY-MM-DD as an Excel serial (1900 system, past its phantom 29 February 1900). */
export function dateSerial(iso: string): number {
  const days = (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return days < 61 ? days - 1 : days;
}

export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// XML 1.0 cannot hold the C0 controls but TAB, CR, LF, nor lone surrogates or U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const workbookXml = (sheet: string) => '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
  + `<sheets><sheet name="${escapeXml(sheetName(sheet))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

/** Excel's limits on a sheet's name: 31 characters, none of []:*?/\ . */
const sheetName = (s: string) => (s.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1');

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
  + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
  + '<Default Extension="xml" ContentType="application/xml"/>'
  + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
  + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
  + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
  + '</Types>';

const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
  + '</Relationships>';

const WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
  + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
  + '</Relationships>';

// Styles: 0 default, 1 a date (YYYY-MM-DD), 2 a header (bold text), 3 text (format @, so a cell
// a clerk edits stays text too).
const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
  + '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
  + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '</styleSheet>';
