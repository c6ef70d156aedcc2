import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';

/**
 * Rejections of a drawn sheet by a department at confirmation (art. 17), as the replay reads them
 * and the confirmation (app/confirm.ts) writes them; per-sheet confirmations; the sheets rows a
 * rejection changes (the cancelled sheet and its substitute). `seq` shares its numbering with
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

export function addRejection(db: Db, drawId: number, r: Rejection): void {
  db.prepare(`INSERT INTO rejections (draw_id, seq, number, department, reason, note, cancels, substitute, skipped, excluded, at, operator)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, r.seq, r.number, r.department, r.reason, r.note, r.cancels ? 1 : 0, r.substitute,
    JSON.stringify(r.skipped), JSON.stringify(r.excluded), r.at, r.operator);
}

/** Whether a department has rejected a sheet already (it is off that sheet then). */
export function hasRejected(db: Db, drawId: number, number: number, department: string): boolean {
  return db.prepare('SELECT 1 FROM rejections WHERE draw_id = ? AND number = ? AND department = ?').get(drawId, number, department) !== undefined;
}

/** A sheet of a draw as it stands, with what changed it. */
export interface StandingSheet {
  number: number; key: string; stratum: string; team: [string, string][];
  cancelledBy: number | null; substituteFor: number | null;
}

function teamOf(text: string): [string, string][] {
  const team = parseJsonOr<unknown>(text, []);
  return Array.isArray(team) ? team.filter((m): m is [string, string] => Array.isArray(m) && m.length === 2).map(([d, c]) => [String(d), String(c)]) : [];
}

/** Every sheet of a draw as it stands now, in number order. */
export function standingSheets(db: Db, drawId: number): StandingSheet[] {
  return (db.prepare('SELECT number, credit_code AS key, stratum, team, cancelled_by AS cancelledBy, substitute_for AS substituteFor FROM sheets WHERE draw_id = ? ORDER BY number')
    .all(drawId) as any[]).map((s) => ({ ...s, team: teamOf(s.team) }));
}

export function cancelSheet(db: Db, drawId: number, number: number, seq: number): void {
  db.prepare('UPDATE sheets SET cancelled_by = ? WHERE draw_id = ? AND number = ?').run(seq, drawId, number);
}

/** A substitute sheet: the next number of the draw, standing in for a cancelled one. */
export function addSubstituteSheet(db: Db, drawId: number, s: { number: number; key: string; stratum: string; team: [string, string][]; substituteFor: number }): void {
  db.prepare('INSERT INTO sheets (draw_id, number, credit_code, stratum, team, substitute_for) VALUES (?, ?, ?, ?, ?, ?)')
    .run(drawId, s.number, s.key, s.stratum, JSON.stringify(s.team), s.substituteFor);
}

export interface SheetConfirmation { number: number; department: string; confirmedAt: string; dueOn: string; late: boolean; operator: string }

export function sheetConfirmationsOf(db: Db, drawId: number): SheetConfirmation[] {
  return (db.prepare(`SELECT number, department, confirmed_at AS confirmedAt, due_on AS dueOn, late, operator FROM sheet_confirmations
    WHERE draw_id = ? ORDER BY number, department`).all(drawId) as any[]).map((c) => ({ ...c, late: c.late === 1 }));
}

/** The same, in sheet order, read one at a time. */
export function* iterateSheetConfirmations(db: Db, drawId: number): Generator<SheetConfirmation> {
  for (const c of db.prepare(`SELECT number, department, confirmed_at AS confirmedAt, due_on AS dueOn, late, operator FROM sheet_confirmations
    WHERE draw_id = ? ORDER BY number, department`).iterate(drawId) as IterableIterator<any>) yield { ...c, late: c.late === 1 };
}

/** How many rejections each department has made in a draw. */
export function rejectionCounts(db: Db, drawId: number): Map<string, number> {
  return new Map(db.prepare('SELECT department, COUNT(*) FROM rejections WHERE draw_id = ? GROUP BY department').raw().all(drawId) as [string, number][]);
}

/**
 * A department's sheet confirmations, one statement for them all: prepared once a call, since each
 * statement holds SQLite's memory until it is collected (a statement a sheet, at 26,000 sheets, had
 * the confirmation 100 MB larger).
 */
export function addSheetConfirmations(db: Db, drawId: number, confirmations: Iterable<SheetConfirmation>): void {
  const insert = db.prepare('INSERT INTO sheet_confirmations (draw_id, number, department, confirmed_at, due_on, late, operator) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const c of confirmations) insert.run(drawId, c.number, c.department, c.confirmedAt, c.dueOn, c.late ? 1 : 0, c.operator);
}

/**
 * Subjects of `keys` that may no longer be inspected: not active in the registry, retired from it
 * (in_registry = 0), or not in it at all. A substitute is never one of them.
 */
export function ineligibleSubjects(db: Db, keys: readonly string[]): Set<string> {
  const row = db.prepare('SELECT status, in_registry FROM subjects WHERE credit_code = ?');
  const out = new Set<string>();
  for (const k of keys) {
    const r = row.get(k) as { status: string; in_registry: number } | undefined;
    if (!r || r.status !== 'active' || r.in_registry !== 1) out.add(k);
  }
  return out;
}

/** The conflicts in force now for subjects among `keys` (declared after the draw as well). */
export function conflictsInForce(db: Db, keys: ReadonlySet<string>): { certificate: string; key: string }[] {
  return (db.prepare('SELECT certificate, credit_code AS key FROM conflicts WHERE active = 1 ORDER BY credit_code, certificate').all() as { certificate: string; key: string }[])
    .filter((c) => keys.has(c.key));
}

/** Of `certificates`, those no longer active (or gone from the list). */
export function inactiveInspectors(db: Db, certificates: readonly string[]): string[] {
  const active = db.prepare('SELECT active FROM inspectors WHERE certificate = ?').pluck();
  return certificates.filter((c) => active.get(c) !== 1);
}
