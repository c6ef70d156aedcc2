import type { CommandFn } from '../command.js';
import { DrawError, usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { recordResult, ResultRefused } from '../../app/record-result.js';
import { FINDINGS, labelOf } from '../../core/findings.js';
import { sheetArg } from '../../app/refs.js';

interface ResultOptions {
  department?: string; date?: string; findings?: string; items?: string; signed?: boolean; refused?: boolean; refusalNote?: string; witness?: string;
  note?: string; lateReason?: string;
}

/**
 * `draw result SHEET --department CODE --date D --findings … --items … [--signed | --refused
 * --refusal-note … --witness …] [--late-reason …]` (art. 6, 11, 18, 20, 30): one department's part
 * of a sheet, with who entered it and when; the visit is given with the sheet's first entry; a
 * correction keeps the old value and is logged.
 */
export const run: CommandFn<ResultOptions> = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    if (opts.signed && opts.refused) throw usageError('result.signedOrRefused');
    const sheet = sheetArg(db, ref);
    let data;
    try {
      data = recordResult(appOf(ctx, db), {
        sheet,
        fields: {
          department: opts.department, date: opts.date, findings: opts.findings, items: opts.items,
          signed: opts.signed ? true : opts.refused ? false : undefined, refusalNote: opts.refusalNote, witness: opts.witness, note: opts.note, lateReason: opts.lateReason,
        },
      });
    } catch (error) {
      if (!(error instanceof ResultRefused)) throw error;
      // The field the check names is the flag that gave it.
      const field = error.problem.field === 'signed' ? 'signed | --refused' : error.problem.field;
      const flag = field === 'sheet' ? ref : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw DrawError.of(error.exitCode, 'flag.problem', { flag, message: ctx.t(error.key, error.params) });
    }
    const { auditHead, corrects, findings, inspectedOn, department, visit } = data;
    return {
      data,
      render: (c) => {
        c.out(c.t(data.unchanged ? 'result.unchanged' : corrects ? 'result.corrected' : 'result.recorded', { ref, department, findings: findings.map((f) => labelOf(FINDINGS, f)).join('、'), date: inspectedOn }));
        if (visit !== null) c.out(c.t('result.visitRecorded', { signed: c.t(data.signed ? 'paper.sheet.signed' : 'paper.sheet.refused') }));
        c.out(c.t('audit.head', { hash: auditHead }));
      },
    };
  });
