import type { Db } from '../store/db.js';
import { findSheet } from '../store/sheets.js';
import { effectiveDraw, getDraw, type DrawRow } from '../store/draws.js';
import { getPlan, type PlanRow } from '../store/plans.js';
import { DrawError, EXIT, usageError } from '../errors.js';

/** A sheet named by the clerk (`1/17` or `2022-001/17`) that belongs to an effective draw. */
export function sheetArg(db: Db, ref: string) {
  const sheet = findSheet(db, ref);
  if (!sheet) throw DrawError.of(EXIT.usage, 'sheet.notFound', { ref }, 'sheet.notFoundHint');
  if (sheet.drawStatus !== 'drawn') throw DrawError.of(EXIT.usage, 'sheet.notEffective', { ref, status: sheet.drawStatus });
  return sheet;
}

/** A draw named by the clerk by its number. */
export function drawArg(db: Db, id: string) {
  const draw = /^\d+$/.test(String(id)) ? getDraw(db, Number(id)) : undefined;
  if (!draw) throw DrawError.of(EXIT.usage, 'draw.notFound', { id });
  return draw;
}

/**
 * The draw REF names: a draw number, or a task number for the task's effective draw. A voided
 * draw is refused: it is never inspected nor published. What else it must be is the caller's.
 */
export function drawOfRef(db: Db, ref: string | undefined): { draw: DrawRow; plan: PlanRow } {
  const text = String(ref ?? '').trim();
  let draw: DrawRow | undefined;
  if (/^\d+$/.test(text)) draw = getDraw(db, Number(text));
  else if (text) {
    const plan = getPlan(db, text);
    draw = plan && effectiveDraw(db, plan.id);
  }
  if (!draw) throw DrawError.of(EXIT.usage, 'draw.notFound', { id: text });
  if (draw.status === 'voided') throw usageError('papers.drawVoided', { id: draw.id, reason: draw.voidReason ?? '' });
  return { draw, plan: getPlan(db, draw.planId)! };
}

/**
 * The draw a paper is made from (see drawOfRef). Only a drawn draw has papers: a committed one
 * has no sheets yet.
 */
export function drawForPapers(db: Db, id: string | undefined): { draw: DrawRow; plan: PlanRow } {
  const target = drawOfRef(db, id);
  if (target.draw.status !== 'drawn') throw usageError('papers.drawNotDrawn', { id: target.draw.id });
  return target;
}
