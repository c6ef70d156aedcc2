import type { CommandFn } from '../command.js';
import { DrawError, EXIT, usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { recordResult, ResultRefused } from '../../app/record-result.js';
import { FINDINGS, labelOf } from '../../core/findings.js';
import { sheetArg } from '../../app/refs.js';

interface ResultOptions {
  date?: string; findings?: string; items?: string; signed?: boolean; refused?: boolean; refusalNote?: string; witness?: string; note?: string;
}

/**
 * `draw result SHEET --date D --findings … --items … (--signed | --refused --refusal-note … --witness …)`
 * (art. 11, 18, 20): records who entered it and when; a correction keeps the old value and is logged.
 */
export const run: CommandFn<ResultOptions> = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    if (opts.signed && opts.refused) throw usageError('result.signedOrRefused');
    if (!opts.signed && !opts.refused) throw usageError('flag.required', { flag: '--signed | --refused' });
    const sheet = sheetArg(db, ref);
    let data;
    try {
      data = recordResult(appOf(ctx, db), {
        sheet,
        fields: { date: opts.date, findings: opts.findings, items: opts.items, signed: Boolean(opts.signed), refusalNote: opts.refusalNote, witness: opts.witness, note: opts.note },
      });
    } catch (error) {
      if (!(error instanceof ResultRefused)) throw error;
      // The field the check names is the flag that gave it.
      const flag = `--${error.problem.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw DrawError.of(EXIT.usage, 'flag.problem', { flag, message: ctx.t(error.key, error.params) });
    }
    const { auditHead, corrects, findings, inspectedOn } = data;
    return {
      data,
      render: (c) => {
        c.out(c.t(corrects ? 'result.corrected' : 'result.recorded', { ref, findings: findings.map((f) => labelOf(FINDINGS, f)).join('、'), date: inspectedOn }));
        c.out(c.t('audit.head', { hash: auditHead }));
      },
    };
  });
