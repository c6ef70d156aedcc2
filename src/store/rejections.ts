import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';

/**
 * Rejections of a drawn sheet by a department at confirmation (art. 17), as the replay reads them.
 * Writing them belongs to the confirmation (app/confirm.ts). `seq` shares its numbering with
 * replacements: together they are the one order in which a draw's sheets were changed.
 */

export interface Rejection {
  seq: number; number: number; department: string; reason: string; note: string; cancels: boolean;
  /** the substitute sheet's number, null when none was left or none was needed */
  substitute: number | null;
  /** subjects passed over for the substitute, no longer eligible */
  skipped: string[];
  /** who could not be on the substitute's team: conflicts in force ({certificate, key}) and inactive inspectors */
  excluded: { conflicts: { certificate: string; key: string }[]; inactive: string[] };
  at: string; operator: string;
}

/** A draw's rejections in seq order. */
export function rejectionsOf(db: Db, drawId: number): Rejection[] {
  return (db.prepare(`SELECT seq, number, department, reason, note, cancels, substitute, skipped, excluded, at, operator
    FROM rejections WHERE draw_id = ? ORDER BY seq`).all(drawId) as any[]).map((r) => {
    const excluded = parseJsonOr<{ conflicts?: unknown; inactive?: unknown }>(r.excluded, {});
    return {
      ...r,
      cancels: r.cancels === 1,
      skipped: stringsOf(parseJsonOr<unknown>(r.skipped, [])),
      excluded: {
        conflicts: Array.isArray(excluded.conflicts)
          ? excluded.conflicts.filter((c): c is { certificate: string; key: string } => typeof c?.certificate === 'string' && typeof c?.key === 'string')
            .map((c) => ({ certificate: c.certificate, key: c.key }))
          : [],
        inactive: stringsOf(excluded.inactive),
      },
    };
  });
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The seq the next change of a draw's sheets takes (replacement or rejection): one past the last of either. */
export function nextChangeSeq(db: Db, drawId: number): number {
  const last = db.prepare(`SELECT MAX(seq) FROM (SELECT seq FROM replacements WHERE draw_id = ? UNION ALL SELECT seq FROM rejections WHERE draw_id = ?)`)
    .pluck().get(drawId, drawId) as number | null;
  return (last ?? 0) + 1;
}
