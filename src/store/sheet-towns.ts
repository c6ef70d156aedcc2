import type { Db } from './db.js';

/**
 * The sheets of a draw that stand (a cancelled one is not visited), each with its subject's
 * township as the registry has it now, in number order: what `export sheets --split` plans its
 * files from. Two small values a sheet, so a draw of any size is listed without its papers.
 */
export function standingSheetTowns(db: Db, drawId: number): { number: number; township: string }[] {
  return db.prepare(`SELECT x.number AS number, COALESCE(s.township, '') AS township FROM sheets x LEFT JOIN subjects s ON s.credit_code = x.credit_code
    WHERE x.draw_id = ? AND x.cancelled_by IS NULL ORDER BY x.number`).all(drawId) as { number: number; township: string }[];
}
