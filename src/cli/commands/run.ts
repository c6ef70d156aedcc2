import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { appOf, withDb } from '../db.js';
import { runPlan } from '../../app/run-draw.js';
import { drawViewOf, renderDrawSummary } from '../views/draw.js';
import { renderStaleGrades } from '../views/stale-grades.js';

interface RunOptions { seed?: string; commitOnly?: boolean }

/**
 * `draw run PLAN [--seed TEXT] [--commit-only]` (art. 15–17): snapshot, commitment, seed, draw.
 * The commitment (parameters and snapshot hashes) is logged before any seed exists; a plan has
 * one effective draw; every attempt, refused ones included, is in the audit log.
 */
export const run: CommandFn<RunOptions> = async ([planRef], opts, ctx) =>
  withDb(ctx, (db) => {
    const outcome = runPlan(appOf(ctx, db), { plan: planRef, seed: opts.seed, commitOnly: Boolean(opts.commitOnly) });
    if (outcome.kind === 'committed') {
      const { draw, plan, parameters } = outcome;
      const data = { draw: draw.id, plan: plan.number, status: 'committed', commitment: draw.commitment, parameters, auditHead: outcome.auditHead, staleGrades: outcome.staleGrades?.record };
      return {
        data,
        render: (c: Context) => {
          renderStaleGrades(c, outcome.staleGrades);
          c.out(c.t('run.committed', { draw: draw.id, plan: plan.number, commitment: draw.commitment }));
          c.out(c.t('run.nextSeed', { plan: plan.number }));
          c.out(c.t('audit.head', { hash: data.auditHead }));
        },
      };
    }
    const view = drawViewOf(db, outcome.draw, outcome.plan, outcome.parameters, outcome.output, ctx.json ? Infinity : 10);
    return { data: { ...view, staleGrades: outcome.staleGrades?.record }, render: (c: Context) => { renderStaleGrades(c, outcome.staleGrades); renderDrawSummary(c, view); } };
  });
