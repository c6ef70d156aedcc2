import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { drawDeadlines, getDraw } from '../store/draws.js';
import { getPlan } from '../store/plans.js';
import { addConfirmation, confirmationsOf } from '../store/confirmations.js';
import { loadCalendar } from '../store/calendar.js';
import { chinaDate } from '../core/deadlines.js';
import { inTransaction, type App } from './context.js';
import { participatingDepartment } from './participating.js';

export interface ConfirmInput { drawId: number; department: string; note: string }

/**
 * A department compares and confirms its part of a draw (art. 17). Due N working days after the
 * draw, N as frozen with the draw; a late confirmation is recorded as late.
 */
export function confirm(app: App, input: ConfirmInput) {
  const { db } = app;
  const draw = getDraw(db, input.drawId);
  if (!draw) throw usageError('draw.notFound', { id: input.drawId });
  if (draw.status !== 'drawn' || !draw.drawnAt) throw usageError('sheet.notEffective', { ref: input.drawId, status: draw.status });
  const plan = getPlan(db, draw.planId)!;
  const department = participatingDepartment(plan, input.department);
  // the deadline frozen with the draw: a later `draw config` changes later draws only
  const rules = drawDeadlines(db, draw.id);
  const due = loadCalendar(db).addWorkingDays(chinaDate(draw.drawnAt), rules.confirmDays);
  const at = app.now().toISOString();
  const on = chinaDate(at);
  const late = on > due.date;
  const auditHead = inTransaction(app, () => {
    // under the write lock: of two clerks confirming at once, the second sees the first's
    if (confirmationsOf(db, draw.id).some((c) => c.department === department)) throw usageError('confirm.already', { department, draw: draw.id });
    addConfirmation(db, draw.id, { department, confirmedAt: at, dueOn: due.date, late, note: input.note, operator: app.operator });
    return appendAudit(db, app.now(), app.operator, 'draw.confirm', { draw: draw.id, department, due: due.date, late, note: input.note }).hash;
  });
  return {
    draw: draw.id, department, confirmedOn: on, due: due.date, provisional: due.provisional, late, rule: rules.confirmDays, auditHead,
    uncoveredYears: due.uncoveredYears,
  };
}
