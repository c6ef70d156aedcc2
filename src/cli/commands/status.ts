import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { withDb } from '../db.js';
import { loadCalendar } from '../../store/calendar.js';
import { deadlineRules } from '../../store/settings.js';
import { chinaDate } from '../../core/deadlines.js';
import { statusOf, type Overdue, type Status } from '../../app/status.js';
import { formatPpm } from '../../core/draw/index.js';
import { fmt, paint, table } from '../render.js';
import type { Translate } from '../../i18n/index.js';
import type { Cell } from '../../io/csv-out.js';
import { columnsOf, paperFormat, writePaper, type Paper } from '../../io/paper-out.js';
import { MODE } from '../../io/write-file.js';
import { auditHeadEntry } from '../../store/audit.js';
import { anchorText } from '../../core/audit-anchor.js';
import { JsonList, writeJsonDocument } from '../views/json-stream.js';

/**
 * `draw status [--year Y] [--on DATE] [--out FILE [--format csv|xlsx]]`: the status of the year's
 * draws (app/status.ts). `--on` asks "as of that day" (it moves no event). The table on a terminal
 * shows the first SHOWN of what is overdue and counts the rest; --json and --out give every item,
 * written as they are read (a province's million overdue items are never held).
 */
interface StatusOptions {
  year?: number; on?: string; out?: string; force?: boolean; format?: 'csv' | 'xlsx';
  /** not a flag: `draw demo` gathers each step's data into its one document, so the status comes back as data, its lists listed */
  whole?: boolean;
}

export const run: CommandFn<StatusOptions> = async (_args, opts, ctx) =>
  withDb(ctx, async (db) => {
    const on = opts.on ?? chinaDate(ctx.now().toISOString());
    const year = opts.year ?? Number(on.slice(0, 4));
    const data = statusOf(db, loadCalendar(db), deadlineRules(db), year, on);
    let file: { out: string; format: string; rows: number; sha256: string } | undefined;
    if (opts.out) {
      const format = paperFormat(opts.out, opts.format);
      const paper = statusPaper(ctx.t, data, auditHeadEntry(db));
      // a paper for the office: plan numbers, sheet references and counts, no names
      const written = await writePaper(opts.out, paper, { format }, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
      file = { out: written.path, format, rows: paper.written(), sha256: written.sha256 };
    }
    // with --json the lists are written as they are read (cli/views/json-stream.ts), never held,
    // while the database is open
    const doc = {
      year: data.year, on: data.on, rules: data.rules, drawRules: data.drawRules, yearCap: data.yearCap, rows: data.rows, sheets: data.sheets,
      overdue: new JsonList(data.overdue), lateEntries: new JsonList(data.lateEntries),
      voided: data.voided, coverage: data.coverage, atCap: data.atCap, provisional: data.provisional, file,
    };
    if (opts.whole) return { data: JSON.parse(JSON.stringify(doc)) as unknown };
    if (ctx.json) {
      writeJsonDocument(ctx.out, doc);
      return { data: undefined, streamed: true };
    }
    const shown = first(data.overdue(), SHOWN);
    return { data: doc, render: (c) => { render(c, data, shown); if (file) c.out(c.t('status.written', { out: file.out, rows: file.rows, format: file.format })); } };
  });

/** The first n of a stream (the rest is not read). */
function first<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const x of items) if (out.push(x) >= n) break;
  return out;
}

/**
 * The status as one table for a clerk's spreadsheet: the progress rows (per plan and department),
 * then everything overdue, worst first, in the same columns; rows made as the paper is written,
 * `written()` counting them.
 */
function statusPaper(t: Translate, d: Status, head: { seq: number; hash: string }): Paper & { written: () => number } {
  const header = [t('status.what'), t('paper.col.planNumber'), t('draw.id'), t('status.whichOne'), t('status.drawn'), t('status.confirmed'),
    t('status.inspected'), t('status.entered'), t('status.published'), t('status.due'), t('status.daysLate'), t('paper.col.auditHead')];
  let n = 0;
  function* rows(): Generator<Cell[]> {
    const anchor = anchorText(head);
    for (const r of d.rows as any[]) {
      yield [t('status.kind.progress'), r.plan, r.draw, r.department, r.drawn,
        `${r.confirmed}${r.confirmedLate ? ` ${t('status.late')}` : ''}`, r.inspected, r.entered, r.published, '', '', anchor];
    }
    for (const o of d.overdue()) yield [t(`status.kind.${o.kind}`), o.plan, o.draw, whichOne(o), '', '', '', '', '', o.due, o.daysLate, anchor];
    // a voided draw's kept records, in the columns they were counted in while it stood
    for (const v of d.voided) yield [t('status.kind.voided'), v.plan, v.draw, '', '', v.confirmations, '', v.results, '', '', '', anchor];
  }
  return {
    sheet: t('paper.sheetName.status'),
    columns: columnsOf(header, { 2: 'number', 4: 'number', 6: 'number', 7: 'number', 8: 'number', 9: 'date', 10: 'number' }),
    // each row with the audit log head the paper was made at (SEQ:HASH), as every paper has
    rows: { *[Symbol.iterator]() { for (const r of rows()) { n++; yield r; } } },
    written: () => n,
  };
}

/** What is overdue, as a clerk names it: a department, a sheet, or a department's part of a sheet (`1/3 SWJ`). */
const whichOne = (o: Overdue) => (o.sheet === undefined ? o.department ?? '' : `${o.draw}/${o.sheet}${o.department ? ` ${o.department}` : ''}`);

/** How many overdue items the table shows. */
const SHOWN = 30;

function render(ctx: Context, d: Status, shown: Overdue[]) {
  const overdueCount = d.overdueCount;
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
  if (shown.length) {
    ctx.out(p.red(t('status.overdueTitle', { n: overdueCount })));
    ctx.out(table(ctx, [t('status.what'), t('plan.number'), t('status.whichOne'), t('status.due'), t('status.daysLate')],
      shown.map((o) => [p.red(t(`status.kind.${o.kind}`)), o.plan, whichOne(o), o.due, p.red(String(o.daysLate))])));
    if (overdueCount > shown.length) ctx.out(t('status.moreOverdue', { n: overdueCount - shown.length }));
  } else ctx.out(p.green(t('status.nothingOverdue')));
  if (d.lateEntryCount) ctx.out(p.yellow(t('status.lateEntries', { n: d.lateEntryCount })));
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
