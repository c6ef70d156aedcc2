import type { CommandFn } from '../result.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { getDraw } from '../../store/draws.js';
import { getPlan } from '../../store/plans.js';
import { addSpecialist } from '../../store/specialists.js';
import { normaliseIdentifier } from '../../core/text.js';
import { sheetArg } from '../sheet-ref.js';

/** `draw assist SHEET --department CODE --name NAME [--certificate CERT]` (art. 9): a specialist who assists; never drawn. */
export const run: CommandFn = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    const sheet = sheetArg(db, ref);
    const plan = getPlan(db, getDraw(db, sheet.drawId)!.planId)!;
    const department = String(opts.department ?? '').toUpperCase();
    if (!plan.departments.some((d) => d.code === department)) {
      throw usageError('confirm.notParticipating', { department, departments: plan.departments.map((d) => d.code).join(', ') });
    }
    const name = String(opts.name ?? '').trim();
    if (!name) throw usageError('flag.required', { flag: '--name' });
    const certificate = opts.certificate ? normaliseIdentifier(String(opts.certificate)) : '';
    const at = ctx.now().toISOString();
    const head = db.transaction(() => {
      addSpecialist(db, sheet.drawId, { number: sheet.number, department, name, certificate, at, operator: ctx.operator });
      return appendAudit(db, ctx.now(), ctx.operator, 'sheet.assist', { draw: sheet.drawId, sheet: sheet.number, department, name, certificate }).hash;
    }).immediate();
    return {
      data: { draw: sheet.drawId, sheet: sheet.number, department, name, certificate, auditHead: head },
      render: (c) => { c.out(c.t('assist.done', { name, department, ref })); c.out(c.t('audit.head', { hash: head })); },
    };
  });
