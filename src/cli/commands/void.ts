import { drawArg } from '../../app/refs.js';
import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { voidDraw } from '../../app/void-draw.js';

interface VoidOptions { reason?: string; approvedBy?: string; withResults?: boolean }

/**
 * `draw void DRAW --reason TEXT --approved-by NAME [--with-results]`: the plan may then be run
 * again; the voided draw stays on record, with whatever was recorded on it (art. 31).
 */
export const run: CommandFn<VoidOptions> = async ([id], opts, ctx) => {
  const reason = String(opts.reason ?? '').trim();
  const approvedBy = String(opts.approvedBy ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  if (!approvedBy) throw usageError('flag.required', { flag: '--approved-by' });
  return withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (draw.status === 'voided') throw usageError('void.already', { id });
    const data = voidDraw(appOf(ctx, db), { drawId: draw.id, reason, approvedBy, withResults: opts.withResults === true });
    return {
      data,
      render: (c) => {
        c.out(c.t('void.done', { id: draw.id }));
        const n = data.counts;
        if (n.confirmations + n.sheetConfirmations + n.rejections + n.results + n.dispositions > 0) c.out(c.t('void.kept', { ...n }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  });
};
