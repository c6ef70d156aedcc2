import type { Lang, Translate } from '../i18n/index.js';
import { esc, PAPER_FONTS, paperPage } from './paper-page.js';
import { anchorText } from '../core/audit-anchor.js';

/**
 * The annual plan as filed with the level above (art. 14; 国市监信〔2019〕38号): one printable
 * HTML file, A4 portrait, a first page for the year (office, filing, tasks, the yearly floor) and
 * then one page per task section (scope, ratios, window, departments, items with their legal
 * basis, expected counts). Every page's foot carries the audit head it was made at; nothing is
 * loaded from outside the file; every text from the database goes through `esc`.
 */

export interface AnnualPaperTask {
  number: string; name: string; type: string; state: string; initiator: string;
  departments: string[]; scope: string; ratio: string; window: string;
  items: { department: string; code: string; name: string; basis: string; method: string }[];
  strata: { stratum: string; ratio: string; size: string; drawn: string }[];
  population: string; expected: string;
}

export interface AnnualPaper {
  year: number; office: string; filed: string; registry: string; floor: string; needed: string; expected: string; pct: string;
  tasks: AnnualPaperTask[];
  auditHead: { seq: number; hash: string };
  madeOn: string;
}

const CSS = `
@page { size: A4; margin: 12mm 12mm 10mm; }
* { box-sizing: border-box; }
html { font-family: ${PAPER_FONTS};
  font-size: 8.5pt; line-height: 1.25; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
/* at least one page tall (its foot at the bottom); a section too long for one page would run onto a second, which the print test catches */
.page { min-height: 272mm; position: relative; padding-bottom: 6mm; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 16pt; text-align: center; letter-spacing: 0.1em; margin: 0 0 3mm; }
h2 { font-size: 12.5pt; margin: 0 0 2mm; }
h3 { font-size: 10pt; margin: 2mm 0 1mm; }
.meta { display: flex; justify-content: space-between; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 2mm; }
th, td { border: 0.5pt solid #000; padding: 0.4mm 1mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-all; }
th { font-weight: bold; background: #f0f0f0; }
table.kv th { width: 24%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; }
.signs { display: flex; justify-content: space-around; margin: 8mm 0 3mm; }
.blank { display: inline-block; min-width: 36mm; border-bottom: 0.5pt solid #000; }
footer { position: absolute; bottom: 0; left: 0; right: 0; border-top: 0.5pt solid #000; padding-top: 0.8mm; font-size: 6.5pt; color: #333;
  display: flex; justify-content: space-between; gap: 4mm; overflow-wrap: anywhere; word-break: break-all; }
`;

export function annualPlanHtml(t: Translate, lang: Lang, p: AnnualPaper): string {
  const title = t('annual.paper.title', { year: p.year });
  // sections, not pages: a task whose items outgrow a page runs onto the next (the header repeated), and its count stays true
  const pages = p.tasks.length + 1;
  const foot = (n: number) => `<footer><span>${esc(t('annual.paper.foot', { anchor: anchorText(p.auditHead), madeOn: p.madeOn }))}</span>`
    + `<span>${esc(t('annual.paper.pageOf', { n, pages }))}</span></footer>`;
  const row = (cells: string[], th = false) => `<tr>${cells.map((c) => (th ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`;
  const kv = (pairs: [string, string][]) => `<table class="kv">${pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  const cover = [
    '<section class="page year">',
    `<h1>${esc(title)}</h1>`,
    `<div class="meta"><span>${esc(t('annual.paper.office', { office: p.office }))}</span><span>${esc(p.filed)}</span></div>`,
    kv([
      [t('annual.paper.registry'), p.registry], [t('annual.paper.floor'), t('annual.paper.floorOf', { floor: p.floor, needed: p.needed })],
      [t('annual.paper.expected'), t('annual.paper.expectedOf', { expected: p.expected, pct: p.pct })], [t('annual.paper.tasks'), String(p.tasks.length)],
    ]),
    `<h3>${esc(t('annual.paper.taskList'))}</h3>`,
    '<table><colgroup><col style="width:10%"><col style="width:22%"><col style="width:8%"><col style="width:20%"><col style="width:13%"><col style="width:18%"><col style="width:9%"></colgroup>',
    row([t('annual.col.task'), t('plan.name'), t('annual.col.type'), t('plan.scope'), t('plan.ratio'), t('plan.window'), t('annual.col.expected')], true),
    ...p.tasks.map((x) => row([x.number, x.name, x.type, x.scope, x.ratio, x.window, x.expected])),
    '</table>',
    `<div class="signs"><span>${esc(t('annual.paper.signOffice'))}<span class="blank"></span></span><span>${esc(t('annual.paper.signDate'))}<span class="blank"></span></span></div>`,
    foot(1),
    '</section>',
  ];
  const sections = p.tasks.flatMap((x, k) => [
    '<section class="page task">',
    `<h2>${esc(t('annual.paper.taskHead', { number: x.number, name: x.name }))}</h2>`,
    kv([
      [t('annual.col.type'), x.type], [t('plan.initiator'), x.initiator], [t('plan.departments'), x.departments.join('；')],
      [t('plan.scope'), x.scope], [t('plan.ratio'), x.ratio], [t('plan.window'), x.window], [t('annual.col.state'), x.state],
    ]),
    `<h3>${esc(t('plan.items'))}</h3>`,
    '<table><colgroup><col style="width:8%"><col style="width:11%"><col style="width:31%"><col style="width:34%"><col style="width:16%"></colgroup>',
    `<thead>${row([t('field.department'), t('field.code'), t('field.project'), t('field.basis'), t('field.method')], true)}</thead>`,
    ...x.items.map((i) => row([i.department, i.code, i.name, i.basis, i.method])),
    '</table>',
    `<h3>${esc(t('annual.paper.expectedHead'))}</h3>`,
    '<table>',
    row([t('plan.stratum'), t('plan.ratio'), t('plan.population'), t('plan.expected')], true),
    ...x.strata.map((s) => row([s.stratum, s.ratio, s.size, s.drawn])),
    row([t('plan.sum'), '', x.population, x.expected]),
    '</table>',
    foot(k + 2),
    '</section>',
  ]);
  return paperPage({ lang, title, auditHead: p.auditHead, css: CSS, body: [...cover, ...sections] });
}
