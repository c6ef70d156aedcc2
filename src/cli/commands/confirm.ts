import { drawArg } from '../sheet-ref.js';
import type { CommandFn } from '../result.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { getPlan } from '../../store/plans.js';
import { addConfirmation, confirmationsOf } from '../../store/confirmations.js';
import { loadCalendar } from '../../store/calendar.js';
import { deadlineRules } from '../../store/settings.js';
import { chinaDate } from '../../core/deadlines.js';
import { paint } from '../render.js';

/**
 * `draw confirm DRAW --department CODE [--note]` (art. 17): a department compares and confirms its
 * part of the draw. Due N working days after the draw; a late confirmation is recorded as late.
 */
export const run: CommandFn = async ([id], opts, ctx) =>
  withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (draw.status !== 'drawn' || !draw.drawnAt) throw usageError('sheet.notEffective', { ref: id, status: draw.status });
    const plan = getPlan(db, draw.planId)!;
    const department = String(opts.department ?? '').toUpperCase();
    if (!plan.departments.some((d) => d.code === department)) {
      throw usageError('confirm.notParticipating', { department, departments: plan.departments.map((d) => d.code).join(', ') });
    }
    if (confirmationsOf(db, draw.id).some((c) => c.department === department)) throw usageError('confirm.already', { department, draw: draw.id });
    const rules = deadlineRules(db);
    const due = loadCalendar(db).addWorkingDays(chinaDate(draw.drawnAt), rules.confirmDays);
    const at = ctx.now().toISOString();
    const on = chinaDate(at);
    const late = on > due.date;
    const head = db.transaction(() => {
      addConfirmation(db, draw.id, { department, confirmedAt: at, dueOn: due.date, late, note: String(opts.note ?? ''), operator: ctx.operator });
      return appendAudit(db, ctx.now(), ctx.operator, 'draw.confirm', { draw: draw.id, department, due: due.date, late, note: String(opts.note ?? '') }).hash;
    }).immediate();
    const data = { draw: draw.id, department, confirmedOn: on, due: due.date, provisional: due.provisional, late, rule: rules.confirmDays, auditHead: head };
    return {
      data,
      render: (c) => {
        const line = c.t(late ? 'confirm.late' : 'confirm.done', { department, draw: draw.id, due: due.date, days: rules.confirmDays, on });
        c.out(late ? paint(c).yellow(line) : line);
        if (due.provisional) c.err(c.t('calendar.provisional', { years: due.uncoveredYears.join('、') }));
        c.out(c.t('audit.head', { hash: head }));
      },
    };
  });
