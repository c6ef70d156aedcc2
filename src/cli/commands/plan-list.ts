import type { CommandFn } from '../command.js';
import { withDb } from '../db.js';
import { listPlans } from '../../store/plans.js';
import { formatPpm } from '../../core/draw/index.js';
import { table } from '../render.js';

interface PlanListOptions { year?: number }

/** `draw plan list [--year Y]`. */
export const run: CommandFn<PlanListOptions> = async (_args, opts, ctx) =>
  withDb(ctx, (db) => {
    const rows = listPlans(db, opts.year);
    return {
      data: rows,
      render: (c) => {
        const { t } = c;
        if (rows.length) {
          c.out(table(c, [t('field.id'), t('plan.number'), t('plan.name'), t('plan.year'), t('plan.initiator'), t('plan.ratio'), t('plan.window'), t('plan.draw')],
            rows.map((r) => [r.id, r.number, r.name, r.year, r.initiator, formatPpm(r.ratioPpm), `${r.windowStart} ~ ${r.windowEnd}`,
              `${r.drawStatus ? t(`drawStatus.${r.drawStatus}`) : t('plan.notDrawn')}${r.voided ? t('plan.voidedCount', { n: r.voided }) : ''}`])));
        }
        c.out(t('plan.total', { n: rows.length }));
      },
    };
  });
