import type { Lang, Translate } from '../i18n/index.js';
import type { CoverageReport, PerformanceReport, Share } from '../core/reports.js';
import { anchorText } from '../core/audit-anchor.js';
import { esc, PAPER_FONTS, paperPage } from './paper-page.js';
import { barChart } from './svg-chart.js';

/**
 * The year's reports as printable HTML (issue 11): A4 portrait, each section on a page of its own
 * (`section.page`), charts as inline SVG, the audit head at the foot of every section and in the
 * anchor meta, nothing loaded from outside the file. Every text from the database goes through `esc`.
 */

const CSS = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: ${PAPER_FONTS};
  font-size: 9pt; line-height: 1.35; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
section.page { break-before: page; page-break-before: always; }
section.page:first-of-type { break-before: auto; page-break-before: auto; }
h1 { font-size: 15pt; text-align: center; letter-spacing: 0.1em; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 3mm 0 1.5mm; }
.meta { display: flex; justify-content: space-between; margin-bottom: 1.5mm; }
p.note { font-size: 8pt; color: #333; margin: 1mm 0; }
p.total { font-weight: bold; }
table { width: 100%; border-collapse: collapse; table-layout: auto; margin-bottom: 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 0.6mm 1mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
td.n { text-align: right; white-space: nowrap; }
th { font-weight: bold; background: #f0f0f0; }
td.gap { color: #a00; font-weight: bold; }
svg.chart { display: block; margin: 2mm 0; break-inside: avoid; }
footer { border-top: 0.5pt solid #000; padding-top: 0.8mm; margin-top: 3mm; font-size: 6.5pt; color: #333; overflow-wrap: anywhere; word-break: break-all; }
`;

type Cell = { text: string; cls?: string };
const cell = (text: unknown, cls?: string): Cell => ({ text: String(text), cls });
function htmlTable(header: string[], rows: Cell[][]): string {
  return [
    '<table>',
    `<thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td${c.cls ? ` class="${c.cls}"` : ''}>${esc(c.text)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;
const rate = (n: number, of: number) => (of ? n / of : 0);

/** One section on a page of its own, headed by its title (an `h2`: the printed PDF's outline names it), with the audit head at its foot. */
function section(id: string, t: Translate, title: string, year: number, on: string, head: { seq: number; hash: string }, body: string[], lead: string[] = []): string {
  return [`<section class="page" id="${id}">`, ...lead, `<h2>${esc(title)}</h2>`, ...body, `<footer>${esc(t('report.footer', { year, on, head: anchorText(head) }))}</footer>`, '</section>'].join('\n');
}

/** The performance report's department columns, shared with the terminal table. */
export function performanceHeader(t: Translate): string[] {
  return [t('report.col.department'), t('report.col.tasks'), t('report.col.sheets'), t('report.col.rejections'), t('report.col.confirmedOnTime'),
    t('report.col.enteredOnTime'), t('report.col.publishedOnTime'), t('report.col.publishOverdue'), t('report.col.followUpsOpen')];
}

export function performanceCells(t: Translate, r: PerformanceReport['departments'][number]): string[] {
  const of = (n: number, total: number) => t('report.ofTotal', { n, of: total });
  return [t('report.departmentName', { name: r.name, code: r.department }), t('report.tasks', { n: r.tasks, drawn: r.drawnTasks }), String(r.sheets), String(r.rejections),
    of(r.confirmedOnTime, r.sheets), of(r.enteredOnTime, r.entered), of(r.publishedOnTime, r.published), String(r.publishOverdue),
    t('report.ofTotal', { n: r.followUpsOpen, of: r.followUps })];
}

/** The paper's title and the day it was made, above its first section. */
const lead = (t: Translate, title: string, on: string) => [`<h1>${esc(title)}</h1>`, `<div class="meta"><span>${esc(t('report.madeOn', { on }))}</span></div>`];

export function performanceHtml(t: Translate, lang: Lang, r: PerformanceReport): string {
  const title = t('report.performance.title', { year: r.year });
  const numeric = (cells: string[]) => cells.map((c, k) => cell(c, k === 0 ? undefined : 'n'));
  const chart = barChart({
    title: t('report.chart.onTime'), max: 1,
    series: [t('report.series.confirm'), t('report.series.enter'), t('report.series.publish')],
    groups: r.departments.map((d) => ({ label: d.name, values: [
      { value: rate(d.confirmedOnTime, d.sheets), text: pct(rate(d.confirmedOnTime, d.sheets)) },
      { value: rate(d.enteredOnTime, d.entered), text: pct(rate(d.enteredOnTime, d.entered)) },
      { value: rate(d.publishedOnTime, d.published), text: pct(rate(d.publishedOnTime, d.published)) },
    ] })),
  });
  const departments = section('departments', t, t('report.section.departments'), r.year, r.on, r.auditHead, [
    r.departments.length ? htmlTable(performanceHeader(t), r.departments.map((d) => numeric(performanceCells(t, d)))) : `<p>${esc(t('report.noDraws', { year: r.year }))}</p>`,
    chart,
    `<p class="note">${esc(t('report.performance.note'))}</p>`,
    ...(r.provisional ? [`<p class="note">${esc(t('report.provisional'))}</p>`] : []),
  ], lead(t, title, r.on));
  const drawRows: Cell[][] = r.draws.flatMap((d) => d.departments.map((x, k) => [
    cell(k === 0 ? d.task : ''), cell(k === 0 ? d.draw : ''), cell(k === 0 ? d.drawnOn : ''),
    cell(k === 0 ? t('report.deadlines', { confirm: d.deadlines.confirmDays, enter: d.deadlines.entryDays, publish: d.deadlines.publishDays }) : ''),
    cell(x.department), cell(x.sheets, 'n'), cell(x.rejections, 'n'), cell(t('report.ofTotal', { n: x.confirmedOnTime, of: x.sheets }), 'n'),
    cell(t('report.ofTotal', { n: x.enteredOnTime, of: x.entered }), 'n'), cell(t('report.ofTotal', { n: x.publishedOnTime, of: x.published }), 'n'),
    cell(x.publishOverdue, 'n'), cell(t('report.ofTotal', { n: x.followUpsOpen, of: x.followUps }), 'n'),
  ]));
  const draws = section('draws', t, t('report.section.draws'), r.year, r.on, r.auditHead, [
    drawRows.length ? htmlTable([t('report.col.task'), t('report.col.draw'), t('report.col.drawnOn'), t('report.col.deadlines'), t('report.col.department'), t('report.col.sheets'),
      t('report.col.rejections'), t('report.col.confirmedOnTime'), t('report.col.enteredOnTime'), t('report.col.publishedOnTime'), t('report.col.publishOverdue'), t('report.col.followUpsOpen')], drawRows)
      : `<p>${esc(t('report.noDraws', { year: r.year }))}</p>`,
  ]);
  return paperPage({ lang, title, auditHead: r.auditHead, css: CSS, body: [departments, draws] });
}

/** A share group as a person reads it: a township ('' named as such), a class, a grade. */
export function groupLabel(t: Translate, by: 'township' | 'class' | 'grade', group: string): string {
  if (by === 'township') return group || t('run.staleNoTown');
  if (by === 'class') return t(`typeClass.${group}`);
  return group === 'ungraded' ? t('stratum.ungraded') : t('report.grade', { grade: group });
}

export function itemTasksText(t: Translate, i: CoverageReport['items'][number]): string {
  if (i.tasks.length) return i.tasks.map((x) => t('report.taskState', { number: x.number, state: t(`report.state.${x.state}`) })).join(t('run.staleSeparator'));
  return i.random ? t('report.uncovered') : t('report.notRandom');
}

export function totalText(t: Translate, r: CoverageReport): string {
  const x = r.total;
  return t('report.total', { drawn: x.drawn.toLocaleString('en-US'), registry: x.registry.toLocaleString('en-US'), pct: (x.ratio * 100).toFixed(2),
    floor: +(x.floor * 100).toFixed(4), verdict: t(x.meetsFloor ? 'report.floorMet' : 'report.floorUnmet') });
}

export function itemsSummary(t: Translate, r: CoverageReport): string {
  const random = r.items.filter((i) => i.random).length;
  return t('report.itemsSummary', { n: r.items.length, random, covered: random - r.uncovered.length, uncovered: r.uncovered.length });
}

/** Per department, its random items and those a task of the year covers. */
function itemsByDepartment(r: CoverageReport): { name: string; random: number; covered: number }[] {
  const out = new Map<string, { name: string; random: number; covered: number }>();
  for (const i of r.items) {
    if (!i.random) continue;
    const d = out.get(i.department) ?? { name: i.departmentName, random: 0, covered: 0 };
    d.random++;
    if (i.tasks.length) d.covered++;
    out.set(i.department, d);
  }
  return [...out.values()];
}

export function coverageHtml(t: Translate, lang: Lang, r: CoverageReport, on: string): string {
  const title = t('report.coverage.title', { year: r.year });
  const floor = +(r.total.floor * 100).toFixed(4);
  const items = section('items', t, t('report.section.items'), r.year, on, r.auditHead, [
    `<p class="total">${esc(itemsSummary(t, r))}</p>`,
    htmlTable([t('report.col.item'), t('report.col.department'), t('report.col.project'), t('report.col.coveredBy')],
      r.items.map((i) => [cell(i.code), cell(i.departmentName), cell(i.subitem ? `${i.project} · ${i.subitem}` : i.project),
        cell(itemTasksText(t, i), i.random && i.tasks.length === 0 ? 'gap' : undefined)])),
    barChart({ title: t('report.chart.itemsCovered'), series: [t('report.chart.itemsCovered')], max: 1,
      groups: itemsByDepartment(r).map((d) => ({ label: d.name, values: [{ value: rate(d.covered, d.random), text: t('report.ofTotal', { n: d.covered, of: d.random }) }] })) }),
  ], lead(t, title, on));
  const shareSection = (by: 'township' | 'class' | 'grade', extra: string[] = []) => {
    const rows = r.shares[by];
    const max = Math.max(r.total.floor * 1.5, ...rows.map((g) => g.ratio));
    return section(by, t, t(`report.section.${by}`), r.year, on, r.auditHead, [
      ...extra,
      htmlTable([t(`report.col.${by}`), t('report.col.registry'), t('report.col.drawn'), t('report.col.share')],
        rows.map((g: Share) => [cell(groupLabel(t, by, g.group)), cell(g.registry.toLocaleString('en-US'), 'n'), cell(g.drawn.toLocaleString('en-US'), 'n'),
          cell(pct(g.ratio), g.registry > 0 && g.ratio < r.total.floor ? 'n gap' : 'n')])),
      barChart({ title: t('report.chart.share'), series: [t('report.chart.share')], max, marker: { at: r.total.floor, label: t('report.floorMarker', { floor }) },
        groups: rows.map((g) => ({ label: groupLabel(t, by, g.group), values: [{ value: g.ratio, text: pct(g.ratio) }] })) }),
    ]);
  };
  return paperPage({ lang, title, auditHead: r.auditHead, css: CSS, body: [
    items,
    shareSection('township', [`<p class="total">${esc(totalText(t, r))}</p>`, `<p class="note">${esc(t('report.coverage.note'))}</p>`]),
    shareSection('class'),
    shareSection('grade'),
  ] });
}
