import { DrawError, EXIT, usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { getDraw, markVoided } from '../store/draws.js';
import { disclosuresOfDraw, drawRecords, hasRecords } from '../store/draw-records.js';
import { inTransaction, type App } from './context.js';

export interface VoidInput {
  drawId: number; reason: string; approvedBy: string;
  /** the clerk knows the draw has confirmations or results and voids it with them (art. 31) */
  withResults: boolean;
}

/**
 * Voids a draw (the plan may then be run again); the voided draw stays on record, and so does
 * everything departments recorded on it: confirmations, rejections, results, dispositions are
 * kept as they are, read back as voided, and the void's audit event names each of them. A draw
 * with any of them is voided only when the clerk says so (`--with-results`); a draw one of whose
 * results was published is not voided at all: the public notice cannot be taken back.
 */
export function voidDraw(app: App, input: VoidInput) {
  const { db } = app;
  const done = inTransaction(app, () => {
    // under the write lock: a result entered a moment before must be seen
    const draw = getDraw(db, input.drawId);
    if (!draw) throw usageError('draw.notFound', { id: input.drawId });
    if (draw.status === 'voided') throw usageError('void.already', { id: input.drawId });
    const records = drawRecords(db, draw.id);
    if (records.published.length > 0) {
      throw DrawError.of(EXIT.usage, 'void.published', { id: draw.id, results: records.published.length, disclosures: disclosuresOfDraw(db, draw.id).join('、') });
    }
    if (hasRecords(records) && !input.withResults) {
      throw DrawError.of(EXIT.usage, 'void.hasRecords', {
        id: draw.id, confirmations: records.confirmations.length, results: records.results.length, dispositions: records.dispositions.length,
        rejections: records.rejections.length,
      }, 'void.hasRecordsHint');
    }
    markVoided(db, draw.id, input.reason, input.approvedBy, app.now().toISOString());
    // nothing was published (refused above): what is kept is everything else recorded
    const { published: _, ...kept } = records;
    const counts = {
      confirmations: kept.confirmations.length, sheetConfirmations: kept.sheetConfirmations, rejections: kept.rejections.length,
      results: kept.results.length, dispositions: kept.dispositions.length,
    };
    const entry = appendAudit(db, app.now(), app.operator, 'draw.void', {
      draw: draw.id, plan: draw.planId, reason: input.reason, approvedBy: input.approvedBy, was: draw.status, withResults: input.withResults, kept, counts,
    });
    return { kept, counts, auditHead: entry.hash };
  });
  return { draw: input.drawId, status: 'voided' as const, reason: input.reason, approvedBy: input.approvedBy, ...done };
}
