import type { Db } from '../store/db.js';
import { loadSheetsNumbered, type DrawRow } from '../store/draws.js';
import { currentVisitsOf, inspectorNames, sheetSubjects } from '../store/sheet-papers.js';
import type { PlanRow } from '../store/plans.js';
import { getDepartment } from '../store/queries.js';
import { currentResultsOf, departmentResult, type Result } from '../store/results.js';
import { specialistsOf, type Specialist } from '../store/specialists.js';
import { filedReplacements, type FiledReplacement } from '../store/replacements.js';
import { FINDINGS, labelOf } from '../core/findings.js';
import { itemsForSubject } from '../core/item-scope.js';
import type { SheetPaper } from '../io/sheet-html.js';
import { groupedBySheet } from '../core/by-sheet.js';

/**
 * Everything one sheet shows, read from the draw, the plan's item versions, the registries and the
 * results: the departments on the sheet (those with inspectors on its team) and, of each, the plan
 * items that apply to the subject (core/item-scope itemsForSubject).
 *
 * A draw of 26,000 sheets is read BATCH sheets at a time, as the files are written: the papers of
 * a whole province never sit in memory at once (issue 14), only those of the batch being written.
 */
const BATCH = 250;

export function* sheetPapersOf(db: Db, draw: DrawRow, plan: PlanRow, departments: PlanRow['departments'], numbers: Iterable<number>): Generator<SheetPaper> {
  // Specialists and replacements are filed by hand, a few per draw: read once, found by sheet.
  const specialists = groupedBySheet(specialistsOf(db, draw.id));
  const replacements = groupedBySheet(filedReplacements(db, { draw: draw.id }));
  const inspectors = inspectorNames(db);
  const departmentName = (code: string) =>
    plan.departments.find((d) => d.code === code)?.name ?? String(getDepartment(db, code)?.name ?? code);
  for (const slice of batches(numbers, BATCH)) {
    // a cancelled sheet is not visited (its subject could not be inspected): only the sheets that stand
    const sheets = loadSheetsNumbered(db, draw.id, slice).filter((s) => s.cancelledBy === undefined);
    const batch = sheets.map((s) => s.number);
    const subjects = sheetSubjects(db, sheets.map((s) => s.key));
    const results = groupedBySheet(currentResultsOf(db, draw.id, batch));
    const visits = currentVisitsOf(db, draw.id, batch);
    for (const s of sheets) {
      // a key the registry no longer holds: blank names, and every item applies (itemsForSubject)
      const found = subjects.get(s.key);
      const subject = found ?? { name: '', address: '', representative: '' };
      const visit = visits.get(s.number);
      const current = results.get(s.number) ?? [];
      yield {
        draw: draw.id, number: s.number, plan: { number: plan.number, name: plan.name },
        ...(s.substituteFor !== undefined ? { substituteFor: s.substituteFor } : {}),
        subject: { key: s.key, name: subject.name, address: subject.address, representative: subject.representative },
        departments: departments.filter((d) => s.inspectors.some((i) => i.department === d.code)).map((d) => ({
          code: d.code, name: d.name,
          items: itemsForSubject(plan.items.filter((i) => i.department === d.code), found).map((i) => ({
            code: i.code, version: i.version, project: i.project, subitem: i.subitem, content: i.content, basis: i.basis, method: i.method,
            outcome: departmentResult(current, s.number, d.code)?.items[i.code],
          })),
          inspectors: s.inspectors.filter((i) => i.department === d.code)
            .map((i) => ({ name: inspectors.get(i.certificate) ?? '', certificate: i.certificate })),
          result: resultOf(departmentResult(current, s.number, d.code)),
        })),
        specialists: (specialists.get(s.number) ?? [])
          .map((x: Specialist) => ({ department: departmentName(x.department), name: x.name, certificate: x.certificate })),
        replacements: (replacements.get(s.number) ?? []).map((r: FiledReplacement) => ({
          department: departmentName(r.department), replaced: { name: r.replacedName, certificate: r.replaced },
          substitute: { name: r.substituteName, certificate: r.substitute }, reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn,
        })),
        visit,
      };
    }
  }
}

/** The numbers in slices of `size`, read as they are asked for (a province's sheet numbers are never listed whole). */
function* batches(numbers: Iterable<number>, size: number): Generator<number[]> {
  let slice: number[] = [];
  for (const n of numbers) {
    slice.push(n);
    if (slice.length === size) { yield slice; slice = []; }
  }
  if (slice.length) yield slice;
}

const resultOf = (r: Result | undefined) => r && { inspectedOn: r.inspectedOn, findings: r.findings.map((f) => labelOf(FINDINGS, f)) };
