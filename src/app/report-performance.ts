import type { Db } from '../store/db.js';
import { loadCalendar } from '../store/calendar.js';
import { drawDeadlines, drawnOfYear, loadSheets } from '../store/draws.js';
import { cancelledSheets } from '../store/entry-sheet.js';
import { rejectionsOf, sheetConfirmationsOf } from '../store/rejections.js';
import { currentResults, departmentResult } from '../store/results.js';
import { dispositionsOf } from '../store/dispositions.js';
import { firstPublished } from '../store/disclosures.js';
import { departmentNames, tasksOfYear } from '../store/reports.js';
import { auditHeadEntry } from '../store/audit.js';
import { chinaDate } from '../core/deadlines.js';
import type { DepartmentFigures, DrawPerformance, PerformanceReport } from '../core/reports.js';

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
    const cancelled = cancelledSheets(db, d.id);
    const sheets = loadSheets(db, d.id).filter((s) => !cancelled.has(s.number));
    const confirmations = sheetConfirmationsOf(db, d.id);
    const rejections = rejectionsOf(db, d.id);
    const results = currentResults(db, d.id);
    const dispositions = dispositionsOf(db, d.id);
    const departments = task.departments.map((department) => {
      const f = zero();
      const on_ = sheets.filter((s) => s.inspectors.some((i) => i.department === department));
      f.sheets = on_.length;
      f.rejections = rejections.filter((r) => r.department === department).length;
      const mine = new Set(on_.map((s) => s.number));
      for (const c of confirmations) {
        if (c.department !== department || !mine.has(c.number)) continue;
        f.confirmed++;
        if (!c.late) f.confirmedOnTime++;
      }
      for (const s of on_) {
        const r = departmentResult(results, s.number, department);
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
      for (const x of dispositions) {
        if (x.department === null ? !mine.has(x.number) : x.department !== department) continue;
        f.followUps++;
        if (!x.complete) f.followUpsOpen++;
      }
      return { department, ...f };
    });
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
