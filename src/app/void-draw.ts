import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { getDraw, markVoided } from '../store/draws.js';
import { inTransaction, type App } from './context.js';

export interface VoidInput { drawId: number; reason: string; approvedBy: string }

/** Voids a draw (the plan may then be run again); the voided draw stays on record. */
export function voidDraw(app: App, input: VoidInput) {
  const { db } = app;
  const draw = getDraw(db, input.drawId);
  if (!draw) throw usageError('draw.notFound', { id: input.drawId });
  if (draw.status === 'voided') throw usageError('void.already', { id: input.drawId });
  const auditHead = inTransaction(app, () => {
    markVoided(db, draw.id, input.reason, input.approvedBy, app.now().toISOString());
    return appendAudit(db, app.now(), app.operator, 'draw.void', { draw: draw.id, plan: draw.planId, reason: input.reason, approvedBy: input.approvedBy, was: draw.status }).hash;
  });
  return { draw: draw.id, status: 'voided' as const, reason: input.reason, approvedBy: input.approvedBy, auditHead };
}
