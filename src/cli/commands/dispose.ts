import type { CommandFn } from '../result.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { addDisposition } from '../../store/dispositions.js';
import { hasCurrentResult } from '../../store/results.js';
import { ACTIONS, codeOf, labelOf } from '../../core/outcomes.js';
import { isIsoDate } from '../../core/dates.js';
import { sheetArg } from '../sheet-ref.js';

/** `draw dispose SHEET --action … --date … [--complete] [--note]` (art. 22): the follow-up of a violation; published like results. */
export const run: CommandFn = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    const action = codeOf(ACTIONS, String(opts.action ?? ''));
    if (!action) throw usageError('dispose.badAction', { value: opts.action ?? '', accepted: ACTIONS.map((a) => a.label).join('、') });
    const date = String(opts.date ?? '');
    if (!isIsoDate(date)) throw usageError('plan.badValue', { flag: '--date', value: date });
    const sheet = sheetArg(db, ref);
    if (!hasCurrentResult(db, sheet)) throw usageError('dispose.noResult', { ref });
    const at = ctx.now().toISOString();
    const note = String(opts.note ?? '').trim();
    const { id, corrects, head } = db.transaction(() => {
      const w = addDisposition(db, sheet.drawId, { number: sheet.number, action, decidedOn: date, complete: Boolean(opts.complete), note, enteredAt: at, enteredBy: ctx.operator });
      const head = appendAudit(db, ctx.now(), ctx.operator, 'sheet.dispose', { draw: sheet.drawId, sheet: sheet.number, disposition: w.id, action, decidedOn: date, complete: Boolean(opts.complete), note, corrects: w.corrects }).hash;
      return { ...w, head };
    }).immediate();
    return {
      data: { draw: sheet.drawId, sheet: sheet.number, disposition: id, corrects, action, decidedOn: date, complete: Boolean(opts.complete), auditHead: head },
      render: (c) => { c.out(c.t('dispose.done', { ref, action: labelOf(ACTIONS, action), date, complete: c.t(opts.complete ? 'dispose.complete' : 'dispose.open') })); c.out(c.t('audit.head', { hash: head })); },
    };
  });
