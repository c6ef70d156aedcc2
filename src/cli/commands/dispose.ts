import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { dispose } from '../../app/dispose.js';
import { ACTIONS, codeOf, labelOf } from '../../core/findings.js';
import { sheetArg } from '../../app/refs.js';

interface DisposeOptions { department?: string; action?: string; date?: string; complete?: boolean; note?: string }

/**
 * `draw dispose SHEET --department CODE --action … --date … [--complete] [--note]` (art. 22): the
 * follow-up of a violation that department found; published like results.
 */
export const run: CommandFn<DisposeOptions> = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    const action = codeOf(ACTIONS, String(opts.action ?? ''));
    if (!action) throw usageError('dispose.badAction', { value: opts.action ?? '', accepted: ACTIONS.map((a) => a.label).join('、') });
    const date = String(opts.date); // a date (src/cli/flags.ts), and required
    const sheet = sheetArg(db, ref);
    const data = dispose(appOf(ctx, db), { sheet, ref, department: opts.department, action, decidedOn: date, complete: Boolean(opts.complete), note: String(opts.note ?? '').trim() });
    return {
      data,
      render: (c) => {
        c.out(c.t('dispose.done', { ref, department: data.department, action: labelOf(ACTIONS, action), date, complete: c.t(opts.complete ? 'dispose.complete' : 'dispose.open') }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  });
