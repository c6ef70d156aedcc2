import { DrawError, EXIT, usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { getDraw, storedTexts } from '../store/draws.js';
import { addReplacement, replacementExclusions, replacementsOf } from '../store/replacements.js';
import { setTeam } from '../store/sheets.js';
import { departmentHasResult } from '../store/results.js';
import { sheetArg } from './refs.js';
import { inspectorName } from '../store/queries.js';
import { applyChange, changeContext, runDraw } from '../core/draw/index.js';
import { fromTexts, withChanges, type DrawParameters } from '../core/snapshot.js';
import { nextChangeSeq, rejectionsOf } from '../store/rejections.js';
import { chinaDate } from '../core/deadlines.js';
import { inTransaction, type App } from './context.js';
import { checkDrawDay } from './draw-day.js';

export interface ReplaceInput {
  /** the sheet as the clerk named it (`1/17` or `2022-001/17`) */
  ref: string;
  certificate: string;
  reason: string;
  approvedBy: string;
  /** the day it was filed with the county office; today when not given */
  filedOn?: string;
}

/**
 * Replaces a drawn inspector on a sheet (art. 16): the substitute is the next in that
 * department's drawn order (docs/ALGORITHM.md §13), never one with a conflict with the subject or
 * already on the sheet; the replay includes every replacement. Refused once that department has
 * entered its result on the sheet, and for a filing day before the draw or after today.
 */
export function replace(app: App, input: ReplaceInput) {
  const { db } = app;
  const { ref, certificate, reason, approvedBy } = input;
  if (input.filedOn !== undefined) {
    const drawId = sheetArg(db, ref).drawId;
    checkDrawDay(db, drawId, '--filed-on', input.filedOn, app.now());
    // filed with the county office about a drawn inspector: not before the draw drew them
    const drawnOn = chinaDate(getDraw(db, drawId)!.drawnAt!);
    if (input.filedOn < drawnOn) throw usageError('replace.filedBeforeDraw', { value: input.filedOn, draw: drawId, drawnOn });
  }
  // Everything from reading the sheet to writing the substitute happens under the write lock:
  // two clerks replacing on one draw at once must each see the other's replacement.
  const done = inTransaction(app, () => {
    const sheet = sheetArg(db, ref);
    const slot = sheet.team.find(([, c]) => c === certificate);
    if (!slot) throw DrawError.of(EXIT.usage, 'replace.notOnSheet', { certificate, ref, team: sheet.team.map(([d, c]) => `${d}:${c}`).join(' ') });
    const department = slot[0];
    // The sheet names who was there: once that department entered its result, its team is history (art. 31).
    if (departmentHasResult(db, sheet, department)) throw usageError('replace.resultEntered', { ref, department, certificate });
    const draw = getDraw(db, sheet.drawId)!;
    const parameters = JSON.parse(draw.parameters) as DrawParameters;
    // Recompute the draw and its changes so far (replacements and rejections, in seq order): that
    // gives each department's order and cursor.
    const drawInput = fromTexts(storedTexts(db, draw.id), parameters, draw.seed!);
    const output = runDraw(drawInput);
    const before = withChanges(drawInput, output, replacementsOf(db, draw.id), rejectionsOf(db, draw.id));
    const pool = output.pools.find((p) => p.department === department)?.order ?? [];
    const exclusions = replacementExclusions(db, sheet.key, department);
    const conflicts = exclusions.conflicted.filter((c) => pool.includes(c));
    const active = exclusions.active;
    const inactive = pool.filter((c) => !active.has(c));
    const { outcome } = applyChange(before.state, {
      kind: 'replace', seq: nextChangeSeq(db, draw.id), sheet: sheet.number, department, certificate,
      conflicts: conflicts.map((c) => ({ certificate: c, key: sheet.key })), activeInspectors: pool.filter((c) => active.has(c)),
    }, before.context ?? changeContext(drawInput, output));
    if (outcome.kind === 'refused' && outcome.refusal.code === 'sheet-cancelled') throw usageError('replace.cancelled', { ref });
    if (outcome.kind !== 'replaced') throw usageError('replace.noneLeft', { department, ref });
    const substitute = outcome.substitute;
    const at = app.now().toISOString();
    const filedOn = input.filedOn ?? chinaDate(at);
    const team = sheet.team.map(([d, c]) => (d === department && c === certificate ? [d, substitute] : [d, c])) as [string, string][];
    const seq = addReplacement(db, draw.id, { number: sheet.number, department, replaced: certificate, substitute, reason, approvedBy, filedOn, at, operator: app.operator, conflicts, inactive });
    setTeam(db, sheet, team);
    const auditHead = appendAudit(db, app.now(), app.operator, 'sheet.replace', {
      draw: draw.id, sheet: sheet.number, seq, department, replaced: certificate, substitute, reason, approvedBy, filedOn, conflicts, inactive,
    }).hash;
    return { draw: draw.id, sheet: sheet.number, department, substitute, filedOn, auditHead };
  });
  return {
    draw: done.draw, sheet: done.sheet, department: done.department, replaced: certificate, substitute: done.substitute,
    substituteName: inspectorName(db, done.substitute), reason, approvedBy, filedOn: done.filedOn, auditHead: done.auditHead,
  };
}
