import type { CommandFn } from '../command.js';
import { KINDS } from '../../core/records.js';
import { usageError, EXIT } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import type { ImportReport } from '../../io/import-file.js';
import { importRegistry } from '../../app/import-registry.js';
import { importCalendar } from '../../app/import-calendar.js';
import type { ImportKind } from '../../io/columns.js';
import { fmt, paint, progress } from '../render.js';
import type { Context } from '../context.js';
import { confirm } from '../prompts/confirm.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

const IMPORT_KINDS = [...KINDS, 'results', 'calendar'];

interface Options { encoding?: 'auto' | 'utf8' | 'gb18030'; dryRun?: boolean; strict?: boolean; full?: boolean; sheet?: string; yes?: boolean; rejectsFormat?: 'csv' | 'xlsx' }

export const run: CommandFn<Options> = async ([kind, file], opts, ctx) => {
  if (!IMPORT_KINDS.includes(kind)) throw usageError('import.unknownKind', { kind, kinds: IMPORT_KINDS.join(', ') });
  if (kind === 'calendar') {
    const r = await withDb(ctx, (db) => importCalendar(appOf(ctx, db), { file }));
    return { data: r, render: (c) => { c.out(c.t('calendar.imported', { file, days: r.days, years: r.years.join('、') })); c.out(c.t('audit.head', { hash: r.auditHead })); } };
  }
  if (kind === 'results' && opts.full) throw usageError('import.fullNotForResults');
  const bar = progress(ctx, ctx.t('import.progress'));
  const report = await withDb(ctx, (db) =>
    importRegistry(appOf(ctx, db), {
      kind: kind as ImportKind, file, encoding: opts.encoding ?? 'auto', sheet: opts.sheet, rejectsFormat: opts.rejectsFormat, dryRun: Boolean(opts.dryRun), strict: Boolean(opts.strict),
      full: Boolean(opts.full), yes: Boolean(opts.yes), confirmRetire: ctx.interactive ? (n, share) => confirm(ctx.t, ctx.t('import.retireConfirm', { n: fmt(n), share: pct(share) })) : undefined,
      t: ctx.t, packageRoot: ctx.packageRoot,
      onProgress: (done, total, rows) => bar.update(done / total, ctx.t('import.rows', { rows: fmt(rows) })),
    }),
  );
  bar.done();
  if (report.titleRows.length > 0) {
    ctx.err(ctx.t('import.titleRows', { line: report.headerLine, n: report.titleRows.length, text: report.titleRows.map((r) => r.text).join(' / ').slice(0, 200) }));
  }
  if (report.unknownColumns.length > 0) ctx.err(ctx.t('import.unknownColumns', { columns: report.unknownColumns.join(', ') }));
  for (const w of report.warningSamples) ctx.err(ctx.t('import.warning', { line: w.line, field: w.field, message: w.message }));
  if (report.warnings > report.warningSamples.length) ctx.err(ctx.t('import.moreWarnings', { n: report.warnings - report.warningSamples.length }));
  return { data: report, render: (c) => render(report, c), exitCode: report.rejected > 0 ? EXIT.rejected : EXIT.ok };
};

function render(r: ImportReport, ctx: Context): void {
  const { t } = ctx;
  const c = paint(ctx);
  ctx.out(t('import.summary', {
    kind: t(`kind.${r.kind}`), file: r.file, encoding: r.encoding, total: fmt(r.total), inserted: fmt(r.inserted),
    updated: fmt(r.updated), unchanged: fmt(r.unchanged), rejected: fmt(r.rejected), warnings: fmt(r.warnings),
  }));
  if (r.blank > 0) ctx.out(t('import.blank', { n: fmt(r.blank) }));
  if (r.separator && r.separator !== ',') ctx.out(t('import.separator', { separator: t(r.separator === '\t' ? 'separator.tab' : 'separator.semicolon') }));
  if (r.sheet) ctx.out(t('import.sheet', { sheet: r.sheet }));
  if (r.full) ctx.out(r.retireSkipped ? c.yellow(t('import.retireSkipped')) : t('import.retired', { n: fmt(r.retired) }));
  if (r.staleRejectsFile) ctx.out(t('import.staleRejects', { path: r.staleRejectsFile }));
  if (r.rejectsFile) ctx.out(c.yellow(t('import.rejectsAt', { path: r.rejectsFile })));
  if (r.dryRun) ctx.out(c.cyan(t('import.dryRun')));
  else if (!r.committed) ctx.out(c.red(t('import.strictAborted', { n: fmt(r.rejected) })));
  else ctx.out(t('audit.head', { hash: r.auditHead }));
}
