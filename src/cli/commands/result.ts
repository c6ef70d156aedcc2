import type { CommandFn } from '../result.js';
import { DrawError, EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { appendAudit } from '../../store/audit.js';
import { getDraw } from '../../store/draws.js';
import { getPlan } from '../../store/plans.js';
import { addResult, resultHistory } from '../../store/results.js';
import { checkResult, type ResultInput } from '../../core/result-input.js';
import { chinaDate } from '../../core/deadlines.js';
import { FINDINGS, labelOf } from '../../core/outcomes.js';
import { sheetArg } from '../sheet-ref.js';
import type { Context } from '../context.js';

/**
 * `draw result SHEET --date D --findings … --items … (--signed | --refused --refusal-note … --witness …)`
 * (art. 11, 18, 20): records who entered it and when; a correction keeps the old value and is logged.
 */
export const run: CommandFn = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    if (opts.signed && opts.refused) throw usageError('result.signedOrRefused');
    if (!opts.signed && !opts.refused) throw usageError('flag.required', { flag: '--signed | --refused' });
    const sheet = sheetArg(db, ref);
    const items = planItemsOf(db, sheet.drawId);
    const checked = checkResult({
      date: opts.date, findings: opts.findings, items: opts.items, signed: Boolean(opts.signed),
      refusalNote: opts.refusalNote, witness: opts.witness, note: opts.note,
    }, items, chinaDate(ctx.now().toISOString()));
    if (!checked.ok) {
      const flag = `--${checked.problem.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new DrawError(EXIT.usage, 'flag.problem', { flag, message: ctx.t(checked.problem.reason, checked.problem.params) });
    }
    const written = recordResult(db, ctx, sheet.drawId, sheet.number, checked.value);
    const data = { draw: sheet.drawId, sheet: sheet.number, ...checked.value, ...written };
    return {
      data,
      render: (c) => {
        c.out(c.t(written.corrects ? 'result.corrected' : 'result.recorded', {
          ref, findings: checked.value.findings.map((f) => labelOf(FINDINGS, f)).join('、'), date: checked.value.inspectedOn,
        }));
        c.out(c.t('audit.head', { hash: written.auditHead }));
      },
    };
  });

/** The plan's item codes for a draw's sheets. */
export function planItemsOf(db: Db, drawId: number): string[] {
  return getPlan(db, getDraw(db, drawId)!.planId)!.items.map((i) => i.code);
}

/** Writes a result (or its correction) with its audit entry, in one transaction. */
export function recordResult(db: Db, ctx: Context, drawId: number, number: number, r: ResultInput) {
  const at = ctx.now().toISOString();
  return db.transaction(() => {
    const previous = resultHistory(db, drawId, number).find((x) => x.supersededBy === null);
    const { id, corrects } = addResult(db, drawId, { number, ...r, enteredAt: at, enteredOn: chinaDate(at), enteredBy: ctx.operator });
    const auditHead = appendAudit(db, ctx.now(), ctx.operator, corrects ? 'result.correct' : 'result.enter', {
      draw: drawId, sheet: number, result: id, ...r, ...(previous ? { corrects, previous: { inspectedOn: previous.inspectedOn, findings: previous.findings, items: previous.items, signed: previous.signed } } : {}),
    }).hash;
    return { result: id, corrects, auditHead };
  }).immediate();
}
