import type { Db } from '../store/db.js';
import { loadSheetsNumbered, namesFor, type DrawRow } from '../store/draws.js';
import type { PlanRow } from '../store/plans.js';
import { departmentResult, iterateAllResults, type Result } from '../store/results.js';
import { iterateDispositions, type Disposition } from '../store/dispositions.js';
import { bySheet, groupedBySheet } from '../core/by-sheet.js';
import { firstPublishedLookup } from '../store/disclosures.js';
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
 *
 * Read BATCH sheets with a result at a time, with their results (corrected ones too: what a
 * correction corrects is on its own sheet), dispositions, subjects and first publication days,
 * each list read once in sheet order, and written as they come: a province's 240,000 results
 * were 900 MB when listed whole.
 */
const BATCH = 500;

export function* disclosureRows(db: Db, draw: DrawRow, plan: PlanRow, order: readonly { code: string; name: string }[]): Generator<DisclosureRow> {
  const items = new Map(plan.items.map((i) => [i.code, i]));
  const publication = firstPublishedLookup(db);
  // the draw's results and dispositions each read once in sheet order, beside each other
  const dispositionsOf = bySheet(iterateDispositions(db, draw.id));
  try {
    for (const results of sheetBatches(iterateAllResults(db, draw.id), BATCH)) {
      yield* batchRows(db, draw, results, order, items, publication.of, dispositionsOf.at);
    }
  } finally { publication.drop(); dispositionsOf.close(); }
}

function* batchRows(db: Db, draw: DrawRow, results: Result[], order: readonly { code: string; name: string }[], items: Map<string, PlanRow['items'][number]>,
  publishedOf: (ids: readonly number[]) => Map<number, string>, dispositionsAt: (n: number) => Disposition[]): Generator<DisclosureRow> {
  if (!results.some((r) => r.supersededBy === null)) return;
  const published = publishedOf(results.map((r) => r.id));
  const byId = new Map(results.map((r) => [r.id, r]));
  const correctedBy = new Map<number, Result>(); // a result → the one it corrected
  for (const r of results) if (r.supersededBy !== null && byId.has(r.supersededBy)) correctedBy.set(r.supersededBy, r);
  // Each sheet's results and dispositions found by its number: searching the batch's lists for
  // each sheet and department would be quadratic in the batch.
  const resultsOf = groupedBySheet(results);
  const numbers = [...resultsOf.keys()];
  const sheets = loadSheetsNumbered(db, draw.id, numbers);
  const subjects = namesFor(db, sheets).subjects;
  const dispositions = new Map(numbers.map((n) => [n, dispositionsAt(n)]));

  /** The published result this one corrects: the nearest published one it replaced, or for a department's first own result, the joint one it takes over from. */
  const originalOf = (r: Result): Result | undefined => {
    if (published.has(r.id)) return undefined;
    for (let p = correctedBy.get(r.id); p; p = correctedBy.get(p.id)) if (published.has(p.id)) return p;
    if (r.department === null) return undefined;
    return resultsOf.get(r.number)?.find((x) => x.department === null && x.supersededBy === null && published.has(x.id));
  };

  for (const sheet of sheets) {
    const on = new Set(departmentsOnSheet(sheet.inspectors.map((i) => [i.department, i.certificate] as [string, string])));
    for (const d of order) {
      if (!on.has(d.code)) continue;
      const r = departmentResult(resultsOf.get(sheet.number) ?? [], sheet.number, d.code);
      if (!r) continue;
      const original = originalOf(r);
      yield {
        resultId: r.id, sheet: sheet.number, key: sheet.key, subjectName: subjects.get(sheet.key)?.name ?? '',
        department: { code: d.code, name: d.name }, inspectedOn: r.inspectedOn, findings: r.findings,
        items: Object.entries(r.items).filter(([code]) => items.get(code)?.department === d.code)
          .map(([code, outcome]) => ({ code, project: items.get(code)!.project, outcome })),
        corrects: original ? { inspectedOn: original.inspectedOn, publishedOn: chinaDate(published.get(original.id)!) } : null,
        dispositions: (dispositions.get(sheet.number) ?? []).filter((x) => x.department === d.code || x.department === null),
      };
    }
  }
}

/** Records in sheet order in batches of the records of up to `sheets` sheets, a sheet's records never split. */
function* sheetBatches<T extends { number: number }>(records: Iterable<T>, sheets: number): Generator<T[]> {
  let batch: T[] = [];
  let count = 0;
  for (const r of records) {
    if (batch.length === 0 || r.number !== batch[batch.length - 1]!.number) {
      if (count === sheets) { yield batch; batch = []; count = 0; }
      count++;
    }
    batch.push(r);
  }
  if (batch.length) yield batch;
}
