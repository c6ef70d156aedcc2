import { join } from 'node:path';
import type { Lang, Translate } from '../i18n/index.js';
import type { SheetPart } from '../core/sheet-split.js';
import { FileSet } from './file-set.js';
import { fileInFolder } from './plain-files.js';
import { sheetsDocument, type SheetFooter, type SheetPaper } from './sheet-html.js';
import { indexDocument, type IndexFile, type IndexHead } from './sheet-index-html.js';
import type { PendingFile, WriteOptions } from './write-file.js';

/**
 * The sheets of a draw as printable HTML in a folder, written as they are read:
 *
 * - one file, `sheets-D.html`, for a small draw (as always);
 * - split (`--split township`, `--split N`, or a large draw on its own): `sheets-D-001.html`,
 *   `sheets-D-002.html` … and the index `sheets-D-index.html` naming each file's sheets.
 *
 * The names are made of numbers only: a township's text (from the registry) never chooses where a
 * file goes. All the files are one FileSet: every one in place, or none.
 */

export interface SheetFilesInput {
  dir: string;
  draw: number;
  plan: { number: string; name: string };
  footer: SheetFooter;
  /** the sheets the draw has standing (the footers' "of N") */
  total: number;
  parts: SheetPart[];
  /** null: one file; else how the parts were made, for the index */
  split: IndexHead['split'] | null;
  /** the papers of a file's sheets, in number order, read as they are asked for */
  papers: (part: SheetPart) => Iterable<SheetPaper>;
}

export interface SheetFileWritten extends IndexFile { path: string; bytes: number; sha256: string }

export interface SheetFilesWritten { files: SheetFileWritten[]; index?: { path: string; bytes: number; sha256: string } }

/** `null` when --out names something that is not a folder. */
export function writeSheetFiles(t: Translate, lang: Lang, input: SheetFilesInput, options: WriteOptions): SheetFilesWritten | null {
  const width = Math.max(3, String(input.parts.length).length);
  const name = (part: number) => (input.split === null ? `sheets-${input.draw}.html` : `sheets-${input.draw}-${String(part).padStart(width, '0')}.html`);
  const folder = fileInFolder(input.dir, '');
  if (folder === null) return null;
  const where = (n: string) => join(folder, n);
  const indexPath = input.split === null ? undefined : where(`sheets-${input.draw}-index.html`);
  const listed: IndexFile[] = input.parts.map((p) => ({
    name: name(p.part), ...(p.township !== undefined ? { township: p.township } : {}),
    sheets: p.sheets, first: p.first, last: p.last,
  }));

  const set = new FileSet(options);
  try {
    const index = indexPath === undefined || input.split === null ? undefined : (() => {
      const doc = indexDocument(t, lang, { draw: input.draw, plan: input.plan, seed: input.footer.seed, auditHead: input.footer.auditHead, split: input.split, total: input.total, files: listed });
      const file = set.open(indexPath);
      const out = buffered(file);
      out.write(doc.head);
      return { file, out, doc };
    })();
    const paths: string[] = [];
    input.parts.forEach((part, k) => {
      const path = where(listed[k].name);
      paths.push(path);
      const title = input.split === null
        ? t('paper.sheet.docTitle', { plan: input.plan.number, draw: input.draw })
        : t('paper.sheetIndex.partTitle', { plan: input.plan.number, draw: input.draw, part: part.part, parts: input.parts.length });
      const doc = sheetsDocument(t, lang, input.footer, { title, total: input.total });
      const file = set.open(path);
      const out = buffered(file);
      out.write(doc.head);
      for (const paper of input.papers(part)) {
        out.write(doc.section(paper));
        index?.out.write(index.doc.row({ number: paper.number, key: paper.subject.key, name: paper.subject.name }, listed[k]));
      }
      out.write(doc.tail);
      out.flush();
      set.done(file);
    });
    if (index) {
      index.out.write(index.doc.tail);
      index.out.flush();
      set.done(index.file);
    }
    const written = set.commit();
    const files = listed.map((f, k) => ({ ...f, path: paths[k], bytes: written[k + (index ? 1 : 0)].bytes, sha256: written[k + (index ? 1 : 0)].sha256 }));
    return { files, ...(index ? { index: written[0] } : {}) };
  } catch (error) {
    set.abort();
    throw error;
  }
}

/**
 * Text gathered into writes of about 256 KB: a write a sheet (and an index row) would be a system
 * call each, a whole file at once the memory this is about.
 */
function buffered(file: PendingFile) {
  let chunk = '';
  return {
    write(text: string) {
      chunk += text;
      if (chunk.length > 1 << 18) { file.write(chunk); chunk = ''; }
    },
    flush() {
      if (chunk) file.write(chunk);
      chunk = '';
    },
  };
}
