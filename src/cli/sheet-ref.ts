import type { Db } from '../store/db.js';
import { findSheet } from '../store/sheets.js';
import { getDraw } from '../store/draws.js';
import { DrawError, EXIT } from '../errors.js';

/** A sheet named on the command line (`1/17` or `2022-001/17`) that belongs to an effective draw. */
export function sheetArg(db: Db, ref: string) {
  const sheet = findSheet(db, ref);
  if (!sheet) throw new DrawError(EXIT.usage, 'sheet.notFound', { ref }, 'sheet.notFoundHint');
  if (sheet.drawStatus !== 'drawn') throw new DrawError(EXIT.usage, 'sheet.notEffective', { ref, status: sheet.drawStatus });
  return sheet;
}

/** A draw named on the command line by its number. */
export function drawArg(db: Db, id: string) {
  const draw = /^\d+$/.test(String(id)) ? getDraw(db, Number(id)) : undefined;
  if (!draw) throw new DrawError(EXIT.usage, 'draw.notFound', { id });
  return draw;
}
