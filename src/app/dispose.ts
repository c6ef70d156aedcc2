import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { addDisposition } from '../store/dispositions.js';
import { hasCurrentResult } from '../store/results.js';
import type { SheetRef } from '../store/sheets.js';
import { inTransaction, type App } from './context.js';
import { checkDrawDay } from './draw-day.js';

export interface DisposeInput { sheet: SheetRef; ref: string; action: string; decidedOn: string; complete: boolean; note: string }

/** The follow-up of a violation on a sheet with a result (art. 22); the same action again corrects the earlier one. */
export function dispose(app: App, input: DisposeInput) {
  const { db } = app;
  const { sheet, action, decidedOn, complete, note } = input;
  if (!hasCurrentResult(db, sheet)) throw usageError('dispose.noResult', { ref: input.ref });
  checkDrawDay(db, sheet.drawId, '--date', decidedOn, app.now());
  const at = app.now().toISOString();
  const { id, corrects, auditHead } = inTransaction(app, () => {
    const w = addDisposition(db, sheet.drawId, { number: sheet.number, action, decidedOn, complete, note, enteredAt: at, enteredBy: app.operator });
    const auditHead = appendAudit(db, app.now(), app.operator, 'sheet.dispose', { draw: sheet.drawId, sheet: sheet.number, disposition: w.id, action, decidedOn, complete, note, corrects: w.corrects }).hash;
    return { ...w, auditHead };
  });
  return { draw: sheet.drawId, sheet: sheet.number, disposition: id, corrects, action, decidedOn, complete, auditHead };
}
