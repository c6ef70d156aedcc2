import type { Context } from '../context.js';
import type { PlanRow } from '../../store/plans.js';
import type { ExpectedDraw } from '../../app/expected-draw.js';
import { formatPpm } from '../../core/draw/index.js';
import { label } from '../labels.js';
import { fmt, table } from '../render.js';

/** A plan as `plan create` and `plan show` print it, with its expected draw per stratum. */
export function renderPlan(ctx: Context, p: PlanRow, e: ExpectedDraw): void {
  const { t } = ctx;
  const scope = [
    p.scope.statuses.map((s) => label(t, 'status', s)).join('、'),
    p.scope.townships.join('、'), p.scope.typeClasses.map((s) => label(t, 'typeClass', s)).join('、'),
    p.scope.industryPrefixes.map((x) => `${x}*`).join('、'), p.scope.authorities.join('、'), p.scope.units.join('、'),
  ].filter(Boolean).join('；');
  ctx.out(table(ctx, [t('field.field'), t('field.value')], [
    [t('plan.number'), p.number], [t('plan.name'), p.name], [t('plan.year'), p.year],
    [t('plan.initiator'), `${p.initiator} ${p.departments.find((d) => d.code === p.initiator)?.name ?? ''}`],
    [t('plan.departments'), p.departments.map((d) => t('plan.teamOf', { name: d.name, n: d.teamSize })).join('\n')],
    [t('plan.items'), p.items.map((i) => `${i.code} v${i.version} ${i.project}${i.subitem ? `／${i.subitem}` : ''}`).join('\n')],
    [t('plan.scope'), scope], [t('plan.ratio'), formatPpm(p.ratioPpm)],
    [t('plan.window'), `${p.windowStart} ~ ${p.windowEnd}`],
  ]));
  ctx.out(expectedTable(ctx, e));
}

/** The expected draw per stratum and in sum (also the wizard's summary). */
export function expectedTable(ctx: Context, e: ExpectedDraw): string {
  const { t } = ctx;
  return table(ctx, [t('plan.stratum'), t('plan.ratio'), t('plan.population'), t('plan.expected')],
    [...e.per.map((s) => [t(`stratum.${s.stratum}`), formatPpm(s.ppm), fmt(s.size), fmt(s.drawn)]), [t('plan.sum'), '', fmt(e.population), fmt(e.drawn)]]);
}
