import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { withDb } from '../db.js';
import { coverageReport, type CoverageReport } from '../../app/report-coverage.js';
import { chinaDate } from '../../core/deadlines.js';
import { coverageHtml, groupLabel, itemsSummary, itemTasksText, totalText } from '../../io/report-html.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { paint, table } from '../render.js';

interface Options { year?: number; out?: string; force?: boolean }

/**
 * `draw report coverage [--year Y] [--out FILE.html [--force]]` (art. 17, 26): every item of the
 * list with the year's tasks that cover it, the items none covers, and the share of the registry
 * drawn by township, class and credit grade against the yearly floor; the terminal tables,
 * --json, and a printable A4 HTML file with charts. Counts only: a public paper.
 */
export const run: CommandFn<Options> = async (_args, opts, ctx) =>
  withDb(ctx, (db) => {
    const on = chinaDate(ctx.now().toISOString());
    const report = coverageReport(db, opts.year ?? Number(on.slice(0, 4)));
    if (!opts.out) return { data: report, render: (c) => render(c, report) };
    const written = writeFileSafelySync(opts.out, coverageHtml(ctx.t, ctx.lang, report, on), { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const file = { out: written.path, sha256: written.sha256 };
    return { data: { ...report, file }, render: (c) => { render(c, report); c.out(c.t('report.written', { out: file.out })); } };
  });

function render(c: Context, r: CoverageReport) {
  const { t } = c;
  const p = paint(c);
  c.out(t('report.coverage.title', { year: r.year }));
  c.out(t('report.section.items'));
  c.out(table(c, [t('report.col.item'), t('report.col.department'), t('report.col.coveredBy')],
    r.items.map((i) => [i.code, i.department, i.random && i.tasks.length === 0 ? p.red(itemTasksText(t, i)) : itemTasksText(t, i)])));
  c.out(itemsSummary(t, r));
  if (r.uncovered.length) c.out(p.yellow(t('report.uncoveredList', { items: r.uncovered.join(t('run.staleSeparator')) })));
  for (const by of ['township', 'class', 'grade'] as const) {
    c.out(t(`report.section.${by}`));
    c.out(table(c, [t(`report.col.${by}`), t('report.col.registry'), t('report.col.drawn'), t('report.col.share')],
      r.shares[by].map((g) => [groupLabel(t, by, g.group), g.registry.toLocaleString('en-US'), g.drawn.toLocaleString('en-US'), `${(g.ratio * 100).toFixed(2)}%`])));
  }
  const line = totalText(t, r);
  c.out(r.total.meetsFloor ? p.green(line) : p.yellow(line));
}
