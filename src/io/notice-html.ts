import type { Lang, Translate } from '../i18n/index.js';
import type { CommitmentNotice, DrawNotice, Notice } from '../app/notice.js';
import { esc, paperFrame } from './paper-page.js';
import { NOTICE_CSS } from './notice-css.js';
import { anchorText } from '../core/audit-anchor.js';
import { noticeFacts, noticeTitle, subjectRemark } from './notice-text.js';

/**
 * The public notices (app/notice.ts) as one printable A4 HTML file each: the facts as a table,
 * then the kind's own lists, the audit head at the foot and in the page's head (an anchor).
 * Every text from the database goes through `esc`. `scope`: the task's scope as worded lines.
 */
export interface NoticePaper { notice: Notice; scope: string[]; madeOn: string }

/** The shared notice style, then what only these notices have: the meta line, hashes, notes, the warning, the screen view. */
const CSS = `${NOTICE_CSS}.meta { text-align: center; margin-bottom: 2mm; overflow-wrap: anywhere; }
.hash { font-family: "Courier New", monospace; font-size: 8pt; }
p.note { margin: 1.5mm 0; }
p.warn { font-weight: bold; border: 0.8pt solid #000; padding: 1mm 1.5mm; }
@media screen { body { background: #ddd; } main { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 14mm; box-shadow: 0 0 2mm #999; } }
`;

/** A line of the page: its text, or (the list of a large draw) its text in pieces, written as they are made. */
type Line = string | Iterable<string>;

/** One renderer per kind: a new kind adds its function here. */
const BODIES: { [K in Notice['kind']]: (t: Translate, p: NoticePaper & { notice: Extract<Notice, { kind: K }> }) => Line[] } = {
  commitment: (t, p) => commitmentBody(t, p.notice, p.scope),
  draw: (t, p) => drawBody(t, p.notice),
};

/**
 * The page in pieces of about 128 KB, for writeFileSafelySync to write as they come: a draw
 * notice lists every sheet (a province's draw: 240,000 rows), never held as one string.
 */
export function* noticeHtml(t: Translate, lang: Lang, p: NoticePaper): Generator<string> {
  let text = '';
  for (const piece of noticePieces(t, lang, p)) {
    text += piece;
    if (text.length > 1 << 17) { yield text; text = ''; }
  }
  if (text) yield text;
}

/** The page as paperPage would join it: head, each line after a newline, a newline and the tail. */
function* noticePieces(t: Translate, lang: Lang, p: NoticePaper): Generator<string> {
  const n = p.notice;
  const title = noticeTitle(t, n);
  const body = (BODIES[n.kind] as (t: Translate, p: NoticePaper) => Line[])(t, p);
  const { head, tail } = paperFrame({ lang, title: `${title} ${n.task.number}`, auditHead: n.auditHead, css: CSS });
  yield head;
  for (const line of [
    '<main>',
    `<h1>${esc(title)}</h1>`,
    `<div class="meta">${esc(t('notice.taskLine', { number: n.task.number, name: n.task.name, start: n.task.windowStart, end: n.task.windowEnd }))}</div>`,
    factsTable(t, n),
    ...body,
    `<footer>${esc(t('notice.footer', { title, draw: n.draw, on: p.madeOn, head: anchorText(n.auditHead) }))}</footer>`,
    '</main>',
  ]) {
    yield '\n';
    if (typeof line === 'string') yield line; else yield* line;
  }
  yield `\n${tail}`;
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

function drawBody(t: Translate, n: DrawNotice): Line[] {
  const names = new Map(n.departments.map((d) => [d.code, d.name]));
  // the list's line: <tbody>, the rows one to a line, </tbody>; each row made as it is written
  function* list(): Generator<string> {
    yield '<tbody>\n';
    let k = 0;
    for (const s of n.subjects) {
      yield `${k > 0 ? '\n' : ''}<tr><td>${k + 1}</td><td>${s.sheet}</td><td>${esc(s.name)}</td><td>${esc(s.key)}</td><td>${esc(s.departments.map((d) => names.get(d) ?? d).join('、'))}</td><td>${esc(subjectRemark(t, s))}</td></tr>`;
      k++;
    }
    yield '\n</tbody>';
  }
  return [
    ...(n.ceremony?.oneStep ? [`<p class="warn">${esc(t('notice.oneStep'))}</p>`] : []),
    `<h2>${esc(t('notice.subjects', { n: n.sheets.standing }))}</h2>`,
    '<table>',
    '<colgroup><col style="width:6%"><col style="width:8%"><col style="width:34%"><col style="width:20%"><col style="width:18%"><col style="width:14%"></colgroup>',
    `<thead><tr><th>${esc(t('paper.col.seq'))}</th><th>${esc(t('notice.sheet'))}</th><th>${esc(t('paper.col.subjectName'))}</th><th>${esc(t('paper.col.creditCode'))}</th><th>${esc(t('paper.col.bodies'))}</th><th>${esc(t('paper.col.remarks'))}</th></tr></thead>`,
    list(),
    '</table>',
    departmentsTable(t, n),
    `<p class="note">${esc(t('notice.drawExplained'))}</p>`,
  ];
}
