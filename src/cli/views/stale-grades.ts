import type { Context } from '../context.js';
import type { StaleWarning } from '../../app/stale-grades.js';
import { fmt, paint } from '../render.js';

/** The stale-grade warning of a commitment (issue 11), on stderr: how many, per township, a few by name. */
export function renderStaleGrades(c: Context, w: StaleWarning | undefined): void {
  if (!w) return;
  const { t } = c;
  const r = w.record;
  const towns = Object.entries(r.byTownship).map(([town, n]) => t('run.staleTown', { town: town || t('run.staleNoTown'), n: fmt(n) })).join(t('run.staleSeparator'));
  const examples = r.examples.map((e) => t('run.staleExample', { name: w.names[e.key] ?? '', key: e.key, grade: e.grade, asOf: e.asOf ?? t('run.staleUndated') })).join(t('run.staleSeparator'));
  c.err(paint(c).yellow(t('run.staleGrades', { n: fmt(r.count), before: r.before, days: r.days, towns, examples })));
}
