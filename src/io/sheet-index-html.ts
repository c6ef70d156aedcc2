import type { Lang, Translate } from '../i18n/index.js';
import { esc, PAPER_FONTS, paperFrame } from './paper-page.js';
import { anchorText } from '../core/audit-anchor.js';

/**
 * The index page of a split export of the sheets (`sheets-D-index.html`): which file holds which
 * sheets. A summary table, one row per file (its link, its township with --split township, how
 * many sheets, the first and last number), then every sheet, one row each (`data-sheet` = its
 * number), with the file it is in, so a clerk looking for a subject finds its page.
 *
 * Written as the sheets are: the summary comes from the plan of the files, the rows as each sheet
 * goes into its file, so the index too takes little memory.
 */

export interface IndexFile { name: string; township?: string; sheets: number; first?: number; last?: number }

export interface IndexHead {
  draw: number; plan: { number: string; name: string }; seed: string; auditHead: { seq: number; hash: string };
  /** how the files were split: by township, or at most `size` sheets a file, `auto` when the tool chose it */
  split: { by: 'township' } | { by: 'count'; size: number; auto: boolean };
  total: number;
  files: IndexFile[];
}

const CSS = `
@page { size: A4 portrait; margin: 12mm; }
html { font-family: ${PAPER_FONTS};
  font-size: 9.5pt; line-height: 1.3; color: #000; }
body { margin: 0; }
h1 { font-size: 15pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 2mm; }
p { margin: 0 0 1.5mm; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
th, td { border: 0.5pt solid #000; padding: 0.5mm 1.2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
thead { display: table-header-group; }
td.n { text-align: right; }
`;

const township = (t: Translate, name: string | undefined) => (name === '' ? t('paper.sheetIndex.noTownship') : name ?? '');

export function indexDocument(t: Translate, lang: Lang, h: IndexHead) {
  const title = t('paper.sheetIndex.docTitle', { plan: h.plan.number, draw: h.draw });
  const { head, tail } = paperFrame({ lang, title, auditHead: h.auditHead, css: CSS });
  const byTown = h.split.by === 'township';
  const how = h.split.by === 'township' ? t('paper.sheetIndex.byTownship')
    : t(h.split.auto ? 'paper.sheetIndex.byCountAuto' : 'paper.sheetIndex.byCount', { size: h.split.size });
  const range = (f: IndexFile) => (f.first === undefined ? '' : f.first === f.last ? String(f.first) : `${f.first}–${f.last}`);
  const summary = h.files.map((f) => `<tr><td><a href="${esc(f.name)}">${esc(f.name)}</a></td>${byTown ? `<td>${esc(township(t, f.township))}</td>` : ''}`
    + `<td class="n">${f.sheets}</td><td>${range(f)}</td></tr>`);
  const top = [
    `${head}`,
    `<h1>${esc(t('paper.sheetIndex.title'))}</h1>`,
    `<p>${esc(t('paper.sheet.plan'))}：${esc(h.plan.number)} ${esc(h.plan.name)}</p>`,
    `<p>${esc(t('paper.sheetIndex.summary', { draw: h.draw, total: h.total, files: h.files.length, how }))}</p>`,
    `<p>${esc(t('draw.seed'))}：${esc(h.seed)}；${esc(t('paper.col.auditHead'))}：${esc(anchorText(h.auditHead))}</p>`,
    '<table class="files">',
    `<thead><tr><th>${esc(t('paper.sheetIndex.file'))}</th>${byTown ? `<th>${esc(t('field.township'))}</th>` : ''}`
      + `<th>${esc(t('paper.sheetIndex.sheets'))}</th><th>${esc(t('paper.sheetIndex.numbers'))}</th></tr></thead>`,
    ...summary,
    '</table>',
    '<table class="sheets">',
    `<thead><tr><th>${esc(t('sheet.number'))}</th><th>${esc(t('paper.col.creditCode'))}</th><th>${esc(t('paper.col.subjectName'))}</th>`
      + `${byTown ? `<th>${esc(t('field.township'))}</th>` : ''}<th>${esc(t('paper.sheetIndex.file'))}</th></tr></thead>`,
    '',
  ].join('\n');
  return {
    head: top,
    row: (s: { number: number; key: string; name: string }, f: IndexFile) => `<tr data-sheet="${s.number}"><td class="n">${s.number}</td>`
      + `<td>${esc(s.key)}</td><td>${esc(s.name)}</td>${byTown ? `<td>${esc(township(t, f.township))}</td>` : ''}<td>${esc(f.name)}</td></tr>\n`,
    tail: `</table>\n${tail}`,
  };
}
