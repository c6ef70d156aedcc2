import { DrawError, EXIT, usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { addDisposition } from '../store/dispositions.js';
import { currentResults, departmentResult } from '../store/results.js';
import { departmentsOnSheet, type FoundSheet } from '../store/sheets.js';
import { foundProblem } from '../core/findings.js';
import { inTransaction, type App } from './context.js';
import { checkDrawDay } from './draw-day.js';

export interface DisposeInput { sheet: FoundSheet; ref: string; department?: string; action: string; decidedOn: string; complete: boolean; note: string }

/**
 * The follow-up of a violation a department found on a sheet (art. 22), by that department; the
 * same action again corrects the earlier one. Refused (exit 5) on a result that found no problem,
 * or dated after today, before the plan's year or before the inspection it follows.
 */
export function dispose(app: App, input: DisposeInput) {
  const { db } = app;
  const { sheet, action, decidedOn, complete, note, ref } = input;
  const departments = departmentsOnSheet(sheet.team);
  let department = (input.department ?? '').trim().toUpperCase();
  if (department === '') {
    if (departments.length !== 1) throw usageError('dispose.departmentRequired', { ref, departments: departments.join('、') });
    department = departments[0];
  }
  if (!departments.includes(department)) throw DrawError.of(EXIT.refused, 'dispose.departmentNotOnSheet', { ref, department, departments: departments.join('、') });
  const result = departmentResult(currentResults(db, sheet.drawId), sheet.number, department);
  if (!result) throw usageError('dispose.noResult', { ref, department });
  if (!foundProblem(result.findings)) throw DrawError.of(EXIT.refused, 'dispose.noProblem', { ref, department });
  // its dates are refused as a result's are (exit 5): after today, before the plan's year, before the inspection
  checkDrawDay(db, sheet.drawId, '--date', decidedOn, app.now(), EXIT.refused);
  if (decidedOn < result.inspectedOn) throw DrawError.of(EXIT.refused, 'dispose.beforeInspection', { value: decidedOn, inspected: result.inspectedOn });
  const at = app.now().toISOString();
  const { id, corrects, auditHead } = inTransaction(app, () => {
    const w = addDisposition(db, sheet.drawId, { number: sheet.number, department, action, decidedOn, complete, note, enteredAt: at, enteredBy: app.operator });
    const auditHead = appendAudit(db, app.now(), app.operator, 'sheet.dispose', {
      draw: sheet.drawId, sheet: sheet.number, disposition: w.id, action, decidedOn, complete, note, corrects: w.corrects, department,
    }).hash;
    return { ...w, auditHead };
  });
  return { draw: sheet.drawId, sheet: sheet.number, department, disposition: id, corrects, action, decidedOn, complete, auditHead };
}
