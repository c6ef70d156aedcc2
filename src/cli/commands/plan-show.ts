import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { getPlan } from '../../store/plans.js';
import { expectedDrawOf } from '../../app/expected-draw.js';
import { renderPlan } from '../views/plan.js';
import { drawsOfPlan } from '../../store/draws.js';
import { table } from '../render.js';
import { yearOf } from '../../app/annual-plan.js';
import { renderYear, yearData } from '../views/annual.js';

/**
 * `draw plan show YEAR` (four digits): the year's annual plan, its tasks and the year against the
 * floor; `draw plan show TASK` (`2022-001`, or its id): one task.
 */
export const run: CommandFn = async ([id], _opts, ctx) =>
  withDb(ctx, (db) => {
    if (/^\d{4}$/.test(String(id))) {
      const year = yearOf(db, Number(id));
      if (!year.annual && year.tasks.length === 0) throw DrawError.of(EXIT.usage, 'annual.notFound', { year: id }, 'annual.notFoundHint');
      return { data: yearData(year), render: (c) => renderYear(c, year) };
    }
    const plan = getPlan(db, id);
    if (!plan) throw DrawError.of(EXIT.usage, 'plan.notFound', { id });
    // the population, expected draw and reach as the registry stands today: what `draw run` would take now
    const expected = expectedDrawOf(db, plan);
    const draws = drawsOfPlan(db, plan.id).map((d) => ({ id: d.id, status: d.status, committedAt: d.committedAt, drawnAt: d.drawnAt, voidReason: d.voidReason }));
    const { reach } = expected;
    const data = { ...plan, population: expected.population, expectedDraw: expected.drawn, strata: expected.per, leftOut: expected.leftOut, reach, draws };
    return { data, render: (c) => { renderPlan(c, plan, expected, reach); renderDraws(c, draws); } };
  });

function renderDraws(ctx: Context, draws: { id: number; status: string; committedAt: string; drawnAt: string | null; voidReason: string | null }[]) {
  const { t } = ctx;
  if (!draws.length) return;
  ctx.out(table(ctx, [t('draw.id'), t('draw.status'), t('draw.committedAt'), t('draw.drawnAt'), t('draw.voidReason')],
    draws.map((d) => [d.id, t(`drawStatus.${d.status}`), d.committedAt, d.drawnAt, d.voidReason])));
}
