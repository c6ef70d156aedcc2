import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { getPlan, listPlans, populationSizes, type PlanRow } from '../../store/plans.js';
import { drawsOfPlan } from '../../store/draws.js';
import { expectedDraw, strataOf } from '../../core/plan.js';
import { formatPpm } from '../../core/draw/index.js';
import { label } from '../labels.js';
import { fmt, table } from '../render.js';
import { yearCap } from './plan.js';

/** `draw plan show ID` and `draw plan list`. */
export const run: CommandFn = async ([id], _opts, ctx) =>
  withDb(ctx, (db) => {
    const plan = getPlan(db, id);
    if (!plan) throw new DrawError(EXIT.usage, 'plan.notFound', { id });
    const expected = expectedDraw(populationSizes(db, plan.scope, plan.gradePpm !== null, plan.year, yearCap(db)), strataOf(plan));
    const draws = drawsOfPlan(db, plan.id).map((d) => ({ id: d.id, status: d.status, committedAt: d.committedAt, drawnAt: d.drawnAt, voidReason: d.voidReason }));
    const data = { ...plan, population: expected.population, expectedDraw: expected.drawn, strata: expected.per, draws };
    return { data, render: (c) => { renderPlan(c, plan, expected); renderDraws(c, draws as any[]); } };
  });

export const runList: CommandFn = async (_args, opts, ctx) =>
  withDb(ctx, (db) => {
    const rows = listPlans(db, opts.year ? Number(opts.year) : undefined);
    return {
      data: rows,
      render: (c) => {
        const { t } = c;
        if (rows.length) {
          c.out(table(c, [t('field.id'), t('plan.number'), t('plan.name'), t('plan.year'), t('plan.initiator'), t('plan.ratio'), t('plan.window'), t('plan.draw')],
            rows.map((r: any) => [r.id, r.number, r.name, r.year, r.initiator, formatPpm(r.ratioPpm), `${r.windowStart} ~ ${r.windowEnd}`,
              `${r.drawStatus ? t(`drawStatus.${r.drawStatus}`) : t('plan.notDrawn')}${r.voided ? t('plan.voidedCount', { n: r.voided }) : ''}`])));
        }
        c.out(t('plan.total', { n: rows.length }));
      },
    };
  });

export function renderPlan(ctx: Context, p: PlanRow, e: ReturnType<typeof expectedDraw>): void {
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
  ctx.out(table(ctx, [t('plan.stratum'), t('plan.ratio'), t('plan.population'), t('plan.expected')],
    [...e.per.map((s) => [t(`stratum.${s.stratum}`), formatPpm(s.ppm), fmt(s.size), fmt(s.drawn)]), [t('plan.sum'), '', fmt(e.population), fmt(e.drawn)]]));
}

function renderDraws(ctx: Context, draws: { id: number; status: string; committedAt: string; drawnAt: string | null; voidReason: string | null }[]) {
  const { t } = ctx;
  if (!draws.length) return;
  ctx.out(table(ctx, [t('draw.id'), t('draw.status'), t('draw.committedAt'), t('draw.drawnAt'), t('draw.voidReason')],
    draws.map((d) => [d.id, t(`drawStatus.${d.status}`), d.committedAt, d.drawnAt, d.voidReason])));
}
