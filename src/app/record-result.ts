import type { Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { enterResult, firstDayOfDraw, planItemCodes } from '../store/results.js';
import type { SheetRef } from '../store/sheets.js';
import { checkResult, type ResultProblem } from '../core/result-input.js';
import { chinaDate } from '../core/deadlines.js';
import { DrawError, EXIT } from '../errors.js';
import { inTransaction, type App } from './context.js';

/** A result as a clerk gives it: flags of `draw result`, or one row of `draw import results`. */
export type ResultFields = Parameters<typeof checkResult>[0];

/** Checks a result against its sheet's plan items, as of the day it is entered. */
export function checkSheetResult(db: Db, drawId: number, fields: ResultFields, at: Date) {
  return checkResult(fields, planItemCodes(db, drawId), chinaDate(at.toISOString()), firstDayOfDraw(db, drawId));
}

/** A result that failed its check, naming the field it came from. */
export class ResultRefused extends DrawError {
  constructor(readonly problem: ResultProblem) {
    super(EXIT.usage, problem.reason, problem.params ?? {});
    this.name = 'ResultRefused';
  }
}

/** `draw result`: one sheet's result (art. 11, 18, 20), with who entered it and when; a correction is logged with what it corrects. */
export function recordResult(app: App, input: { sheet: SheetRef; fields: ResultFields }) {
  const { db } = app;
  const { sheet } = input;
  const checked = checkSheetResult(db, sheet.drawId, input.fields, app.now());
  if (!checked.ok) throw new ResultRefused(checked.problem);
  const r = checked.value;
  const at = app.now().toISOString();
  const written = inTransaction(app, () => {
    const { id, corrects, previous } = enterResult(db, sheet, r, at, app.operator);
    const auditHead = appendAudit(db, app.now(), app.operator, corrects ? 'result.correct' : 'result.enter', {
      draw: sheet.drawId, sheet: sheet.number, result: id, ...r,
      ...(previous ? { corrects, previous: { inspectedOn: previous.inspectedOn, findings: previous.findings, items: previous.items, signed: previous.signed } } : {}),
    }).hash;
    return { result: id, corrects, auditHead };
  });
  return { draw: sheet.drawId, sheet: sheet.number, ...r, ...written };
}
