import { drawArg } from '../sheet-ref.js';
import type { CommandFn } from '../result.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { markVoided } from '../../store/draws.js';

/** `draw void DRAW --reason TEXT --approved-by NAME`: the plan may then be run again; the voided draw stays on record. */
export const run: CommandFn = async ([id], opts, ctx) => {
  const reason = String(opts.reason ?? '').trim();
  const approvedBy = String(opts.approvedBy ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  if (!approvedBy) throw usageError('flag.required', { flag: '--approved-by' });
  return withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (draw.status === 'voided') throw usageError('void.already', { id });
    const head = db.transaction(() => {
      markVoided(db, draw.id, reason, approvedBy, ctx.now().toISOString());
      return appendAudit(db, ctx.now(), ctx.operator, 'draw.void', { draw: draw.id, plan: draw.planId, reason, approvedBy, was: draw.status }).hash;
    }).immediate();
    const data = { draw: draw.id, status: 'voided', reason, approvedBy, auditHead: head };
    return { data, render: (c) => { c.out(c.t('void.done', { id: draw.id })); c.out(c.t('audit.head', { hash: head })); } };
  });
};
