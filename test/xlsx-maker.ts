import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * Makes an .xlsx the way Excel writes one (shared strings, number cells holding raw `<v>` text,
 * a date style from the built-in format 14), so that the reader is tested on what clerks have,
 * not on what our own writer produces.
 */
export type MakerCell = string | { n: string; t?: 'str' } | { date: number };
export async function makeXlsx(path: string, sheets: { name: string; rows: MakerCell[][] }[]): Promise<void> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (s: string) => {
    if (!index.has(s)) { index.set(s, strings.length); strings.push(s); }
    return index.get(s)!;
  };
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetXml = (rows: MakerCell[][]) => {
    let xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    rows.forEach((row, r) => {
      if (row.length === 0) return; // Excel writes no element for an empty row
      xml += `<row r="${r + 1}">`;
      row.forEach((c, i) => {
        const ref = `${col(i)}${r + 1}`;
        if (typeof c === 'string') { if (c !== '') xml += `<c r="${ref}" t="s"><v>${sst(c)}</v></c>`; }
        else if ('date' in c) xml += `<c r="${ref}" s="1"><v>${c.date}</v></c>`;
        else if (c.t === 'str') xml += `<c r="${ref}" t="str"><f>TEXT(1,"@")</f><v>${esc(c.n)}</v></c>`;
        else xml += `<c r="${ref}"><v>${c.n}</v></c>`;
      });
      xml += '</row>';
    });
    return `${xml}</sheetData></worksheet>`;
  };
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text), name);
  const sheetParts = sheets.map((s) => sheetXml(s.rows));
  add('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>');
  add('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  add('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`);
  add('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
  sheetParts.forEach((xml, i) => add(`xl/worksheets/sheet${i + 1}.xml`, xml));
  add('xl/styles.xml', '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>');
  add('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
