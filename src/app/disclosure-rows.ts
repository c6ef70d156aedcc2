import type { Db } from '../store/db.js';
import { loadSheetsNumbered, namesFor, type DrawRow } from '../store/draws.js';
import type { PlanRow } from '../store/plans.js';
import { allResults, departmentResult, type Result } from '../store/results.js';
import { dispositionsOf, type Disposition } from '../store/dispositions.js';
import { firstPublished } from '../store/disclosures.js';
import { departmentsOnSheet } from '../store/sheets.js';
import { setting } from '../store/settings.js';
import type { ItemOutcome } from '../core/findings.js';
import { chinaDate } from '../core/deadlines.js';

/** One row of the disclosure: one department's result of one sheet. */
export interface DisclosureRow {
  resultId: number;
  sheet: number; key: string; subjectName: string;
  /** the department whose result it is: the row's 检查实施机关 */
  department: { code: string; name: string };
  inspectedOn: string; findings: string[];
  /** that department's items only (a joint result entered before holds every department's) */
  items: { code: string; project: string; outcome: ItemOutcome }[];
  /** the published result this one corrects (更正): its inspection date and the day it was first published */
  corrects: { inspectedOn: string; publishedOn: string } | null;
  dispositions: Disposition[];
}

/** The task number the publicity system shows: unique beyond the county, as the plan number alone is not (the county's division code, then the plan number). */
export function taskNumber(db: Db, plan: PlanRow): string {
  return `${setting(db, 'division_code')}-${plan.number}`;
}

/**
 * The disclosure's rows of one draw (art. 6, 20): one per sheet and department that has entered its
 * result, in sheet order and the plan's department order (the initiator first). A result entered
 * before results were per department (joint) stands for each department on its sheet that has not
 * entered its own. A result that corrects one already published carries what it corrects until it
 * is published itself: the next disclosure marks it 更正.
 */
export function disclosureRows(db: Db, draw: DrawRow, plan: PlanRow, order: readonly { code: string; name: string }[]): DisclosureRow[] {
  const results = allResults(db, draw.id);
  if (!results.some((r) => r.supersededBy === null)) return [];
  const published = firstPublished(db);
  const byId = new Map(results.map((r) => [r.id, r]));
  const correctedBy = new Map<number, Result>(); // a result → the one it corrected
  for (const r of results) if (r.supersededBy !== null && byId.has(r.supersededBy)) correctedBy.set(r.supersededBy, r);
  // Each sheet's results and dispositions found by its number, and only the sheets with a result
  // read: searching the draw's lists for each sheet and department is quadratic (a province's
  // 240,000 sheets and their results: hours), and a sheet with no result gives no row.
  const resultsOf = groupByNumber(results);
  const sheets = loadSheetsNumbered(db, draw.id, [...resultsOf.keys()].sort((a, b) => a - b));
  const subjects = namesFor(db, sheets).subjects;
  const dispositions = groupByNumber(dispositionsOf(db, draw.id));
  const items = new Map(plan.items.map((i) => [i.code, i]));

  /** The published result this one corrects: the nearest published one it replaced, or for a department's first own result, the joint one it takes over from. */
  const originalOf = (r: Result): Result | undefined => {
    if (published.has(r.id)) return undefined;
    for (let p = correctedBy.get(r.id); p; p = correctedBy.get(p.id)) if (published.has(p.id)) return p;
    if (r.department === null) return undefined;
    return resultsOf.get(r.number)?.find((x) => x.department === null && x.supersededBy === null && published.has(x.id));
  };

  return sheets.flatMap((sheet) => {
    const on = new Set(departmentsOnSheet(sheet.inspectors.map((i) => [i.department, i.certificate] as [string, string])));
    return order.filter((d) => on.has(d.code)).flatMap((d): DisclosureRow[] => {
      const r = departmentResult(resultsOf.get(sheet.number) ?? [], sheet.number, d.code);
      if (!r) return [];
      const original = originalOf(r);
      return [{
        resultId: r.id, sheet: sheet.number, key: sheet.key, subjectName: subjects.get(sheet.key)?.name ?? '',
        department: { code: d.code, name: d.name }, inspectedOn: r.inspectedOn, findings: r.findings,
        items: Object.entries(r.items).filter(([code]) => items.get(code)?.department === d.code)
          .map(([code, outcome]) => ({ code, project: items.get(code)!.project, outcome })),
        corrects: original ? { inspectedOn: original.inspectedOn, publishedOn: chinaDate(published.get(original.id)!) } : null,
        dispositions: (dispositions.get(sheet.number) ?? []).filter((x) => x.department === d.code || x.department === null),
      }];
    });
  });
}

/** Records by their sheet's number, each sheet's in the order given. */
function groupByNumber<T extends { number: number }>(records: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of records) {
    const list = out.get(r.number);
    if (list) list.push(r); else out.set(r.number, [r]);
  }
  return out;
}
