import type { Lang, Translate } from '../i18n/index.js';
import type { CommitmentNotice, DrawNotice, Notice } from '../app/notice.js';
import { esc, paperPage } from './paper-page.js';
import { anchorText } from '../core/audit-anchor.js';
import { noticeFacts, noticeTitle, subjectRemark } from './notice-text.js';

/**
 * The public notices (app/notice.ts) as one printable A4 HTML file each: the facts as a table,
 * then the kind's own lists, the audit head at the foot and in the page's head (an anchor).
 * Every text from the database goes through `esc`. `scope`: the task's scope as worded lines.
 */
export interface NoticePaper { notice: Notice; scope: string[]; madeOn: string }

const CSS = `
@page { size: A4 portrait; margin: 14mm 14mm 12mm 14mm; }
* { box-sizing: border-box; }
html { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif;
  font-size: 9.5pt; line-height: 1.35; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
h1 { font-size: 16pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 3mm 0 1mm; }
.meta { text-align: center; margin-bottom: 2mm; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 0.7mm 1.2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-all; }
th { font-weight: bold; background: #f0f0f0; }
table.facts th { width: 24%; }
.hash { font-family: "Courier New", monospace; font-size: 8pt; }
p.note { margin: 1.5mm 0; }
p.warn { font-weight: bold; border: 0.8pt solid #000; padding: 1mm 1.5mm; }
footer { border-top: 0.5pt solid #000; margin-top: 3mm; padding-top: 0.8mm; font-size: 6.5pt; color: #333; overflow-wrap: anywhere; word-break: break-all; }
@media screen { body { background: #ddd; } main { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 14mm; box-shadow: 0 0 2mm #999; } }
`;

/** One renderer per kind: a new kind adds its function here. */
const BODIES: { [K in Notice['kind']]: (t: Translate, p: NoticePaper & { notice: Extract<Notice, { kind: K }> }) => string[] } = {
  commitment: (t, p) => commitmentBody(t, p.notice, p.scope),
  draw: (t, p) => drawBody(t, p.notice),
};

export function noticeHtml(t: Translate, lang: Lang, p: NoticePaper): string {
  const n = p.notice;
  const title = noticeTitle(t, n);
  const body = (BODIES[n.kind] as (t: Translate, p: NoticePaper) => string[])(t, p);
  return paperPage({ lang, title: `${title} ${n.task.number}`, auditHead: n.auditHead, css: CSS, body: [
    '<main>',
    `<h1>${esc(title)}</h1>`,
    `<div class="meta">${esc(t('notice.taskLine', { number: n.task.number, name: n.task.name, start: n.task.windowStart, end: n.task.windowEnd }))}</div>`,
    factsTable(t, n),
    ...body,
    `<footer>${esc(t('notice.footer', { title, draw: n.draw, on: p.madeOn, head: anchorText(n.auditHead) }))}</footer>`,
    '</main>',
  ] });
}

function factsTable(t: Translate, n: Notice): string {
  const hashy = new Set(['commitment', 'resultHash', 'seed', 'snapshot']);
  const rows = noticeFacts(t, n).map((f) => `<tr><th>${esc(f.label)}</th><td${hashy.has(f.kind) ? ' class="hash"' : ''}>${esc(f.value)}</td></tr>`);
  return `<table class="facts">\n${rows.join('\n')}\n</table>`;
}

function departmentsTable(t: Translate, n: Notice): string {
  return [
    `<h2>${esc(t('notice.departments'))}</h2>`,
    '<table>',
    `<thead><tr><th>${esc(t('field.department'))}</th><th>${esc(t('field.code'))}</th><th>${esc(t('notice.teamSize'))}</th></tr></thead>`,
    `<tbody>${n.departments.map((d) => `<tr><td>${esc(d.name)}</td><td>${esc(d.code)}</td><td>${d.teamSize}</td></tr>`).join('')}</tbody>`,
    '</table>',
  ].join('\n');
}

function commitmentBody(t: Translate, n: CommitmentNotice, scope: string[]): string[] {
  const items = n.items.map((i) => `<tr><td>${esc(i.department)}</td><td>${esc(`${i.code} v${i.version}`)}</td><td>${esc(i.project)}${i.subitem ? `<br>${esc(i.subitem)}` : ''}</td><td>${esc(i.content)}</td><td>${esc(i.basis)}</td><td>${esc(i.method)}</td></tr>`);
  return [
    departmentsTable(t, n),
    `<h2>${esc(t('notice.items'))}</h2>`,
    '<table>',
    '<colgroup><col style="width:10%"><col style="width:11%"><col style="width:17%"><col style="width:24%"><col style="width:24%"><col style="width:14%"></colgroup>',
    `<thead><tr><th>${esc(t('field.department'))}</th><th>${esc(t('field.code'))}</th><th>${esc(t('field.project'))}</th><th>${esc(t('field.content'))}</th><th>${esc(t('field.basis'))}</th><th>${esc(t('field.method'))}</th></tr></thead>`,
    `<tbody>\n${items.join('\n')}\n</tbody>`,
    '</table>',
    `<h2>${esc(t('notice.scope'))}</h2>`,
    ...scope.map((s) => `<p class="note">${esc(s)}</p>`),
    `<p class="note">${esc(t('notice.commitmentExplained'))}</p>`,
  ];
}

function drawBody(t: Translate, n: DrawNotice): string[] {
  const names = new Map(n.departments.map((d) => [d.code, d.name]));
  const rows = n.subjects.map((s, k) => `<tr><td>${k + 1}</td><td>${s.sheet}</td><td>${esc(s.name)}</td><td>${esc(s.key)}</td><td>${esc(s.departments.map((d) => names.get(d) ?? d).join('、'))}</td><td>${esc(subjectRemark(t, s))}</td></tr>`);
  return [
    ...(n.ceremony?.oneStep ? [`<p class="warn">${esc(t('notice.oneStep'))}</p>`] : []),
    `<h2>${esc(t('notice.subjects', { n: n.subjects.filter((s) => s.cancelledBy === null).length }))}</h2>`,
    '<table>',
    '<colgroup><col style="width:6%"><col style="width:8%"><col style="width:34%"><col style="width:20%"><col style="width:18%"><col style="width:14%"></colgroup>',
    `<thead><tr><th>${esc(t('paper.col.seq'))}</th><th>${esc(t('notice.sheet'))}</th><th>${esc(t('paper.col.subjectName'))}</th><th>${esc(t('paper.col.creditCode'))}</th><th>${esc(t('paper.col.bodies'))}</th><th>${esc(t('paper.col.remarks'))}</th></tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    departmentsTable(t, n),
    `<p class="note">${esc(t('notice.drawExplained'))}</p>`,
  ];
}
