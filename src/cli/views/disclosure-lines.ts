import type { Translate } from '../../i18n/index.js';
import type { Db } from '../../store/db.js';
import { loadSheets, namesFor, type DrawRow } from '../../store/draws.js';
import type { PlanRow } from '../../store/plans.js';
import { allResults, departmentResult, type Result } from '../../store/results.js';
import { dispositionsOf } from '../../store/dispositions.js';
import { firstPublished } from '../../store/disclosures.js';
import { departmentsOnSheet } from '../../store/sheets.js';
import { setting } from '../../store/settings.js';
import { ACTIONS, FINDINGS, ITEM_OUTCOMES, labelOf } from '../../core/findings.js';
import { chinaDate } from '../../core/deadlines.js';
import type { Cell } from '../../io/csv-out.js';
import { departmentsInOrder } from './papers.js';

/** The task number the publicity system shows: unique beyond the county, as the plan number alone is not (the county's division code, then the plan number). */
export function taskNumber(db: Db, plan: PlanRow): string {
  return `${setting(db, 'division_code')}-${plan.number}`;
}

/**
 * The disclosure's lines of one draw (art. 6, 20): one per sheet and department that has entered
 * its result, with that department as 检查实施机关, its finding and its items' results. A result
 * entered before results were per department (joint) stands for each department on its sheet
 * that has not entered its own. A result that corrects one already published says so in 备注
 * (更正, with the original's inspection and publication dates) until it is published itself.
 */
export function disclosureLines(db: Db, draw: DrawRow, plan: PlanRow, t: Translate): { resultId: number; correction: boolean; cells: Cell[] }[] {
  const results = allResults(db, draw.id);
  if (!results.some((r) => r.supersededBy === null)) return [];
  const published = firstPublished(db);
  const byId = new Map(results.map((r) => [r.id, r]));
  const correctedBy = new Map<number, Result>(); // a result → the one it corrected
  for (const r of results) if (r.supersededBy !== null && byId.has(r.supersededBy)) correctedBy.set(r.supersededBy, r);
  const sheets = loadSheets(db, draw.id);
  const subjects = namesFor(db, sheets).subjects;
  const dispositions = dispositionsOf(db, draw.id);
  const task = taskNumber(db, plan);
  const order = departmentsInOrder(plan);
  const items = new Map(plan.items.map((i) => [i.code, i]));

  /** The published result this one corrects: the nearest published one it replaced, or for a department's first own result, the joint one it takes over from. */
  const originalOf = (r: Result): Result | undefined => {
    if (published.has(r.id)) return undefined;
    for (let p = correctedBy.get(r.id); p; p = correctedBy.get(p.id)) if (published.has(p.id)) return p;
    if (r.department !== null) {
      const joint = results.find((x) => x.number === r.number && x.department === null && x.supersededBy === null && published.has(x.id));
      if (joint) return joint;
    }
    return undefined;
  };

  return sheets.flatMap((sheet) => {
    const on = new Set(departmentsOnSheet(sheet.inspectors.map((i) => [i.department, i.certificate] as [string, string])));
    return order.filter((d) => on.has(d.code)).flatMap((d) => {
      const r = departmentResult(results, sheet.number, d.code);
      if (!r) return [];
      const original = originalOf(r);
      const remarks = [
        ...(original ? [t('paper.correction', { inspected: original.inspectedOn, published: chinaDate(published.get(original.id)!) })] : []),
        ...dispositions.filter((x) => x.number === sheet.number && (x.department === d.code || x.department === null))
          .map((x) => t('paper.disposition', { action: labelOf(ACTIONS, x.action), date: x.decidedOn, state: t(x.complete ? 'paper.complete' : 'paper.incomplete') })),
      ].join('；');
      const itemResults = Object.entries(r.items).filter(([code]) => items.get(code)?.department === d.code)
        .map(([code, outcome]) => `${code} ${items.get(code)!.project}：${labelOf(ITEM_OUTCOMES, outcome)}`).join('；');
      return [{
        resultId: r.id, correction: original !== undefined,
        cells: [
          plan.number, plan.name, task, plan.name, t('paper.checkType.random'), d.name,
          subjects.get(sheet.key)?.name ?? '', sheet.key, r.inspectedOn, r.findings.map((f) => labelOf(FINDINGS, f)).join('、'), itemResults, remarks,
        ] as Cell[],
      }];
    });
  });
}
