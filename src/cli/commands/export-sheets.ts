import type { CommandFn } from '../command.js';
import type { Translate } from '../../i18n/index.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { loadSheets, namesFor, subjectTraitsFor, type DrawRow } from '../../store/draws.js';
import type { PlanRow } from '../../store/plans.js';
import { drawForPapers } from '../../app/refs.js';
import { departmentsInOrder } from '../views/papers.js';
import { getDepartment } from '../../store/queries.js';
import { currentResults, departmentResult, type Result } from '../../store/results.js';
import { currentVisit } from '../../store/visits.js';
import { specialistsOf } from '../../store/specialists.js';
import { filedReplacements } from '../../store/replacements.js';
import { auditHeadEntry } from '../../store/audit.js';
import { FINDINGS, labelOf } from '../../core/findings.js';
import { itemsForSubject } from '../../core/item-scope.js';
import { sheetsHtml, type SheetFooter, type SheetPaper } from '../../io/sheet-html.js';
import type { Cell } from '../../io/csv-out.js';
import { columnsOf, writePaper } from '../../io/paper-out.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { fileInFolder } from '../../io/plain-files.js';
import { anchorText } from '../../core/audit-anchor.js';

/**
 * `draw export sheets DRAW --out DIR [--format html|csv|xlsx]`: the joint inspection sheets
 * (联合抽查表, 一企一表), one per drawn subject, for the inspectors to take on the visit.
 * An internal paper: certificates and the legal representative are on it, phone numbers never.
 */
interface Options { out: string; force?: boolean; format?: 'html' | 'csv' | 'xlsx' }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const format = opts.format === 'csv' || opts.format === 'xlsx' ? opts.format : 'html';
  return withDb(ctx, async (db) => {
    const { draw, plan } = drawForPapers(db, id);
    const papers = sheetPapers(db, draw, plan);
    const footer = { draw: draw.id, seed: draw.seed ?? '', auditHead: auditHeadEntry(db) };
    // The file name is made of the draw's number only: nothing a registry or a clerk wrote
    // (a subject named `../../x` or `con`) can choose where the file goes.
    const file = fileInFolder(opts.out, `sheets-${draw.id}.${format}`);
    if (file === null) throw usageError('papers.outNotDir', { out: opts.out });
    // an internal paper: names and certificates, so the database's mode
    const place = { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.private };
    let rows: number;
    let sha256: string;
    if (format === 'html') {
      const html = sheetsHtml(ctx.t, ctx.lang, papers, footer);
      ({ sha256 } = writeFileSafelySync(file, html, place));
      rows = papers.length;
    } else {
      const { header, rows: lines } = sheetsCsv(ctx.t, papers, footer);
      // the codes stay text in the workbook; 检查日期 is a date
      const paper = { sheet: ctx.t('paper.sheetName.sheets'), columns: columnsOf(header, { 2: 'number', 3: 'number', 19: 'date' }), rows: lines };
      ({ sha256 } = await writePaper(file, paper, { format }, place));
      rows = lines.length;
    }
    const data = { draw: draw.id, plan: plan.number, format, out: file, sheets: papers.length, rows, sha256 };
    return { data, render: (c) => c.out(c.t('papers.sheetsWritten', { out: file, sheets: papers.length, draw: draw.id })) };
  });
};


/**
 * Everything one sheet shows, read from the draw, the plan's item versions, the registries and the
 * results: the departments on the sheet (those with inspectors on its team) and, of each, the plan
 * items that apply to the subject (core/item-scope itemsForSubject).
 */
export function sheetPapers(db: Db, draw: DrawRow, plan: PlanRow): SheetPaper[] {
  // a cancelled sheet is not visited (its subject could not be inspected): only the sheets that stand
  const sheets = loadSheets(db, draw.id).filter((s) => s.cancelledBy === undefined);
  const names = namesFor(db, sheets);
  const current = currentResults(db, draw.id);
  const specialists = specialistsOf(db, draw.id);
  const replacements = filedReplacements(db, { draw: draw.id });
  const departments = departmentsInOrder(plan);
  const traits = subjectTraitsFor(db, sheets.map((s) => s.key));
  const departmentName = (code: string) =>
    plan.departments.find((d) => d.code === code)?.name ?? String(getDepartment(db, code)?.name ?? code);
  return sheets.map((s) => {
    const subject = names.subjects.get(s.key) ?? { name: '', address: '', representative: '' };
    const visit = currentVisit(db, { drawId: draw.id, number: s.number });
    return {
      draw: draw.id, number: s.number, plan: { number: plan.number, name: plan.name },
      ...(s.substituteFor !== undefined ? { substituteFor: s.substituteFor } : {}),
      subject: { key: s.key, name: subject.name, address: subject.address, representative: subject.representative },
      departments: departments.filter((d) => s.inspectors.some((i) => i.department === d.code)).map((d) => ({
        code: d.code, name: d.name,
        items: itemsForSubject(plan.items.filter((i) => i.department === d.code), traits.get(s.key)).map((i) => ({
          code: i.code, version: i.version, project: i.project, subitem: i.subitem, content: i.content, basis: i.basis, method: i.method,
          outcome: departmentResult(current, s.number, d.code)?.items[i.code],
        })),
        inspectors: s.inspectors.filter((i) => i.department === d.code)
          .map((i) => ({ name: names.inspectors.get(i.certificate)?.name ?? '', certificate: i.certificate })),
        result: resultOf(departmentResult(current, s.number, d.code)),
      })),
      specialists: specialists.filter((x) => x.number === s.number)
        .map((x) => ({ department: departmentName(x.department), name: x.name, certificate: x.certificate })),
      replacements: replacements.filter((r) => r.number === s.number).map((r) => ({
        department: departmentName(r.department), replaced: { name: r.replacedName, certificate: r.replaced },
        substitute: { name: r.substituteName, certificate: r.substitute }, reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn,
      })),
      visit: visit ?? undefined,
    };
  });
}

const resultOf = (r: Result | undefined) => r && { inspectedOn: r.inspectedOn, findings: r.findings.map((f) => labelOf(FINDINGS, f)) };

/** The sheets as a flat table: one row per sheet and item, the sheet's fields repeated on each row. */
function sheetsCsv(t: Translate, papers: SheetPaper[], footer: SheetFooter) {
  const header = [
    t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.draw'), t('sheet.number'), t('paper.col.subjectName'),
    t('paper.col.creditCode'), t('field.address'), t('field.representative'), t('field.department'), t('paper.col.itemCode'),
    t('field.version'), t('field.project'), t('field.subitem'), t('field.content'), t('field.basis'), t('field.method'),
    t('paper.col.itemOutcome'), t('paper.col.inspectors'), t('paper.col.specialists'), t('paper.col.inspectedOn'),
    t('paper.col.findings'), t('paper.col.signature'), t('paper.sheet.refusal'), t('paper.sheet.witness'), t('paper.sheet.replacements'), t('draw.seed'), t('paper.col.auditHead'),
    t('paper.col.remarks'),
  ];
  const rows: Cell[][] = [];
  for (const p of papers) {
    const specialists = p.specialists.map((x) => `${x.name}（${[x.department, x.certificate].filter(Boolean).join('，')}）`).join('、');
    const signature = p.visit ? (p.visit.signed ? t('paper.sheet.signed') : t('paper.sheet.refused')) : '';
    // on each department's rows, that department's replacements
    const replaced = (department: string) => (p.replacements ?? []).filter((r) => r.department === department).map((r) => t('paper.replacementCell', {
      department: r.department, replaced: `${r.replaced.name}（${r.replaced.certificate}）`, substitute: `${r.substitute.name}（${r.substitute.certificate}）`,
      reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn,
    })).join('；');
    for (const d of p.departments) {
      const inspectors = d.inspectors.map((i) => `${i.name}（${i.certificate}）`).join('、');
      for (const i of d.items) {
        rows.push([
          p.plan.number, p.plan.name, p.draw, p.number, p.subject.name, p.subject.key, p.subject.address, p.subject.representative,
          d.name, i.code, i.version, i.project, i.subitem, i.content, i.basis, i.method,
          i.outcome ? t(`paper.outcome.${i.outcome}`) : '', inspectors, specialists, d.result?.inspectedOn ?? '',
          d.result?.findings.join('、') ?? '', signature, p.visit?.refusalNote ?? '', p.visit?.witness ?? '', replaced(d.name), footer.seed, anchorText(footer.auditHead),
          p.substituteFor !== undefined ? t('paper.sheet.substituteFor', { for: p.substituteFor }) : '',
        ]);
      }
    }
  }
  return { header, rows };
}
