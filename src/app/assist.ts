import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { getDraw } from '../store/draws.js';
import { getPlan } from '../store/plans.js';
import { addSpecialist } from '../store/specialists.js';
import type { SheetRef } from '../store/sheets.js';
import { inTransaction, type App } from './context.js';
import { participatingDepartment } from './participating.js';

export interface AssistInput { sheet: SheetRef; department: string; name: string; certificate: string }

/** A specialist who assists on a sheet (art. 9); never drawn. */
export function assist(app: App, input: AssistInput) {
  const { db } = app;
  const { sheet } = input;
  const plan = getPlan(db, getDraw(db, sheet.drawId)!.planId)!;
  const department = participatingDepartment(plan, input.department);
  const name = input.name.trim();
  if (!name) throw usageError('flag.required', { flag: '--name' });
  const { certificate } = input;
  const at = app.now().toISOString();
  const auditHead = inTransaction(app, () => {
    addSpecialist(db, sheet.drawId, { number: sheet.number, department, name, certificate, at, operator: app.operator });
    return appendAudit(db, app.now(), app.operator, 'sheet.assist', { draw: sheet.drawId, sheet: sheet.number, department, name, certificate }).hash;
  });
  return { draw: sheet.drawId, sheet: sheet.number, department, name, certificate, auditHead };
}
