import { DrawError, EXIT, usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { drawDeadlines, getDraw } from '../store/draws.js';
import { getPlan } from '../store/plans.js';
import { addConfirmation, confirmationsOf } from '../store/confirmations.js';
import { loadCalendar } from '../store/calendar.js';
import { departmentsOnSheet, setTeam } from '../store/sheets.js';
import {
  addRejection, addSheetConfirmations, addSubstituteSheet, cancelSheet, hasRejected, nextChangeSeq, rejectionsOf, sheetConfirmationsOf, standingSheets,
  type StandingSheet,
} from '../store/rejections.js';
import { chinaDate } from '../core/deadlines.js';
import { cancelsSheet, isRejectionReason, needsNote, type RejectionRequest } from '../core/rejection.js';
import type { LoggedRejection, LoggedSheetConfirmations, LoggedSubstitute } from '../core/audit-events.js';
import { inTransaction, type App } from './context.js';
import { participatingDepartment } from './participating.js';
import { findSubstitute } from './substitute.js';

export interface ConfirmInput { drawId: number; department: string; note: string; rejections?: RejectionRequest[] }

/**
 * A department compares and confirms its sheets of a draw (art. 17), rejecting some with a reason
 * from the short list. A rejection takes the department off the sheet; one saying the subject
 * cannot be inspected (gone, not found), or one that leaves the sheet with no department, cancels
 * the sheet and brings in a substitute (docs/ALGORITHM.md, the substitute rule). Each sheet is
 * confirmed on time or late: the draw's sheets N working days after the draw (N frozen with the
 * draw), a substitute N working days after it came in. A department's later `draw confirm`
 * confirms its sheets still unconfirmed (a substitute) and is refused when none remain.
 * Everything is one transaction and one `draw.confirm` entry.
 */
export function confirm(app: App, input: ConfirmInput) {
  const { db } = app;
  const requests = [...(input.rejections ?? [])].sort((a, b) => a.sheet - b.sheet);
  for (const r of requests) {
    if (!isRejectionReason(r.reason)) throw usageError('reject.badReason', { value: String(r.reason), sheet: r.sheet });
    if (needsNote(r.reason) && r.note.trim() === '') throw usageError('reject.needsNote', { sheet: r.sheet });
  }
  for (let i = 1; i < requests.length; i++) {
    if (requests[i].sheet === requests[i - 1].sheet) throw usageError('reject.twice', { sheet: requests[i].sheet });
  }
  const draw = getDraw(db, input.drawId);
  if (!draw) throw usageError('draw.notFound', { id: input.drawId });
  if (draw.status !== 'drawn' || !draw.drawnAt) throw usageError('sheet.notEffective', { ref: input.drawId, status: draw.status });
  const plan = getPlan(db, draw.planId)!;
  const department = participatingDepartment(plan, input.department);
  const rules = drawDeadlines(db, draw.id);
  const calendar = loadCalendar(db);
  const drawDue = calendar.addWorkingDays(chinaDate(draw.drawnAt), rules.confirmDays);
  const at = app.now().toISOString();
  const on = chinaDate(at);
  const uncovered = new Set(drawDue.uncoveredYears);

  // Under the write lock: of two clerks confirming at once, the second sees the first's.
  const done = inTransaction(app, () => {
    const sheets = standingSheets(db, draw.id);
    const byNumber = new Map(sheets.map((s) => [s.number, s]));
    const confirmedHere = new Set(sheetConfirmationsOf(db, draw.id).filter((c) => c.department === department).map((c) => c.number));
    const first = !confirmationsOf(db, draw.id).some((c) => c.department === department);
    // a substitute is due N working days after the rejection that brought it in
    const cameIn = new Map(rejectionsOf(db, draw.id).filter((r) => r.substitute !== null).map((r) => [r.substitute!, r.at]));
    const dueOf = (s: StandingSheet) => {
      const came = s.substituteFor !== null ? cameIn.get(s.number) : undefined;
      if (!came) return drawDue;
      const due = calendar.addWorkingDays(chinaDate(came), rules.confirmDays);
      for (const y of due.uncoveredYears) uncovered.add(y);
      return due;
    };

    for (const r of requests) {
      const s = byNumber.get(r.sheet);
      if (!s) throw DrawError.of(EXIT.usage, 'reject.unknownSheet', { sheet: r.sheet, draw: draw.id, last: sheets.length ? sheets[sheets.length - 1].number : 0 });
      if (s.cancelledBy !== null) throw usageError('reject.cancelled', { sheet: r.sheet, draw: draw.id, seq: s.cancelledBy });
      if (hasRejected(db, draw.id, s.number, department)) throw usageError('reject.already', { sheet: r.sheet, department });
      if (!departmentsOnSheet(s.team).includes(department)) {
        throw usageError('reject.notOnSheet', { sheet: r.sheet, department, departments: departmentsOnSheet(s.team).join(', ') || '-' });
      }
      if (confirmedHere.has(s.number)) throw usageError('reject.confirmed', { sheet: r.sheet, department });
    }
    const rejected = new Set(requests.map((r) => r.sheet));
    const mine = sheets.filter((s) => s.cancelledBy === null && !confirmedHere.has(s.number) && departmentsOnSheet(s.team).includes(department));
    const toConfirm = mine.filter((s) => !rejected.has(s.number));
    if (!first && mine.length === 0) throw usageError('confirm.nothingLeft', { department, draw: draw.id });

    // The earliest due day among the sheets dealt with decides whether this confirmation is late.
    const dealt = mine.map((s) => dueOf(s).date).sort();
    const due = first ? drawDue.date : dealt[0]!;
    const late = on > due;

    const rejections: LoggedRejection[] = [];
    const notes: string[] = [];
    const substitutes: LoggedSubstitute[] = [];
    for (const r of requests) {
      const s = byNumber.get(r.sheet)!;
      const seq = nextChangeSeq(db, draw.id);
      // the department is taken off (its inspectors and its items) unless that leaves nobody or the
      // subject itself cannot be inspected: then the sheet is cancelled and keeps its team as it stood
      const remaining = s.team.filter(([d]) => d !== department);
      const cancels = cancelsSheet(r.reason) || remaining.length === 0;
      let substitute: LoggedSubstitute | null = null;
      let skipped: string[] = [];
      let excluded: LoggedRejection['excluded'] = { conflicts: [], inactive: [] };
      if (!cancels) setTeam(db, { drawId: draw.id, number: s.number }, remaining);
      else {
        cancelSheet(db, draw.id, s.number, seq);
        const found = findSubstitute(db, draw, { seq, sheet: s.number, department, cancels: cancelsSheet(r.reason) });
        skipped = found.skipped;
        excluded = found.excluded;
        if (found.sheet) {
          const subDue = calendar.addWorkingDays(on, rules.confirmDays);
          for (const y of subDue.uncoveredYears) uncovered.add(y);
          const { number, key, stratum, team } = found.sheet;
          addSubstituteSheet(db, draw.id, { number, key, stratum, team, substituteFor: s.number });
          substitute = { sheet: number, substituteFor: s.number, key, stratum, team, due: subDue.date };
          substitutes.push(substitute);
        }
      }
      addRejection(db, draw.id, {
        seq, number: s.number, department, reason: r.reason, note: r.note.trim(), cancels, substitute: substitute?.sheet ?? null, skipped, excluded,
        at, operator: app.operator,
      });
      rejections.push({ seq, sheet: s.number, reason: r.reason, cancels, substitute: substitute?.sheet ?? null, skipped, excluded });
      notes.push(r.note.trim());
    }

    const groups = new Map<string, LoggedSheetConfirmations>();
    addSheetConfirmations(db, draw.id, toConfirm.map((s) => {
      const d = dueOf(s).date;
      if (!groups.has(d)) groups.set(d, { due: d, late: on > d, numbers: [] });
      groups.get(d)!.numbers.push(s.number);
      return { number: s.number, department, confirmedAt: at, dueOn: d, late: on > d, operator: app.operator };
    }));
    if (first) addConfirmation(db, draw.id, { department, confirmedAt: at, dueOn: due, late, note: input.note, operator: app.operator });
    const sheetGroups = [...groups.values()].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const auditHead = appendAudit(db, app.now(), app.operator, 'draw.confirm', {
      draw: draw.id, department, due, late, note: input.note,
      ...(first ? {} : { again: true }),
      sheets: sheetGroups, rejections, rejectionNotes: notes, substitutes,
    }).hash;
    return { due, late, again: !first, sheets: sheetGroups, rejections, substitutes, auditHead };
  });
  const uncoveredYears = [...uncovered].sort((a, b) => a - b);
  return {
    draw: draw.id, department, confirmedOn: on, due: done.due, late: done.late, again: done.again, rule: rules.confirmDays,
    confirmed: done.sheets.reduce((n, g) => n + g.numbers.length, 0), lateSheets: done.sheets.filter((g) => g.late).reduce((n, g) => n + g.numbers.length, 0),
    sheets: done.sheets, rejections: done.rejections.map((r, i) => ({ ...r, reason: requests[i].reason, department, note: requests[i].note.trim() })), substitutes: done.substitutes,
    provisional: uncoveredYears.length > 0, auditHead: done.auditHead, uncoveredYears,
  };
}
