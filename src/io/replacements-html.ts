import type { Lang, Translate } from '../i18n/index.js';
import { ceremonyHtml, esc, PAPER_FONTS, paperPage } from './paper-page.js';
import type { DrawCeremony } from '../core/ceremony.js';
import { anchorText } from '../core/audit-anchor.js';

/**
 * The county office's filing list of replaced inspectors (更换执法人员备案表, art. 16) as one
 * printable HTML file: A4 landscape, the table's header repeated on every printed page, the
 * audit log head at the foot, nothing loaded from outside the file. Every text from the database
 * goes through `esc`.
 */

export interface ReplacementsPaper {
  year: number;
  header: string[];
  rows: string[][];
  /** the audit log head when the paper was made, and the day */
  auditHead: { seq: number; hash: string };
  madeOn: string;
  /** issue 13: the ceremony of each draw the list names, in draw order */
  ceremonies: { draw: number; plan: string; ceremony: DrawCeremony }[];
}

const CSS = `
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { font-family: ${PAPER_FONTS};
  font-size: 8.5pt; line-height: 1.3; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
h1 { font-size: 15pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 2mm; }
.meta { display: flex; justify-content: space-between; margin-bottom: 1.5mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 0.7mm 1mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-all; }
th { font-weight: bold; background: #f0f0f0; }
.signs { display: flex; justify-content: space-around; margin: 6mm 0 3mm; }
.blank { display: inline-block; min-width: 36mm; border-bottom: 0.5pt solid #000; }
.draw-ceremony { font-size: 7.5pt; margin-top: 2mm; overflow-wrap: anywhere; word-break: break-all; }
footer { border-top: 0.5pt solid #000; padding-top: 0.8mm; font-size: 6.5pt; color: #333; overflow-wrap: anywhere; word-break: break-all; }
`;

export function replacementsHtml(t: Translate, lang: Lang, p: ReplacementsPaper): string {
  const title = t('paper.replacements.title');
  const blank = '<span class="blank">&nbsp;</span>';
  const body = p.rows.length
    ? p.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${p.header.length}">${esc(t('paper.replacements.none', { year: p.year }))}</td></tr>`;
  return paperPage({ lang, title: `${title} ${p.year}`, auditHead: p.auditHead, css: CSS, body: [
    `<h1>${esc(title)}</h1>`,
    `<div class="meta"><span>${esc(t('paper.replacements.year', { year: p.year }))}</span><span>${esc(t('paper.replacements.count', { n: p.rows.length }))}</span></div>`,
    '<table>',
    `<thead><tr>${p.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    '</table>',
    ...p.ceremonies.map((c) => `<div class="draw-ceremony">${esc(t('paper.replacements.drawCeremony', { draw: c.draw, plan: c.plan }))}${ceremonyHtml(t, c.ceremony)}</div>`),
    `<div class="signs"><span>${esc(t('paper.replacements.clerk'))}：${blank}</span><span>${esc(t('paper.replacements.head'))}：${blank}</span><span>${esc(t('paper.sheet.date'))}：${blank}</span></div>`,
    `<footer>${esc(t('paper.replacements.footer', { year: p.year, on: p.madeOn, head: anchorText(p.auditHead) }))}</footer>`,
  ] });
}
