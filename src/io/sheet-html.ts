import type { Lang, Translate } from '../i18n/index.js';
import { ceremonyHtml, esc, PAPER_FONTS, paperFrame, paperPage } from './paper-page.js';
import type { DrawCeremony } from '../core/ceremony.js';
import { anchorText } from '../core/audit-anchor.js';

/**
 * The joint inspection sheets (联合抽查表) as one printable HTML file: every sheet on its own A4
 * page (CSS `@page` and a page break after each sheet), nothing loaded from outside the file.
 *
 * Every text that comes from the database or a clerk goes through `esc`, so a subject named
 * `<script>…</script>` prints as those characters and runs nothing.
 */

export interface SheetPaper {
  draw: number;
  number: number;
  plan: { number: string; name: string };
  /** a substitute sheet: the number of the cancelled sheet it stands in for */
  substituteFor?: number;
  subject: { key: string; name: string; address: string; representative: string };
  departments: {
    code: string; name: string;
    items: { code: string; version: number; project: string; subitem: string; content: string; basis: string; method: string; outcome?: 'normal' | 'abnormal' | 'not_applicable' }[];
    inspectors: { name: string; certificate: string }[];
    /** this department's own result (art. 6): its inspection date and finding (labels) */
    result?: { inspectedOn: string; findings: string[] };
  }[];
  specialists: { department: string; name: string; certificate: string }[];
  /** each replacement of a drawn inspector on this sheet (art. 16), in the order made */
  replacements?: SheetReplacement[];
  /** the visit, once per sheet (art. 18): signed, or the refusal with its note and witness */
  visit?: { signed: boolean; refusalNote: string; witness: string };
}

export interface SheetReplacement {
  department: string; replaced: { name: string; certificate: string }; substitute: { name: string; certificate: string };
  reason: string; approvedBy: string; filedOn: string;
}

/** `auditHead`: the audit log's head when the paper was made, printed and in the page's head as an anchor (io/anchor-file.ts) */
/** `ceremony`: the draw's commitment and seed ceremony, printed on every sheet (issue 13) */
export interface SheetFooter { draw: number; seed: string; auditHead: { seq: number; hash: string }; ceremony: DrawCeremony }


// Chinese print fonts first (Windows, macOS, Linux), so the paper looks the same wherever it is printed.
const CSS = `
@page { size: A4 portrait; margin: 12mm 12mm 10mm 12mm; }
* { box-sizing: border-box; }
html { font-family: ${PAPER_FONTS};
  font-size: 9.5pt; line-height: 1.3; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
.sheet { break-after: page; page-break-after: always; break-inside: avoid-page; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 15pt; text-align: center; letter-spacing: 0.3em; margin: 0 0 1.5mm; }
.meta { display: flex; justify-content: space-between; gap: 4mm; margin-bottom: 1.5mm; }
.meta span { overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 1.8mm; }
th, td { border: 0.5pt solid #000; padding: 0.7mm 1.2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-all; }
th { font-weight: bold; background: #f0f0f0; }
table.items td, table.items th { font-size: 8pt; }
td.c, th.c { text-align: center; vertical-align: middle; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.6pt solid #000; line-height: 3mm; text-align: center; font-size: 8pt; font-weight: bold; }
table.team td { height: 7.5mm; vertical-align: middle; }
div.repl { font-size: 7pt; line-height: 1.2; border: 0.5pt solid #000; padding: 0.5mm 1.2mm; margin-bottom: 1.8mm; overflow-wrap: anywhere; word-break: break-all; }
.blank { display: inline-block; min-width: 36mm; border-bottom: 0.5pt solid #000; }
.lines td { height: 10mm; }
.ceremony { font-size: 6.5pt; line-height: 1.2; margin-bottom: 0.5mm; overflow-wrap: anywhere; word-break: break-all; }
footer { border-top: 0.5pt solid #000; padding-top: 0.8mm; font-size: 6.5pt; color: #333; overflow-wrap: anywhere; word-break: break-all; }
@media screen {
  body { background: #ddd; }
  .sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 12mm; box-shadow: 0 0 2mm #999; }
}
`;

/** The whole file: one `<section class="sheet">` per sheet. */
export function sheetsHtml(t: Translate, lang: Lang, papers: SheetPaper[], footer: SheetFooter): string {
  const first = papers[0];
  const title = t('paper.sheet.docTitle', { plan: first?.plan.number ?? '', draw: footer.draw });
  return paperPage({ lang, title, auditHead: footer.auditHead, css: CSS, body: papers.map((p) => sheetSection(t, p, footer, papers.length)) });
}

/**
 * The same file written as the sheets are read (a draw of any size in little memory): `head`,
 * then `section(p)` for each sheet, then `tail`, the bytes sheetsHtml gives for the same sheets.
 * `total` is the number of sheets the footer counts (the draw's, when a file holds part of it).
 */
export function sheetsDocument(t: Translate, lang: Lang, footer: SheetFooter, o: { title: string; total: number }) {
  const { head, tail } = paperFrame({ lang, title: o.title, auditHead: footer.auditHead, css: CSS });
  return { head: `${head}\n`, section: (p: SheetPaper) => `${sheetSection(t, p, footer, o.total)}\n`, tail };
}

function box(checked: boolean): string {
  return `<span class="box">${checked ? '✓' : '&nbsp;'}</span>`;
}

/**
 * Who was replaced by whom on the sheet, why, approved by whom, filed when: one compact line each
 * under the team (a sheet must stay one page), nothing printed when no one was replaced.
 */
function replacementsTable(t: Translate, list: SheetReplacement[]): string {
  if (list.length === 0) return '';
  const who = (p: { name: string; certificate: string }) => `${p.name}（${p.certificate}）`;
  const lines = list.map((r) => esc(t('paper.replacementCell', {
    department: r.department, replaced: who(r.replaced), substitute: who(r.substitute), reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn,
  })));
  return `<div class="repl"><b>${esc(t('paper.sheet.replacements'))}</b>　${lines.join('<br>')}</div>
`;
}

function sheetSection(t: Translate, p: SheetPaper, f: SheetFooter, total: number): string {
  const v = p.visit;
  const bodies = p.departments.map((d) => d.name).join('、');
  const blank = '<span class="blank">&nbsp;</span>';

  // A department on the sheet none of whose items applies to the subject as the registry now has it
  // (changed since the draw) says so, rather than vanish from the items while its team stays.
  const itemRows = p.departments.flatMap((d) => d.items.length === 0
    ? [`<tr><td>${esc(d.name)}</td><td colspan="7">${esc(t('paper.sheet.noItems'))}</td></tr>`]
    : d.items.map((i, k) => [
      '<tr>',
      k === 0 ? `<td rowspan="${d.items.length}">${esc(d.name)}</td>` : '',
      `<td>${esc(i.project)}${i.subitem ? `<br>${esc(i.subitem)}` : ''}</td>`,
      `<td>${esc(i.content)}</td>`,
      `<td>${esc(i.basis)}</td>`,
      `<td>${esc(i.method)}</td>`,
      // a box for each outcome an entry can give, so the paper filled in by hand matches what is entered
      `<td class="c">${box(i.outcome === 'normal')}</td><td class="c">${box(i.outcome === 'abnormal')}</td><td class="c">${box(i.outcome === 'not_applicable')}</td>`,
      '</tr>',
    ].join('')));

  // Each department's own finding and date (art. 6: 谁检查、谁录入); the heading's date is theirs,
  // one date when they agree. Nothing entered yet: the cell stays blank for the pen.
  const entered = p.departments.filter((d) => d.result);
  const inspectedOn = [...new Set(entered.map((d) => d.result!.inspectedOn))].sort().join('、');
  const findings = entered.length === 0 ? '' : p.departments.map((d) => d.result
    ? esc(t('paper.sheet.departmentFinding', { department: d.name, date: d.result.inspectedOn, findings: d.result.findings.join('、') }))
    : `${esc(d.name)}：${blank}`).join('<br>');

  const teamRows = p.departments.flatMap((d) => d.inspectors.map((i, k) => [
    '<tr>',
    k === 0 ? `<td rowspan="${d.inspectors.length}">${esc(d.name)}</td>` : '',
    `<td>${esc(i.name)}</td><td>${esc(i.certificate)}</td><td></td>`,
    '</tr>',
  ].join('')));

  const specialists = p.specialists.length
    ? `<table class="team">
<colgroup><col style="width:30%"><col style="width:18%"><col style="width:24%"><col style="width:28%"></colgroup>
<tr><th colspan="4">${esc(t('paper.sheet.specialists'))}</th></tr>
<tr><th>${esc(t('field.department'))}</th><th>${esc(t('field.inspector_name'))}</th><th>${esc(t('paper.sheet.specialistCertificate'))}</th><th>${esc(t('paper.sheet.signHere'))}</th></tr>
${p.specialists.map((s) => `<tr><td>${esc(s.department)}</td><td>${esc(s.name)}</td><td>${esc(s.certificate)}</td><td></td></tr>`).join('\n')}
</table>`
    : `<p>${esc(t('paper.sheet.specialists'))}：${esc(t('paper.sheet.none'))}</p>`;

  return `<section class="sheet">
<h1>${esc(t('paper.sheet.title'))}</h1>
<div class="meta"><span>${esc(t('paper.sheet.plan'))}：${esc(p.plan.number)} ${esc(p.plan.name)}</span><span>${esc(t('paper.sheet.number', { draw: p.draw, number: p.number }))}${p.substituteFor !== undefined ? ` <b>${esc(t('paper.sheet.substituteFor', { for: p.substituteFor }))}</b>` : ''}</span></div>
<table>
<colgroup><col style="width:17%"><col style="width:38%"><col style="width:19%"><col style="width:26%"></colgroup>
<tr><th>${esc(t('paper.col.subjectName'))}</th><td colspan="3">${esc(p.subject.name)}</td></tr>
<tr><th>${esc(t('paper.col.creditCode'))}</th><td>${esc(p.subject.key)}</td><th>${esc(t('field.representative'))}</th><td>${esc(p.subject.representative)}</td></tr>
<tr><th>${esc(t('field.address'))}</th><td colspan="3">${esc(p.subject.address)}</td></tr>
<tr><th>${esc(t('paper.col.bodies'))}</th><td>${esc(bodies)}</td><th>${esc(t('paper.col.inspectedOn'))}</th><td>${esc(inspectedOn)}</td></tr>
</table>
<table class="items">
<colgroup><col style="width:13%"><col style="width:15%"><col style="width:23%"><col style="width:22%"><col style="width:9%"><col style="width:6%"><col style="width:6%"><col style="width:6%"></colgroup>
<tr><th>${esc(t('field.department'))}</th><th>${esc(t('field.project'))}/${esc(t('field.subitem'))}</th><th>${esc(t('field.content'))}</th><th>${esc(t('field.basis'))}</th><th>${esc(t('field.method'))}</th><th class="c">${esc(t('paper.outcome.normal'))}</th><th class="c">${esc(t('paper.outcome.abnormal'))}</th><th class="c">${esc(t('paper.outcome.not_applicable'))}</th></tr>
${itemRows.join('\n')}
</table>
<table class="team">
<colgroup><col style="width:30%"><col style="width:18%"><col style="width:24%"><col style="width:28%"></colgroup>
<tr><th colspan="4">${esc(t('paper.sheet.team'))}</th></tr>
<tr><th>${esc(t('field.department'))}</th><th>${esc(t('field.inspector_name'))}</th><th>${esc(t('field.certificate'))}</th><th>${esc(t('paper.sheet.signHere'))}</th></tr>
${teamRows.join('\n')}
</table>
${replacementsTable(t, p.replacements ?? [])}${specialists}
<table class="lines">
<colgroup><col style="width:17%"><col style="width:83%"></colgroup>
<tr><th>${esc(t('paper.col.findings'))}</th><td>${findings}</td></tr>
<tr><th>${esc(t('paper.sheet.subjectSign'))}</th><td>${v?.signed ? esc(t('paper.sheet.signed')) : ''}<br>${esc(t('paper.sheet.date'))}：${blank}</td></tr>
<tr><th>${esc(t('paper.sheet.refusal'))}</th><td>${esc(v?.refusalNote ?? '')}<br>${esc(t('paper.sheet.witness'))}：${v?.witness ? esc(v.witness) : blank}　${esc(t('paper.sheet.date'))}：${blank}</td></tr>
</table>
${ceremonyHtml(t, f.ceremony)}
<footer>${esc(t('paper.sheet.footer', { draw: f.draw, number: p.number, total, seed: f.seed, head: anchorText(f.auditHead) }))}</footer>
</section>`;
}
