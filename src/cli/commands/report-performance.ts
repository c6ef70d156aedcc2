import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { withDb } from '../db.js';
import { performanceReport, type PerformanceReport } from '../../app/report-performance.js';
import { chinaDate } from '../../core/deadlines.js';
import { performanceCells, performanceHeader, performanceHtml } from '../../io/report-html.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { table } from '../render.js';

interface Options { year?: number; out?: string; force?: boolean }

/**
 * `draw report performance [--year Y] [--out FILE.html [--force]]` (art. 32): each department's
 * work in the year, on time by the deadlines frozen with each draw; the terminal table, --json,
 * and a printable A4 HTML file with a chart. No names of subjects or people: a public paper.
 */
export const run: CommandFn<Options> = async (_args, opts, ctx) =>
  withDb(ctx, (db) => {
    const on = chinaDate(ctx.now().toISOString());
    const report = performanceReport(db, opts.year ?? Number(on.slice(0, 4)), on);
    if (!opts.out) return { data: report, render: (c) => render(c, report) };
    const written = writeFileSafelySync(opts.out, performanceHtml(ctx.t, ctx.lang, report), { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const file = { out: written.path, sha256: written.sha256 };
    return { data: { ...report, file }, render: (c) => { render(c, report); c.out(c.t('report.written', { out: file.out })); } };
  });

function render(c: Context, r: PerformanceReport) {
  const { t } = c;
  c.out(t('report.performance.title', { year: r.year }));
  if (!r.departments.length) {
    c.out(t('report.noDraws', { year: r.year }));
    return;
  }
  c.out(table(c, performanceHeader(t), r.departments.map((d) => performanceCells(t, d))));
  c.out(t('report.section.draws'));
  c.out(table(c, [t('report.col.task'), t('report.col.draw'), t('report.col.drawnOn'), t('report.col.deadlines')],
    r.draws.map((d) => [d.task, d.draw, d.drawnOn, t('report.deadlines', { confirm: d.deadlines.confirmDays, enter: d.deadlines.entryDays, publish: d.deadlines.publishDays })])));
  c.out(t('report.performance.note'));
  if (r.provisional) c.err(t('report.provisional'));
}
