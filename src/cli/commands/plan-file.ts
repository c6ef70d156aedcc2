import type { CommandFn } from '../command.js';
import { appOf, withDb } from '../db.js';
import { fileAnnualPlan } from '../../app/annual-plan.js';
import { renderYear, yearData } from '../views/annual.js';

/** `draw plan file YEAR`: files the year's annual plan with the level above once its tasks reach the yearly floor (art. 14, 17). */
export const run: CommandFn<{ year?: number }> = async ([year], _opts, ctx) =>
  withDb(ctx, (db) => {
    const r = fileAnnualPlan(appOf(ctx, db), Number(year));
    return {
      data: { ...yearData(r.view), filedAt: r.filedAt, auditHead: r.auditHead },
      render: (c) => {
        c.out(c.t('annual.fileDone', { year: r.filing.year, tasks: r.filing.tasks.length, expected: r.filing.expected, needed: r.filing.needed }));
        renderYear(c, r.view);
        c.out(c.t('audit.head', { hash: r.auditHead }));
      },
    };
  });
