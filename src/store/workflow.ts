import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';

/** After the draw: confirmations, replacements, specialists, results and dispositions. */

export interface SheetRef { drawId: number; number: number }

/** `1/17` (draw 1, sheet 17) or `2022-001/17` (the plan's effective draw, sheet 17). */
export function findSheet(db: Db, ref: string): (SheetRef & { key: string; team: [string, string][]; drawStatus: string }) | undefined {
  const at = ref.lastIndexOf('/');
  if (at <= 0) return undefined;
  const left = ref.slice(0, at).trim();
  const number = Number(ref.slice(at + 1));
  if (!Number.isInteger(number)) return undefined;
  const draw = (/^\d+$/.test(left)
    ? db.prepare('SELECT id, status FROM draws WHERE id = ?').get(Number(left))
    : db.prepare("SELECT d.id, d.status FROM draws d JOIN plans p ON p.id = d.plan_id WHERE p.number = ? AND d.status <> 'voided'").get(left)) as { id: number; status: string } | undefined;
  if (!draw) return undefined;
  const row = db.prepare('SELECT credit_code, team FROM sheets WHERE draw_id = ? AND number = ?').get(draw.id, number) as { credit_code: string; team: string } | undefined;
  return row && { drawId: draw.id, number, key: row.credit_code, team: JSON.parse(row.team), drawStatus: draw.status };
}

export function setTeam(db: Db, s: SheetRef, team: [string, string][]): void {
  db.prepare('UPDATE sheets SET team = ? WHERE draw_id = ? AND number = ?').run(JSON.stringify(team), s.drawId, s.number);
}

export interface Confirmation { department: string; confirmedAt: string; dueOn: string; late: boolean; note: string; operator: string }

export function confirmationsOf(db: Db, drawId: number): Confirmation[] {
  return (db.prepare('SELECT department, confirmed_at AS confirmedAt, due_on AS dueOn, late, note, operator FROM confirmations WHERE draw_id = ? ORDER BY department').all(drawId) as any[])
    .map((c) => ({ ...c, late: c.late === 1 }));
}

export function addConfirmation(db: Db, drawId: number, c: Confirmation): void {
  db.prepare('INSERT INTO confirmations (draw_id, department, confirmed_at, due_on, late, note, operator) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(drawId, c.department, c.confirmedAt, c.dueOn, c.late ? 1 : 0, c.note, c.operator);
}

export interface Replacement {
  seq: number; number: number; department: string; replaced: string; substitute: string; reason: string; approvedBy: string;
  filedOn: string; at: string; operator: string; conflicts: string[]; inactive: string[];
}

/** Replacements in the order they were made, with what was excluded at the time (for the replay). */
export function replacementsOf(db: Db, drawId: number): Replacement[] {
  return (db.prepare(`SELECT seq, number, department, replaced, substitute, reason, approved_by AS approvedBy, filed_on AS filedOn, at, operator, excluded
    FROM replacements WHERE draw_id = ? ORDER BY seq`).all(drawId) as any[])
    .map(({ excluded, ...r }) => ({ ...r, conflicts: [], inactive: [], ...parseJsonOr<object>(excluded, {}) }));
}

export function addReplacement(db: Db, drawId: number, r: Omit<Replacement, 'seq'>): number {
  const seq = ((db.prepare('SELECT MAX(seq) AS s FROM replacements WHERE draw_id = ?').get(drawId) as { s: number | null }).s ?? 0) + 1;
  db.prepare(`INSERT INTO replacements (draw_id, seq, number, department, replaced, substitute, reason, approved_by, filed_on, at, operator, excluded)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, seq, r.number, r.department, r.replaced, r.substitute, r.reason, r.approvedBy,
    r.filedOn, r.at, r.operator, JSON.stringify({ conflicts: r.conflicts, inactive: r.inactive }));
  return seq;
}

export interface Specialist { number: number; department: string; name: string; certificate: string; at: string; operator: string }

export function specialistsOf(db: Db, drawId: number): Specialist[] {
  return db.prepare('SELECT number, department, name, certificate, at, operator FROM specialists WHERE draw_id = ? ORDER BY number, id').all(drawId) as Specialist[];
}

export function addSpecialist(db: Db, drawId: number, s: Specialist): void {
  db.prepare('INSERT INTO specialists (draw_id, number, department, name, certificate, at, operator) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(drawId, s.number, s.department, s.name, s.certificate, s.at, s.operator);
}

export interface Result {
  id: number; number: number; inspectedOn: string; findings: string[]; items: Record<string, 'normal' | 'abnormal'>; signed: boolean;
  refusalNote: string; witness: string; note: string; enteredAt: string; enteredOn: string; enteredBy: string; supersededBy: number | null;
}

const RESULT_COLUMNS = `id, number, inspected_on AS inspectedOn, findings, items, signed, refusal_note AS refusalNote, witness, note,
  entered_at AS enteredAt, entered_on AS enteredOn, entered_by AS enteredBy, superseded_by AS supersededBy`;
const toResult = (r: any): Result => ({ ...r, findings: JSON.parse(r.findings), items: JSON.parse(r.items), signed: r.signed === 1 });

export function currentResults(db: Db, drawId: number): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number`).all(drawId) as any[]).map(toResult);
}

export function resultHistory(db: Db, drawId: number, number: number): Result[] {
  return (db.prepare(`SELECT ${RESULT_COLUMNS} FROM results WHERE draw_id = ? AND number = ? ORDER BY id`).all(drawId, number) as any[]).map(toResult);
}

/** Records a result; an existing one is kept and marked as corrected by the new one. Returns the new id and the one it replaced. */
export function addResult(db: Db, drawId: number, r: Omit<Result, 'id' | 'supersededBy'>): { id: number; corrects: number | null } {
  const old = db.prepare('SELECT id FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').get(drawId, r.number) as { id: number } | undefined;
  if (old) db.prepare('UPDATE results SET superseded_by = -1 WHERE id = ?').run(old.id); // leave the unique slot free
  const id = Number(db.prepare(`INSERT INTO results (draw_id, number, inspected_on, findings, items, signed, refusal_note, witness, note, entered_at, entered_on, entered_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(drawId, r.number, r.inspectedOn, JSON.stringify(r.findings), JSON.stringify(r.items), r.signed ? 1 : 0,
    r.refusalNote, r.witness, r.note, r.enteredAt, r.enteredOn, r.enteredBy).lastInsertRowid);
  if (old) db.prepare('UPDATE results SET superseded_by = ? WHERE id = ?').run(id, old.id);
  return { id, corrects: old?.id ?? null };
}

export interface Disposition { id: number; number: number; action: string; decidedOn: string; complete: boolean; note: string; enteredAt: string; enteredBy: string }

export function dispositionsOf(db: Db, drawId: number): Disposition[] {
  return (db.prepare(`SELECT id, number, action, decided_on AS decidedOn, complete, note, entered_at AS enteredAt, entered_by AS enteredBy
    FROM dispositions WHERE draw_id = ? AND superseded_by IS NULL ORDER BY number, id`).all(drawId) as any[]).map((d) => ({ ...d, complete: d.complete === 1 }));
}

/** A disposition; the same action on the same sheet again is a correction of the earlier one (kept). */
export function addDisposition(db: Db, drawId: number, d: Omit<Disposition, 'id'>): { id: number; corrects: number | null } {
  const old = db.prepare('SELECT id FROM dispositions WHERE draw_id = ? AND number = ? AND action = ? AND superseded_by IS NULL').get(drawId, d.number, d.action) as { id: number } | undefined;
  const id = Number(db.prepare(`INSERT INTO dispositions (draw_id, number, action, decided_on, complete, note, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(drawId, d.number, d.action, d.decidedOn, d.complete ? 1 : 0, d.note, d.enteredAt, d.enteredBy).lastInsertRowid);
  if (old) db.prepare('UPDATE dispositions SET superseded_by = ? WHERE id = ?').run(id, old.id);
  return { id, corrects: old?.id ?? null };
}

export function hasCurrentResult(db: Db, s: SheetRef): boolean {
  return db.prepare('SELECT 1 FROM results WHERE draw_id = ? AND number = ? AND superseded_by IS NULL').get(s.drawId, s.number) !== undefined;
}

/** Who may not be a substitute on a subject's sheet today: declared conflicts, and who is no longer active. */
export function replacementExclusions(db: Db, key: string, department: string): { conflicted: string[]; active: Set<string> } {
  return {
    conflicted: db.prepare('SELECT certificate FROM conflicts WHERE credit_code = ? AND active = 1').pluck().all(key) as string[],
    active: new Set(db.prepare('SELECT certificate FROM inspectors WHERE department = ? AND active = 1').pluck().all(department) as string[]),
  };
}

export function disclosedResultIds(db: Db): Set<number> {
  return new Set(db.prepare('SELECT result_id FROM disclosed').pluck().all() as number[]);
}

/** Records one disclosure file and the results it carries. */
export function recordDisclosure(db: Db, d: { at: string; file: string; sha256: string; rows: number; operator: string }, resultIds: number[]): number {
  const id = Number(db.prepare('INSERT INTO disclosures (at, file, sha256, rows, operator) VALUES (?, ?, ?, ?, ?)')
    .run(d.at, d.file, d.sha256, d.rows, d.operator).lastInsertRowid);
  const insert = db.prepare('INSERT INTO disclosed (disclosure_id, result_id) VALUES (?, ?)');
  for (const r of resultIds) insert.run(id, r);
  return id;
}
