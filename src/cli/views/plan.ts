import type { Context } from '../context.js';
import type { PlanRow } from '../../store/plans.js';
import type { ExpectedDraw } from '../../app/expected-draw.js';
import type { DepartmentReach } from '../../app/plan-reach.js';
import { formatPpm } from '../../core/draw/index.js';
import { appliesLabel, label } from '../labels.js';
import { fmt, table } from '../render.js';

/** A plan as `plan create` and `plan show` print it, with its expected draw per stratum and each department's reach. */
export function renderPlan(ctx: Context, p: PlanRow, e: ExpectedDraw, reach: DepartmentReach[]): void {
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
    [t('plan.items'), p.items.map((i) => `${i.code} v${i.version} ${i.project}${i.subitem ? `／${i.subitem}` : ''}${appliesNote(ctx, i)}`).join('\n')],
    [t('plan.scope'), scope], [t('plan.ratio'), formatPpm(p.ratioPpm)],
    [t('plan.window'), `${p.windowStart} ~ ${p.windowEnd}`],
  ]));
  ctx.out(expectedTable(ctx, e));
  const left = leftOutNote(ctx, e);
  if (left) ctx.out(left);
  ctx.out(reachTable(ctx, reach, e.population, (code) => p.departments.find((d) => d.code === code)?.name ?? ''));
}

/** Why the population is smaller than the scope: the subjects none of the plan's items applies to (a draw leaves them out); '' when there are none. */
export function leftOutNote(ctx: Context, e: Pick<ExpectedDraw, 'leftOut'>): string {
  return e.leftOut > 0 ? ctx.t('plan.leftOut', { n: fmt(e.leftOut) }) : '';
}

/** Where an item applies, after its name: （适用：H62、F521；企业）, nothing when it applies everywhere. */
export function appliesNote(ctx: Context, i: { industries: string; subject_classes: string }): string {
  const parts = [i.industries && appliesLabel(ctx.t, 'industries', i.industries), i.subject_classes && appliesLabel(ctx.t, 'subject_classes', i.subject_classes)];
  return parts.some(Boolean) ? ctx.t('plan.itemApplies', { where: parts.filter(Boolean).join('；') }) : '';
}

/** Per department: its team size and how many subjects of the population its items apply to (the wizard says it beside each team size). */
export function reachTable(ctx: Context, reach: DepartmentReach[], population: number, name: (code: string) => string): string {
  const { t } = ctx;
  return table(ctx, [t('field.department'), t('plan.teamSize'), t('plan.reach')],
    reach.map((r) => [`${r.department} ${name(r.department)}`, fmt(r.teamSize), t('plan.reachOf', { n: fmt(r.subjects), population: fmt(population) })]));
}

/** The expected draw per stratum and in sum, over the population the draw will take (also the wizard's summary). */
export function expectedTable(ctx: Context, e: ExpectedDraw): string {
  const { t } = ctx;
  return table(ctx, [t('plan.stratum'), t('plan.ratio'), t('plan.population'), t('plan.expected')],
    [...e.per.map((s) => [t(`stratum.${s.stratum}`), formatPpm(s.ppm), fmt(s.size), fmt(s.drawn)]), [t('plan.sum'), '', fmt(e.population), fmt(e.drawn)]]);
}
