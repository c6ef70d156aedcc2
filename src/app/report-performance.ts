import type { Db } from '../store/db.js';
import { loadCalendar } from '../store/calendar.js';
import { drawDeadlines, drawnOfYear } from '../store/draws.js';
import { iterateSheetConfirmations, rejectionCounts } from '../store/rejections.js';
import { departmentResult, iterateCurrentResults } from '../store/results.js';
import { iterateDispositions, type Disposition } from '../store/dispositions.js';
import { firstPublished } from '../store/disclosures.js';
import { departmentNames, standingSheetDepartments, tasksOfYear } from '../store/reports.js';
import { auditHeadEntry } from '../store/audit.js';
import { chinaDate } from '../core/deadlines.js';
import type { DepartmentFigures, DrawPerformance, PerformanceReport } from '../core/reports.js';
import { bySheet } from '../core/by-sheet.js';

export type { PerformanceReport } from '../core/reports.js';

/** Each department's work in the year (art. 32), for `draw report performance`: the figures are defined in core/reports.ts. */

const zero = (): DepartmentFigures => ({ sheets: 0, rejections: 0, confirmed: 0, confirmedOnTime: 0, entered: 0, enteredOnTime: 0, published: 0, publishedOnTime: 0, publishOverdue: 0, followUps: 0, followUpsOpen: 0 });

export function performanceReport(db: Db, year: number, on: string): PerformanceReport {
  const cal = loadCalendar(db);
  let provisional = false;
  const dueOf = (from: string, days: number) => {
    const d = cal.addWorkingDays(from, days);
    if (d.provisional) provisional = true;
    return d.date;
  };
  const names = departmentNames(db);
  const tasks = tasksOfYear(db, year);
  const taskOfPlan = new Map(tasks.map((t) => [t.id, t]));
  const published = firstPublished(db);
  const draws: DrawPerformance[] = [];
  for (const d of drawnOfYear(db, year)) {
    const task = taskOfPlan.get(d.planId)!;
    const deadlines = drawDeadlines(db, d.id);
    const figures = new Map(task.departments.map((department) => [department, zero()]));
    for (const [department, n] of rejectionCounts(db, d.id)) { const f = figures.get(department); if (f) f.rejections = n; }
    // One pass over the draw's standing sheets in number order, beside its confirmations, current
    // results and dispositions read in the same order: memory for one sheet at a time, not the
    // draw (235,000 sheets held as objects, with every list beside them, took 380 MB), and each
    // sheet's result found among its own (filtering the draw's results per sheet is quadratic).
    const confirmations = bySheet(iterateSheetConfirmations(db, d.id));
    const results = bySheet(iterateCurrentResults(db, d.id));
    const dispositions = bySheet(iterateDispositions(db, d.id));
    // a disposition of a department counts for it wherever it lies; one of no department (made
    // before dispositions were per department) for every department on its standing sheet
    const disposed = (x: Disposition, on: Set<string> | null) => {
      for (const [department, f] of figures) {
        if (x.department === null ? !on?.has(department) : x.department !== department) continue;
        f.followUps++;
        if (!x.complete) f.followUpsOpen++;
      }
    };
    for (const sheet of standingSheetDepartments(db, d.id)) {
      for (const x of dispositions.before(sheet.number)) disposed(x, null);
      const own = results.at(sheet.number);
      for (const c of confirmations.at(sheet.number)) {
        const f = figures.get(c.department);
        if (!f || !sheet.departments.has(c.department)) continue;
        f.confirmed++;
        if (!c.late) f.confirmedOnTime++;
      }
      for (const [department, f] of figures) {
        if (!sheet.departments.has(department)) continue;
        f.sheets++;
        const r = departmentResult(own, sheet.number, department);
        if (!r) continue;
        f.entered++;
        if (r.enteredOn <= dueOf(r.inspectedOn, deadlines.entryDays)) f.enteredOnTime++;
        const publishDue = dueOf(r.inspectedOn, deadlines.publishDays);
        const at = published.get(r.id);
        if (at !== undefined) {
          f.published++;
          if (chinaDate(at) <= publishDue) f.publishedOnTime++;
        } else if (on > publishDue) f.publishOverdue++;
      }
      for (const x of dispositions.at(sheet.number)) disposed(x, sheet.departments);
    }
    for (const x of dispositions.rest()) disposed(x, null);
    for (const c of [confirmations, results, dispositions]) c.close();
    const departments = task.departments.map((department) => ({ department, ...figures.get(department)! }));
    draws.push({ task: task.number, draw: d.id, drawnOn: d.drawnAt ? chinaDate(d.drawnAt) : '', deadlines, departments });
  }
  const codes = [...new Set(tasks.flatMap((t) => t.departments))].sort();
  const departments = codes.map((department) => {
    const total = zero();
    for (const d of draws) for (const x of d.departments) if (x.department === department) for (const k of Object.keys(total) as (keyof DepartmentFigures)[]) total[k] += x[k];
    const joined = tasks.filter((t) => t.departments.includes(department));
    return { department, name: names.get(department) ?? department, tasks: joined.length, drawnTasks: joined.filter((t) => t.state === 'drawn').length, ...total };
  });
  return { year, on, departments, draws, provisional, auditHead: auditHeadEntry(db) };
}
