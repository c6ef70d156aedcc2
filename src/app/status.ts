import type { Db } from '../store/db.js';
import { setting, yearCaps } from '../store/settings.js';
import { atCapOfYear, drawnSubjectsOfYear, standingSheetDepartments } from '../store/reports.js';
import { getPlan } from '../store/plans.js';
import { confirmationsOf } from '../store/confirmations.js';
import { departmentResult, inspectionDays, iterateResultDates, resultDatesByRank } from '../store/results.js';
import { iterateSheetConfirmations } from '../store/rejections.js';
import { disclosedResultIds } from '../store/disclosures.js';
import { drawDeadlines, drawnOfYear } from '../store/draws.js';
import { drawRecords, voidedOfYear } from '../store/draw-records.js';
import { bySheet } from '../core/by-sheet.js';
import { chinaDate, type DeadlineRules } from '../core/deadlines.js';
import { mergeSorted } from '../core/merge.js';
import { yearEndNear } from '../core/annual-plan.js';
import type { WorkCalendar } from '../core/calendar.js';
import { floorOfYear } from './annual-plan.js';

/**
 * `draw status`: for each plan and department, the sheets it is on, confirmed, inspected, entered
 * and published; everything overdue, worst first; the sheets entered late; the year's coverage
 * against the 3% floor; subjects at the yearly cap; the voided draws with the records kept on them.
 * Every due date is counted with the deadlines frozen with its draw (`drawDeadlines`); the
 * settings of today (`rules`) are for draws to come.
 *
 * The counts come from one pass over each draw's standing sheets beside their confirmations and
 * results (one sheet's records at a time). The overdue items and the late entries are not kept:
 * a province's draw of 240,000 sheets with nothing entered is a million items (827 MB when they
 * were listed and printed whole). `overdue()` and `lateEntries()` read them again each time they
 * are called, worst first, from sources each already in that order (see overdueItems).
 */
export interface Overdue { kind: 'confirm' | 'enter' | 'publish'; plan: string; draw: number; department?: string; sheet?: number; due: string; daysLate: number }
export interface LateEntry { plan: string; draw: number; sheet: number; department?: string; inspectedOn: string; enteredOn: string; due: string }

/** What is overdue worst first: the most working days late, then the earliest due, then by sheet; else in the order the draws and their records come. */
const worstFirst = (a: Overdue, b: Overdue) => b.daysLate - a.daysLate || a.due.localeCompare(b.due) || (a.sheet ?? 0) - (b.sheet ?? 0);

/** A draw of the year as the status lists it again: its departments in the plan's order and its due dates. */
interface DrawDue { plan: string; draw: number; departments: string[]; enterDue: string; enterLate: number; confirm: Overdue[]; entryDays: number; publishDays: number }

export type Status = ReturnType<typeof statusOf>;

export function statusOf(db: Db, cal: WorkCalendar, rules: DeadlineRules, year: number, on: string) {
  const draws = drawnOfYear(db, year);
  const disclosed = disclosedResultIds(db);
  const rows: Record<string, unknown>[] = [];
  /** per draw: its sheets that take results, and those complete (every department on it has entered, art. 6) */
  const sheetsOf: { plan: string; draw: number; sheets: number; complete: number }[] = [];
  const dues: DrawDue[] = [];
  const ownRules: ({ plan: string; draw: number } & DeadlineRules)[] = [];
  let provisional = false;
  let overdueCount = 0;
  let lateEntryCount = 0;
  // a due date and its days late, worked out once per day and deadline: a million results fall on a few hundred days
  const dueMemo = new Map<string, string>();
  const dueOf = (from: string, days: number) => {
    const key = `${from} ${days}`;
    let due = dueMemo.get(key);
    if (due === undefined) {
      const d = cal.addWorkingDays(from, days);
      if (d.provisional) provisional = true;
      dueMemo.set(key, (due = d.date));
    }
    return due;
  };
  const lateMemo = new Map<string, number>();
  const lateOf = (due: string) => {
    let late = lateMemo.get(due);
    if (late === undefined) lateMemo.set(due, (late = cal.workingDaysBetween(due, on)));
    return late;
  };
  for (const d of draws) {
    const plan = getPlan(db, d.planId)!;
    const confirmations = confirmationsOf(db, d.id);
    const frozen = drawDeadlines(db, d.id);
    if (frozen.confirmDays !== rules.confirmDays || frozen.entryDays !== rules.entryDays || frozen.publishDays !== rules.publishDays) {
      ownRules.push({ plan: plan.number, draw: d.id, ...frozen });
    }
    const confirmDue = dueOf(chinaDate(d.drawnAt!), frozen.confirmDays);
    const enterDue = dueOf(plan.windowEnd, frozen.entryDays);
    const enterLate = on > enterDue ? lateOf(enterDue) : 0;
    // per department: the sheets it is on (rejections take it off; a cancelled sheet takes no
    // results), and its part of each (art. 6). One pass over the standing sheets in number order
    // beside their confirmations and current results in the same order: one sheet's records at
    // a time, not the draw's (235,000 sheets as objects with the lists beside them: 430 MB), and
    // each sheet's result found among its own.
    const counts = new Map(plan.departments.map((x) => [x.code, { drawn: 0, confirmed: 0, entered: 0, published: 0 }]));
    const confirmedOf = bySheet(iterateSheetConfirmations(db, d.id));
    // every result of the draw passes here once, on a standing sheet or not: counted as it passes
    const resultsOf = bySheet(iterateResultDates(db, d.id), (r) => {
      if (r.enteredOn > dueOf(r.inspectedOn, frozen.entryDays)) lateEntryCount++;
      // due from the inspection's completion, the day the information is produced (企业信息公示暂行条例 art. 6), not from its entry
      if (!disclosed.has(r.id) && on > dueOf(r.inspectedOn, frozen.publishDays)) overdueCount++;
    });
    let live = 0; let complete = 0;
    for (const sheet of standingSheetDepartments(db, d.id)) {
      live++;
      const own = resultsOf.at(sheet.number);
      const confirmedHere = new Set(confirmedOf.at(sheet.number).map((c) => c.department));
      for (const [code, k] of counts) {
        if (!sheet.departments.has(code)) continue;
        k.drawn++;
        if (confirmedHere.has(code)) k.confirmed++;
        const r = departmentResult(own, sheet.number, code);
        if (r) { k.entered++; if (disclosed.has(r.id)) k.published++; }
        else if (on > enterDue) overdueCount++;
      }
      if ([...sheet.departments].every((dep) => departmentResult(own, sheet.number, dep))) complete++;
    }
    for (const _ of resultsOf.rest()) { /* the results after the last standing sheet, counted as they pass */ }
    confirmedOf.close(); resultsOf.close();
    const confirm: Overdue[] = [];
    for (const [code, k] of counts) {
      const c = confirmations.find((x) => x.department === code);
      rows.push({ plan: plan.number, draw: d.id, department: code, drawn: k.drawn, confirmed: k.confirmed,
        confirmedLate: c?.late ?? false, inspected: k.entered, entered: k.entered, published: k.published });
      if (k.confirmed < k.drawn && on > confirmDue) {
        confirm.push({ kind: 'confirm', plan: plan.number, draw: d.id, department: code, due: confirmDue, daysLate: lateOf(confirmDue) });
      }
    }
    overdueCount += confirm.length;
    sheetsOf.push({ plan: plan.number, draw: d.id, sheets: live, complete });
    dues.push({ plan: plan.number, draw: d.id, departments: [...counts.keys()], enterDue: on > enterDue ? enterDue : '', enterLate, confirm,
      entryDays: frozen.entryDays, publishDays: frozen.publishDays });
  }
  const cap = setting(db, 'year_cap');
  const covered = drawnSubjectsOfYear(db, year);
  // the yearly floor of art. 17 (an office setting) on the distinct subjects drawn this year
  const floor = floorOfYear(db, year, 0);
  const registry = floor.registry;
  // each subject at the cap of its risk stratum (issue 11): a listed or grade-D subject is uncapped by default
  const caps = yearCaps(db);
  const atCap = atCapOfYear(db, year, caps, 50);
  const uncovered = cal.coveredYears().includes(year) ? [] : [year];
  return {
    year, on, rules, drawRules: ownRules, yearCap: cap, rows, sheets: sheetsOf,
    /** how many items overdue() lists, and lateEntries() */
    overdueCount, lateEntryCount,
    overdue: () => overdueItems(db, dues, disclosed, on, dueOf, lateOf),
    lateEntries: () => lateEntryItems(db, dues, dueOf),
    voided: voidedRecords(db, year),
    coverage: {
      subjects: covered, registry, ratio: registry ? covered / registry : 0, floor: floor.floorPpm / 1_000_000, floorPpm: floor.floorPpm, needed: floor.needed, meetsFloor: floor.meetsAchieved,
      // from the office's month on (November by default), an unmet floor is warned about
      yearEndWarning: !floor.meetsAchieved && yearEndNear(year, on, setting(db, 'floor_warn_month')),
    },
    atCap: { count: atCap.count, subjects: atCap.first, caps },
    provisional: provisional || uncovered.length > 0,
  };
}

/**
 * Everything overdue, worst first, as a stable sort of every draw's items in turn (its entries
 * in sheet order, its confirmations, its publications in result order) would list them, merged
 * from three sources per draw each already in that order: a draw's missing entries share one due
 * date and come in sheet order; its confirmations share one; its publications are read sorted by
 * their inspection day's rank (days late, then due date: worked out per day, a few hundred) then
 * in result order, by SQLite.
 */
function overdueItems(db: Db, dues: readonly DrawDue[], disclosed: ReadonlySet<number>, on: string,
  dueOf: (from: string, days: number) => string, lateOf: (due: string) => number): Generator<Overdue> {
  const sources: Iterator<Overdue>[] = [];
  for (const d of dues) {
    sources.push(missingEntries(db, d), d.confirm[Symbol.iterator](), unpublished(db, d, disclosed, on, dueOf, lateOf));
  }
  return mergeSorted(sources, worstFirst);
}

function* missingEntries(db: Db, d: DrawDue): Generator<Overdue> {
  if (d.enterDue === '') return;
  const resultsOf = bySheet(iterateResultDates(db, d.draw));
  try {
    for (const sheet of standingSheetDepartments(db, d.draw)) {
      const own = resultsOf.at(sheet.number);
      for (const code of d.departments) {
        if (sheet.departments.has(code) && !departmentResult(own, sheet.number, code)) {
          yield { kind: 'enter', plan: d.plan, draw: d.draw, sheet: sheet.number, department: code, due: d.enterDue, daysLate: d.enterLate };
        }
      }
    }
  } finally { resultsOf.close(); }
}

function* unpublished(db: Db, d: DrawDue, disclosed: ReadonlySet<number>, on: string,
  dueOf: (from: string, days: number) => string, lateOf: (due: string) => number): Generator<Overdue> {
  const days = inspectionDays(db, d.draw).map((day) => ({ day, due: dueOf(day, d.publishDays) })).filter((x) => on > x.due)
    .map((x) => ({ ...x, late: lateOf(x.due) }))
    .sort((a, b) => b.late - a.late || a.due.localeCompare(b.due));
  if (days.length === 0) return;
  // days of one due date (and so of as many days late) share a rank: their results then come by sheet
  const rankOf: Record<string, number> = {};
  let rank = 0;
  days.forEach((x, i) => { if (i > 0 && x.due !== days[i - 1]!.due) rank++; rankOf[x.day] = rank; });
  for (const r of resultDatesByRank(db, d.draw, rankOf)) {
    if (disclosed.has(r.id)) continue;
    const due = dueOf(r.inspectedOn, d.publishDays);
    yield { kind: 'publish', plan: d.plan, draw: d.draw, sheet: r.number, department: r.department ?? undefined, due, daysLate: lateOf(due) };
  }
}

/** The results entered after their entry deadline, draw by draw in result order. */
function* lateEntryItems(db: Db, dues: readonly DrawDue[], dueOf: (from: string, days: number) => string): Generator<LateEntry> {
  for (const d of dues) {
    for (const r of iterateResultDates(db, d.draw)) {
      const due = dueOf(r.inspectedOn, d.entryDays);
      if (r.enteredOn > due) yield { plan: d.plan, draw: d.draw, sheet: r.number, department: r.department ?? undefined, inspectedOn: r.inspectedOn, enteredOn: r.enteredOn, due };
    }
  }
}

/**
 * The voided draws of the year and what stays recorded on each (art. 31): nothing of them counts
 * in the progress above, and nothing of them is gone.
 */
function voidedRecords(db: Db, year: number) {
  return voidedOfYear(db, year).map((v) => {
    const r = drawRecords(db, v.id);
    return {
      plan: getPlan(db, v.planId)!.number, draw: v.id, voidedAt: v.voidedAt, reason: v.voidReason, approvedBy: v.voidApprovedBy,
      confirmations: r.confirmations.length, rejections: r.rejections.length, results: r.results.length, dispositions: r.dispositions.length,
    };
  });
}
