import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { loadCalendar } from '../../store/calendar.js';
import { deadlineRules, setting, yearCaps } from '../../store/settings.js';
import { atCapOfYear, drawnSubjectsOfYear, standingSheetDepartments } from '../../store/reports.js';
import { getPlan } from '../../store/plans.js';
import { confirmationsOf } from '../../store/confirmations.js';
import { departmentResult, iterateCurrentResults } from '../../store/results.js';
import { iterateSheetConfirmations } from '../../store/rejections.js';
import { bySheet } from '../../core/by-sheet.js';
import { disclosedResultIds } from '../../store/disclosures.js';
import { drawDeadlines, drawnOfYear } from '../../store/draws.js';
import { drawRecords, voidedOfYear } from '../../store/draw-records.js';
import { chinaDate, type DeadlineRules } from '../../core/deadlines.js';
import { floorOfYear } from '../../app/annual-plan.js';
import { yearEndNear } from '../../core/annual-plan.js';
import { formatPpm } from '../../core/draw/index.js';
import type { WorkCalendar } from '../../core/calendar.js';
import { fmt, paint, table } from '../render.js';
import type { Translate } from '../../i18n/index.js';
import type { Cell } from '../../io/csv-out.js';
import { columnsOf, paperFormat, writePaper, type Paper } from '../../io/paper-out.js';
import { MODE } from '../../io/write-file.js';
import { auditHeadEntry } from '../../store/audit.js';
import { anchorText } from '../../core/audit-anchor.js';

/**
 * `draw status [--year Y] [--on DATE] [--out FILE [--format csv|xlsx]]`: for each plan and department, the sheets it is on, confirmed,
 * inspected, entered and published; everything overdue, worst first; the year's coverage against
 * the 3% floor; subjects at the yearly cap; the voided draws with the records kept on them.
 * `--on` asks "as of that day" (it moves no event). Every due date is counted with the deadlines
 * frozen with its draw (`drawDeadlines`); the settings of today (`rules`) are for draws to come.
 */
interface Overdue { kind: 'confirm' | 'enter' | 'publish'; plan: string; draw: number; department?: string; sheet?: number; due: string; daysLate: number }

interface StatusOptions { year?: number; on?: string; out?: string; force?: boolean; format?: 'csv' | 'xlsx' }

export const run: CommandFn<StatusOptions> = async (_args, opts, ctx) =>
  withDb(ctx, async (db) => {
    const on = opts.on ?? chinaDate(ctx.now().toISOString());
    const year = opts.year ?? Number(on.slice(0, 4));
    // the table on a terminal shows the first SHOWN of what is overdue and counts the rest; --json
    // and --out give every item
    const tally = { overdue: 0 };
    const data = statusOf(db, loadCalendar(db), deadlineRules(db), year, on, ctx.json || opts.out ? Infinity : SHOWN, tally);
    if (!opts.out) return { data, render: (c) => render(c, data, tally.overdue) };
    const format = paperFormat(opts.out, opts.format);
    const paper = statusPaper(ctx.t, data, auditHeadEntry(db));
    // a paper for the office: plan numbers, sheet references and counts, no names
    const written = await writePaper(opts.out, paper, { format }, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const file = { out: written.path, format, rows: paper.rows.length, sha256: written.sha256 };
    return { data: { ...data, file }, render: (c) => { render(c, data, tally.overdue); c.out(c.t('status.written', { out: file.out, rows: file.rows, format })); } };
  });

/**
 * The status as one table for a clerk's spreadsheet: the progress rows (per plan and department),
 * then everything overdue, worst first, in the same columns.
 */
function statusPaper(t: Translate, d: ReturnType<typeof statusOf>, head: { seq: number; hash: string }): Paper & { rows: unknown[][] } {
  const header = [t('status.what'), t('paper.col.planNumber'), t('draw.id'), t('status.whichOne'), t('status.drawn'), t('status.confirmed'),
    t('status.inspected'), t('status.entered'), t('status.published'), t('status.due'), t('status.daysLate'), t('paper.col.auditHead')];
  const progress: Cell[][] = d.rows.map((r: any) => [t('status.kind.progress'), r.plan, r.draw, r.department, r.drawn,
    `${r.confirmed}${r.confirmedLate ? ` ${t('status.late')}` : ''}`, r.inspected, r.entered, r.published, '', '']);
  const overdue: Cell[][] = d.overdue.map((o) => [t(`status.kind.${o.kind}`), o.plan, o.draw, whichOne(o),
    '', '', '', '', '', o.due, o.daysLate]);
  // a voided draw's kept records, in the columns they were counted in while it stood
  const voided: Cell[][] = d.voided.map((v) => [t('status.kind.voided'), v.plan, v.draw, '', '', v.confirmations, '', v.results, '', '', '']);
  return {
    sheet: t('paper.sheetName.status'),
    columns: columnsOf(header, { 2: 'number', 4: 'number', 6: 'number', 7: 'number', 8: 'number', 9: 'date', 10: 'number' }),
    // each row with the audit log head the paper was made at (SEQ:HASH), as every paper has
    rows: [...progress, ...overdue, ...voided].map((r) => [...r, anchorText(head)]),
  };
}

/** What is overdue, as a clerk names it: a department, a sheet, or a department's part of a sheet (`1/3 SWJ`). */
const whichOne = (o: Overdue) => (o.sheet === undefined ? o.department ?? '' : `${o.draw}/${o.sheet}${o.department ? ` ${o.department}` : ''}`);

/** How many overdue items the table shows. */
const SHOWN = 30;

/**
 * `keep`: how many of a draw's overdue sheets to keep as items (they are counted in tally.overdue
 * all the same): a province's draw of 240,000 sheets with nothing entered is a million items,
 * which only --json and --out print. They come in sheet order, the order the table sorts them in
 * among the draw's, so the first `keep` are the ones it would show.
 */
function statusOf(db: Db, cal: WorkCalendar, rules: DeadlineRules, year: number, on: string, keep: number, tally: { overdue: number }) {
  const draws = drawnOfYear(db, year);
  const disclosed = disclosedResultIds(db);
  const rows: Record<string, unknown>[] = [];
  /** per draw: its sheets that take results, and those complete (every department on it has entered, art. 6) */
  const sheetsOf: { plan: string; draw: number; sheets: number; complete: number }[] = [];
  const overdue: Overdue[] = [];
  const lateEntries: { plan: string; draw: number; sheet: number; department?: string; inspectedOn: string; enteredOn: string; due: string }[] = [];
  const ownRules: ({ plan: string; draw: number } & DeadlineRules)[] = [];
  let provisional = false;
  const dueOf = (from: string, days: number) => {
    const d = cal.addWorkingDays(from, days);
    if (d.provisional) provisional = true;
    return d.date;
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
    const enterLate = on > enterDue ? cal.workingDaysBetween(enterDue, on) : 0;
    // per department: the sheets it is on (rejections take it off; a cancelled sheet takes no
    // results), and its part of each (art. 6). One pass over the standing sheets in number order
    // beside their confirmations and current results in the same order: one sheet's records at
    // a time, not the draw's (235,000 sheets as objects with the lists beside them: 430 MB), and
    // each sheet's result found among its own.
    const counts = new Map(plan.departments.map((x) => [x.code, { drawn: 0, confirmed: 0, entered: 0, published: 0 }]));
    const confirmedOf = bySheet(iterateSheetConfirmations(db, d.id));
    const resultsOf = bySheet(iterateCurrentResults(db, d.id));
    let live = 0; let complete = 0; let kept = 0;
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
        else if (on > enterDue) {
          tally.overdue++;
          if (kept++ < keep) overdue.push({ kind: 'enter', plan: plan.number, draw: d.id, sheet: sheet.number, department: code, due: enterDue, daysLate: enterLate });
        }
      }
      if ([...sheet.departments].every((dep) => departmentResult(own, sheet.number, dep))) complete++;
    }
    confirmedOf.close(); resultsOf.close();
    for (const [code, k] of counts) {
      const c = confirmations.find((x) => x.department === code);
      rows.push({ plan: plan.number, draw: d.id, department: code, drawn: k.drawn, confirmed: k.confirmed,
        confirmedLate: c?.late ?? false, inspected: k.entered, entered: k.entered, published: k.published });
      if (k.confirmed < k.drawn && on > confirmDue) {
        tally.overdue++;
        overdue.push({ kind: 'confirm', plan: plan.number, draw: d.id, department: code, due: confirmDue, daysLate: cal.workingDaysBetween(confirmDue, on) });
      }
    }
    sheetsOf.push({ plan: plan.number, draw: d.id, sheets: live, complete });
    for (const r of iterateCurrentResults(db, d.id)) {
      const entryDue = dueOf(r.inspectedOn, frozen.entryDays);
      const department = r.department ?? undefined;
      if (r.enteredOn > entryDue) lateEntries.push({ plan: plan.number, draw: d.id, sheet: r.number, department, inspectedOn: r.inspectedOn, enteredOn: r.enteredOn, due: entryDue });
      // due from the inspection's completion, the day the information is produced (企业信息公示暂行条例 art. 6), not from its entry
      const publishDue = dueOf(r.inspectedOn, frozen.publishDays);
      if (!disclosed.has(r.id) && on > publishDue) {
        tally.overdue++;
        overdue.push({ kind: 'publish', plan: plan.number, draw: d.id, sheet: r.number, department, due: publishDue, daysLate: cal.workingDaysBetween(publishDue, on) });
      }
    }
  }
  overdue.sort((a, b) => b.daysLate - a.daysLate || a.due.localeCompare(b.due) || (a.sheet ?? 0) - (b.sheet ?? 0));
  const cap = setting(db, 'year_cap');
  const covered = drawnSubjectsOfYear(db, year);
  // the yearly floor of art. 17 (an office setting) on the distinct subjects drawn this year
  const floor = floorOfYear(db, year, 0);
  const registry = floor.registry;
  // each subject at the cap of its risk stratum (issue 11): a listed or grade-D subject is uncapped by default
  const caps = yearCaps(db);
  const atCap = atCapOfYear(db, year, caps);
  const uncovered = cal.coveredYears().includes(year) ? [] : [year];
  return {
    year, on, rules, drawRules: ownRules, yearCap: cap, rows, sheets: sheetsOf, overdue, lateEntries, voided: voidedRecords(db, year),
    coverage: {
      subjects: covered, registry, ratio: registry ? covered / registry : 0, floor: floor.floorPpm / 1_000_000, floorPpm: floor.floorPpm, needed: floor.needed, meetsFloor: floor.meetsAchieved,
      // from the office's month on (November by default), an unmet floor is warned about
      yearEndWarning: !floor.meetsAchieved && yearEndNear(year, on, setting(db, 'floor_warn_month')),
    },
    atCap: { count: atCap.length, subjects: atCap.slice(0, 50), caps },
    provisional: provisional || uncovered.length > 0,
  };
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

function render(ctx: Context, d: ReturnType<typeof statusOf>, overdueCount: number) {
  const { t } = ctx;
  const p = paint(ctx);
  ctx.out(t('status.title', { year: d.year, on: d.on }));
  ctx.out(t('status.rules', { confirm: d.rules.confirmDays, enter: d.rules.entryDays, publish: d.rules.publishDays, cap: d.yearCap }));
  for (const r of d.drawRules) ctx.out(t('status.drawRules', { draw: r.draw, plan: r.plan, confirm: r.confirmDays, enter: r.entryDays, publish: r.publishDays }));
  if (d.rows.length) {
    ctx.out(table(ctx, [t('plan.number'), t('draw.id'), t('field.department'), t('status.drawn'), t('status.confirmed'), t('status.inspected'), t('status.entered'), t('status.published')],
      d.rows.map((r: any) => [r.plan, r.draw, r.department, fmt(r.drawn), `${fmt(r.confirmed)}${r.confirmedLate ? ` ${t('status.late')}` : ''}`, fmt(r.inspected), fmt(r.entered), fmt(r.published)])));
    for (const x of d.sheets) ctx.out(t('status.complete', { plan: x.plan, draw: x.draw, complete: fmt(x.complete), sheets: fmt(x.sheets) }));
  } else ctx.out(t('status.noDraws'));
  if (d.overdue.length) {
    ctx.out(p.red(t('status.overdueTitle', { n: overdueCount })));
    const shown = d.overdue.slice(0, SHOWN);
    ctx.out(table(ctx, [t('status.what'), t('plan.number'), t('status.whichOne'), t('status.due'), t('status.daysLate')],
      shown.map((o) => [p.red(t(`status.kind.${o.kind}`)), o.plan, whichOne(o), o.due, p.red(String(o.daysLate))])));
    if (overdueCount > shown.length) ctx.out(t('status.moreOverdue', { n: overdueCount - shown.length }));
  } else ctx.out(p.green(t('status.nothingOverdue')));
  if (d.lateEntries.length) ctx.out(p.yellow(t('status.lateEntries', { n: d.lateEntries.length })));
  for (const v of d.voided) ctx.out(p.yellow(t('status.voidedKept', { ...v, reason: v.reason ?? '', approvedBy: v.approvedBy ?? '' })));
  const c = d.coverage;
  const line = t('status.coverage', { covered: fmt(c.subjects), registry: fmt(c.registry), pct: (c.ratio * 100).toFixed(2) });
  ctx.out(c.meetsFloor ? p.green(line) : p.yellow(`${line} ${t('annual.status.belowFloor', { floor: formatPpm(c.floorPpm), needed: fmt(c.needed) })}`));
  if (c.yearEndWarning) ctx.out(p.red(t('annual.status.yearEnd', { year: d.year, covered: fmt(c.subjects), needed: fmt(c.needed), short: fmt(c.needed - c.subjects) })));
  const none = t('status.noCap');
  const c_ = d.atCap.caps;
  ctx.out(t('status.atStratumCap', { n: fmt(d.atCap.count), listed: c_.listed ?? none, d: c_.gradeD ?? none, a: c_.gradeA, others: c_.others }));
  if (d.provisional) ctx.err(p.yellow(t('status.provisional')));
}
