import type { Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { enterResult, ownCurrentResult } from '../store/results.js';
import { auditHead } from '../store/audit.js';
import { sheetForEntry } from '../store/entry-sheet.js';
import type { FoundSheet } from '../store/sheets.js';
import { checkResult, sameEntry, type RawResult, type ResultProblem } from '../core/result-input.js';
import { chinaDate } from '../core/deadlines.js';
import { DrawError, EXIT } from '../errors.js';
import { inTransaction, type App } from './context.js';

/** A result as a clerk gives it: flags of `draw result`, or one row of `draw import results`. */
export type ResultFields = RawResult;

/** Checks one department's result against its sheet as it stands, as of the day it is entered. */
export function checkSheetResult(db: Db, sheet: FoundSheet, fields: ResultFields, at: Date) {
  return checkResult(fields, sheetForEntry(db, sheet), chinaDate(at.toISOString()));
}

/** A result that failed its check, naming the field it came from: exit 2 when malformed, 5 when refused by the rules (art. 30). */
export class ResultRefused extends DrawError {
  constructor(readonly problem: ResultProblem) {
    super(problem.refused ? EXIT.refused : EXIT.usage, problem.reason, problem.params ?? {});
    this.name = 'ResultRefused';
  }
}

/**
 * `draw result`: one department's result of a sheet (art. 6, 11, 18, 20), with who entered it and
 * when, and the sheet's visit when it is the first entry (or corrects the visit); a correction is
 * logged with what it corrects.
 */
export function recordResult(app: App, input: { sheet: FoundSheet; fields: ResultFields }) {
  const { db } = app;
  const { sheet } = input;
  const checked = checkSheetResult(db, sheet, input.fields, app.now());
  if (!checked.ok) throw new ResultRefused(checked.problem);
  const r = checked.value;
  // the same entry again (a command run twice) writes nothing: no correction of an unchanged result
  const own = ownCurrentResult(db, sheet, r.department);
  if (own && sameEntry(r, checked.visitGiven, own)) {
    return { draw: sheet.drawId, sheet: sheet.number, ...r, result: own.id, corrects: null, visit: null, unchanged: true, auditHead: auditHead(db) };
  }
  const at = app.now().toISOString();
  const written = inTransaction(app, () => {
    const { id, corrects, previous, visit } = enterResult(db, sheet, r, checked.visitGiven, at, app.operator);
    const logged = { draw: sheet.drawId, sheet: sheet.number, result: id, ...r, visit: visit?.id ?? null, visitCorrects: visit?.corrects ?? null };
    const auditHead = (corrects
      ? appendAudit(db, app.now(), app.operator, 'result.correct', {
        ...logged, corrects, previous: { inspectedOn: previous!.inspectedOn, findings: previous!.findings, items: previous!.items, signed: previous!.signed },
      })
      : appendAudit(db, app.now(), app.operator, 'result.enter', logged)).hash;
    return { result: id, corrects, visit: visit?.id ?? null, auditHead };
  });
  return { draw: sheet.drawId, sheet: sheet.number, ...r, ...written, unchanged: false };
}
