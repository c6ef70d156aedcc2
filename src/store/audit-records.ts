import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { chinaDate } from '../core/deadlines.js';
import { readEvent, type AuditEvent, type LoggedResult } from '../core/audit-events.js';

/**
 * Every record the audit log describes, held against the entry that describes it (`draw audit
 * verify`): the log's events are replayed into the records they must have left, and each table
 * is compared with that, both ways. A record changed, deleted, brought back or inserted outside
 * the tool is named with its table and the entry that vouches for it.
 *
 * A record's times are taken from the clock just before its entry's (entries carry no time of
 * their own for it), so a time may not be later than its entry's nor more than an hour earlier.
 */

export type RecordTable =
  | 'plans' | 'draws' | 'confirmations' | 'results' | 'visits' | 'dispositions' | 'specialists' | 'replacements' | 'disclosures' | 'settings' | 'accepted_codes'
  | 'rejections' | 'sheet_confirmations' | 'sheets' | 'annual_plans';

export interface RecordMismatch {
  table: RecordTable;
  /** the record as a clerk names it: an id, `draw/sheet`, `draw/department`, a key or a code */
  record: string;
  /** the audit entry that describes it (seq); null for a record no entry describes */
  entry: number | null;
  problem: 'changed' | 'deleted' | 'unlogged';
  /** the first column that disagrees, for a changed one */
  field?: string;
}

type Entry = { seq: number; at: string; operator: string; event: AuditEvent };

/** How long before its entry a record's time may have been taken (an import of a large file logs when it is done). */
const WINDOW_MS = 60 * 60 * 1000;

/** A time taken just before the entry was written: not after it, and not more than WINDOW_MS before. */
class NotAfter {
  constructor(readonly at: string) {}
  holds(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const gap = Date.parse(this.at) - Date.parse(value);
    return gap >= 0 && gap <= WINDOW_MS;
  }
}

type Expected = { seq: number; fields: Record<string, unknown> };

function same(expected: unknown, actual: unknown): boolean {
  if (expected instanceof NotAfter) return expected.holds(actual);
  try {
    return canonicalJson(expected ?? null) === canonicalJson(actual ?? null);
  } catch {
    return false; // a value canonical JSON cannot hold (NaN from a damaged column): not what was logged
  }
}

function firstDifference(expected: Record<string, unknown>, row: Record<string, unknown>): string | undefined {
  for (const [field, value] of Object.entries(expected)) if (!same(value, row[field])) return field;
  return undefined;
}

const json = (text: unknown): unknown => {
  try {
    return typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    return { unreadable: text };
  }
};

/** Compares one table's rows with the records its entries must have left, both ways. */
function compare(table: RecordTable, expected: Map<string, Expected>, rows: Iterable<Record<string, unknown>>, keyOf: (row: Record<string, unknown>) => string,
  view: (row: Record<string, unknown>) => Record<string, unknown> = (r) => r): RecordMismatch[] {
  const out: RecordMismatch[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const record = keyOf(row);
    const e = expected.get(record);
    if (!e || seen.has(record)) {
      out.push({ table, record, entry: null, problem: 'unlogged' });
      continue;
    }
    seen.add(record);
    const field = firstDifference(e.fields, view(row));
    if (field !== undefined) out.push({ table, record, entry: e.seq, problem: 'changed', field });
  }
  for (const [record, e] of expected) if (!seen.has(record)) out.push({ table, record, entry: e.seq, problem: 'deleted' });
  return out;
}

function readEntries(db: Db): Entry[] {
  const out: Entry[] = [];
  for (const r of db.prepare('SELECT seq, at, operator, action, detail FROM audit_log ORDER BY seq').iterate() as Iterable<{ seq: number; at: string; operator: string; action: string; detail: string }>) {
    const event = readEvent(r.action, r.detail);
    if (event) out.push({ seq: r.seq, at: r.at, operator: r.operator, event });
  }
  return out;
}

const all = (db: Db, sql: string) => db.prepare(sql).iterate() as Iterable<Record<string, unknown>>;

/** Every mismatch between the tables the log describes and the log, table by table. */
export function recordMismatches(db: Db): RecordMismatch[] {
  const entries = readEntries(db);
  return [
    ...plans(db, entries), ...draws(db, entries), ...confirmations(db, entries), ...results(db, entries), ...visits(db, entries), ...dispositions(db, entries),
    ...specialists(db, entries), ...replacements(db, entries), ...disclosures(db, entries), ...settings(db, entries), ...acceptedCodes(db, entries),
    ...rejections(db, entries), ...sheetConfirmations(db, entries), ...sheetChanges(db, entries), ...annualPlans(db, entries),
  ];
}

/**
 * Annual plans (issue 11), by year: created with the year's first task (`annual.create`; one a
 * migration made from older plans is vouched for by its first task's `plan.create`), holding the
 * tasks whose `plan.create` names the year, and filed as the latest `annual.file` says.
 */
function annualPlans(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action === 'plan.create') {
      const year = String(event.detail.year);
      const e = expected.get(year) ?? { seq, fields: { year: event.detail.year, created_at: new NotAfter(at), created_by: operator, tasks: [] as string[], filed_at: null, filed_by: null, filing: null } };
      (e.fields.tasks as string[]).push(event.detail.number);
      expected.set(year, e);
    } else if (event.action === 'annual.create') {
      const e = expected.get(String(event.detail.year));
      // written just before its task's plan.create, in the same transaction
      if (e) Object.assign(e.fields, { created_at: new NotAfter(at), created_by: operator });
      else expected.set(String(event.detail.year), { seq, fields: { year: event.detail.year, created_at: new NotAfter(at), created_by: operator, tasks: [], filed_at: null, filed_by: null, filing: null } });
    } else if (event.action === 'annual.file') {
      const { annualPlan: _id, ...filing } = event.detail;
      const e = expected.get(String(event.detail.year));
      if (e) Object.assign(e.fields, { filed_at: new NotAfter(at), filed_by: operator, filing });
    }
  }
  for (const e of expected.values()) (e.fields.tasks as string[]).sort();
  const tasks = db.prepare('SELECT number FROM plans WHERE annual_plan_id = ? ORDER BY number').pluck();
  return compare('annual_plans', expected, all(db, 'SELECT * FROM annual_plans ORDER BY year'), (r) => String(r.year),
    (r) => ({ ...r, tasks: tasks.all(r.id), filing: r.filing === null ? null : json(r.filing) }));
}

/** SQLite's ORDER BY of a TEXT column: by code unit, not by locale. */
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function plans(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'plan.create') continue;
    const p = event.detail;
    expected.set(String(p.plan), {
      seq, fields: {
        year: p.year, number: p.number, name: p.name, initiator: p.initiator, scope: p.scope, ratio_ppm: p.ratioPpm, grade_ratios: p.gradePpm ?? null,
        window_start: p.windowStart, window_end: p.windowEnd, created_at: new NotAfter(at), operator,
        departments: [...(p.departments ?? [])].map((d) => ({ code: d.code, teamSize: d.teamSize })).sort(byCode),
        items: [...(p.items ?? [])].map((i) => ({ code: i.code, version: i.version, department: i.department })).sort(byCode),
      },
    });
  }
  const departments = db.prepare('SELECT department AS code, team_size AS teamSize FROM plan_departments WHERE plan_id = ? ORDER BY department');
  const items = db.prepare('SELECT item_code AS code, item_version AS version, department FROM plan_items WHERE plan_id = ? ORDER BY item_code');
  const rows = [...all(db, 'SELECT * FROM plans ORDER BY id')];
  // plan_departments and plan_items of a plan that is gone: rows of a deleted plan
  const orphans = db.prepare('SELECT DISTINCT plan_id FROM (SELECT plan_id FROM plan_departments UNION SELECT plan_id FROM plan_items) WHERE plan_id NOT IN (SELECT id FROM plans)').pluck().all() as number[];
  return [
    ...compare('plans', expected, rows, (r) => String(r.id), (r) => ({
      ...r, scope: json(r.scope), grade_ratios: r.grade_ratios === null ? null : json(r.grade_ratios),
      departments: departments.all(r.id), items: items.all(r.id),
    })),
    ...orphans.filter((id) => !expected.has(String(id))).map((id): RecordMismatch => ({ table: 'plans', record: String(id), entry: null, problem: 'unlogged' })),
  ];
}

function draws(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    const key = String((event.detail as { draw?: unknown }).draw);
    if (event.action === 'draw.commit') {
      const d = event.detail;
      expected.set(key, {
        seq, fields: {
          plan_id: d.plan, commitment: d.commitment, committed_at: new NotAfter(at), operator, status: 'committed',
          seed: null, seed_source: null, result_hash: null, drawn_at: null, voided_at: null, void_reason: null, void_approved_by: null,
          // entries before issue 10 do not carry the deadlines: the migration filled them in
          ...(d.deadlines ? { deadlines: canonicalJson(d.deadlines) } : {}),
          // issue 13: the declaration logged at commitment (none on older entries, whose column is NULL)
          seed_declaration: d.seedDeclaration ? canonicalJson(d.seedDeclaration) : null, ceremony: null,
        },
      });
    } else if (event.action === 'draw.run' && expected.has(key)) {
      const d = event.detail;
      const e = expected.get(key)!;
      expected.set(key, { seq, fields: { ...e.fields, status: 'drawn', seed: d.seed, seed_source: d.seedSource, result_hash: d.result, drawn_at: new NotAfter(at), ceremony: d.ceremony ? canonicalJson(d.ceremony) : null } });
    } else if (event.action === 'draw.void' && expected.has(key)) {
      const d = event.detail;
      const e = expected.get(key)!;
      expected.set(key, { seq, fields: { ...e.fields, status: 'voided', void_reason: d.reason, void_approved_by: d.approvedBy, voided_at: new NotAfter(at) } });
    }
  }
  return compare('draws', expected, all(db, 'SELECT id, plan_id, status, commitment, seed, seed_source, result_hash, committed_at, drawn_at, operator, voided_at, void_reason, void_approved_by, deadlines, seed_declaration, ceremony FROM draws ORDER BY id'), (r) => String(r.id));
}

function confirmations(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'draw.confirm') continue;
    const c = event.detail;
    // a department's later confirmation (of a substitute) adds sheets, not a second confirmation
    if (c.again || expected.has(`${c.draw}/${c.department}`)) continue;
    expected.set(`${c.draw}/${c.department}`, { seq, fields: { confirmed_at: new NotAfter(at), due_on: c.due, late: c.late ? 1 : 0, note: c.note, operator } });
  }
  return compare('confirmations', expected, all(db, 'SELECT * FROM confirmations ORDER BY draw_id, department'), (r) => `${r.draw_id}/${r.department}`);
}

function results(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  const supersededBy = new Map<string, number>();
  const add = (seq: number, at: string, operator: string, r: Partial<LoggedResult>) => {
    if (!Number.isSafeInteger(r?.result)) return;
    if (Number.isSafeInteger(r.corrects)) supersededBy.set(String(r.corrects), r.result!);
    expected.set(String(r.result), {
      seq, fields: {
        draw_id: r.draw, number: r.sheet, inspected_on: r.inspectedOn, findings: r.findings, items: r.items, signed: r.signed ? 1 : 0,
        refusal_note: r.refusalNote ?? '', witness: r.witness ?? '', note: r.note ?? '', entered_at: new NotAfter(at), entered_on: true, entered_by: operator,
        // entries before issue 10 name no department (a joint result) and no late reason
        department: r.department ?? null, late_reason: r.lateReason ?? '',
      },
    });
  };
  for (const { seq, at, operator, r } of loggedResults(entries)) add(seq, at, operator, r);
  for (const [id, e] of expected) e.fields.superseded_by = supersededBy.get(id) ?? null;
  const rows = [...all(db, 'SELECT * FROM results ORDER BY id')];
  // named by its sheet as the clerk knows it, and its id
  const sheetOf = new Map<string, string>(rows.map((r) => [String(r.id), `${r.draw_id}/${r.number}`]));
  for (const [id, e] of expected) if (!sheetOf.has(id)) sheetOf.set(id, `${e.fields.draw_id}/${e.fields.number}`);
  return compare('results', expected, rows, (r) => String(r.id), (r) => ({
    ...r, findings: json(r.findings), items: json(r.items),
    // the working day it counts as entered is the day it was entered: one moved alone makes a late entry look on time
    entered_on: typeof r.entered_at === 'string' && r.entered_on === chinaDate(r.entered_at),
  })).map((m) => ({ ...m, record: `${sheetOf.get(m.record)} #${m.record}` }));
}

/** Every result the log records, from `draw result` and from results imports (which log each result they wrote in their own entry). */
function loggedResults(entries: Entry[]): { seq: number; at: string; operator: string; r: Partial<LoggedResult> }[] {
  const out: { seq: number; at: string; operator: string; r: Partial<LoggedResult> }[] = [];
  for (const { seq, at, operator, event } of entries) {
    if (event.action === 'result.enter' || event.action === 'result.correct') out.push({ seq, at, operator, r: event.detail });
    else if (event.action === 'import' && event.detail.kind === 'results') {
      for (const r of (Array.isArray(event.detail.results) ? event.detail.results : []) as Partial<LoggedResult>[]) out.push({ seq, at, operator, r });
    }
  }
  return out;
}

/** The visits of sheets: each written by the result entry that gave it (its `visit`), correcting the one before (`visitCorrects`). */
function visits(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  const supersededBy = new Map<string, number>();
  for (const { seq, at, operator, r } of loggedResults(entries)) {
    if (!Number.isSafeInteger(r.visit)) continue;
    if (Number.isSafeInteger(r.visitCorrects)) supersededBy.set(String(r.visitCorrects), r.visit!);
    expected.set(String(r.visit), {
      seq, fields: {
        draw_id: r.draw, number: r.sheet, signed: r.signed ? 1 : 0, refusal_note: r.refusalNote ?? '', witness: r.witness ?? '',
        entered_at: new NotAfter(at), entered_by: operator,
      },
    });
  }
  for (const [id, e] of expected) e.fields.superseded_by = supersededBy.get(id) ?? null;
  const rows = [...all(db, 'SELECT * FROM visits ORDER BY id')];
  // named by its sheet as the clerk knows it, and its id
  const sheetOf = new Map<string, string>(rows.map((r) => [String(r.id), `${r.draw_id}/${r.number}`]));
  for (const [id, e] of expected) if (!sheetOf.has(id)) sheetOf.set(id, `${e.fields.draw_id}/${e.fields.number}`);
  return compare('visits', expected, rows, (r) => String(r.id)).map((m) => ({ ...m, record: `${sheetOf.get(m.record)} #${m.record}` }));
}

function dispositions(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  const supersededBy = new Map<string, number>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'sheet.dispose') continue;
    const d = event.detail;
    if (Number.isSafeInteger(d.corrects)) supersededBy.set(String(d.corrects), d.disposition);
    expected.set(String(d.disposition), {
      seq, fields: {
        draw_id: d.draw, number: d.sheet, action: d.action, decided_on: d.decidedOn, complete: d.complete ? 1 : 0, note: d.note,
        entered_at: new NotAfter(at), entered_by: operator, department: d.department ?? null,
      },
    });
  }
  for (const [id, e] of expected) e.fields.superseded_by = supersededBy.get(id) ?? null;
  return compare('dispositions', expected, all(db, 'SELECT * FROM dispositions ORDER BY id'), (r) => String(r.id));
}

function specialists(db: Db, entries: Entry[]): RecordMismatch[] {
  // 'sheet.assist' names no row id: the rows, in the order they were added, are its entries in order.
  const logged = entries.filter((e) => e.event.action === 'sheet.assist');
  const rows = [...all(db, 'SELECT * FROM specialists ORDER BY id')];
  const expected = new Map<string, Expected>();
  logged.forEach(({ seq, at, operator, event }, i) => {
    const s = event.detail as { draw: number; sheet: number; department: string; name: string; certificate: string };
    const id = rows[i] ? String(rows[i].id) : `${s.draw}/${s.sheet} ${s.name}`;
    expected.set(id, { seq, fields: { draw_id: s.draw, number: s.sheet, department: s.department, name: s.name, certificate: s.certificate, at: new NotAfter(at), operator } });
  });
  return compare('specialists', expected, rows, (r) => String(r.id));
}

function replacements(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'sheet.replace') continue;
    const r = event.detail;
    expected.set(`${r.draw}/${r.seq}`, {
      seq, fields: {
        number: r.sheet, department: r.department, replaced: r.replaced, substitute: r.substitute, reason: r.reason, approved_by: r.approvedBy,
        filed_on: r.filedOn, at: new NotAfter(at), operator, excluded: { conflicts: r.conflicts, inactive: r.inactive },
      },
    });
  }
  return compare('replacements', expected, all(db, 'SELECT * FROM replacements ORDER BY draw_id, seq'), (r) => `${r.draw_id}/${r.seq}`, (r) => ({ ...r, excluded: json(r.excluded) }));
}

function disclosures(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'disclosure.export') continue;
    const d = event.detail;
    // a disclosure since issue 10 says how many results it published (a joint result is on several rows)
    expected.set(String(d.disclosure), { seq, fields: { at, file: d.file, sha256: d.sha256, rows: d.rows, operator, published: d.published ?? d.rows } });
  }
  const published = db.prepare('SELECT COUNT(*) FROM disclosed WHERE disclosure_id = ?').pluck();
  return compare('disclosures', expected, all(db, 'SELECT * FROM disclosures ORDER BY id'), (r) => String(r.id), (r) => ({ ...r, published: published.get(r.id) }));
}

function settings(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, event } of entries) {
    if (event.action === 'config.set') expected.set(event.detail.key, { seq, fields: { value: String(event.detail.value) } });
  }
  return compare('settings', expected, all(db, 'SELECT key, value FROM settings ORDER BY key'), (r) => String(r.key));
}

function acceptedCodes(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'code.accept') continue;
    const c = event.detail;
    // accepted again: the reason is the new one, who accepted it first and when stay
    const first = expected.get(c.code);
    expected.set(c.code, { seq, fields: { reason: c.reason, operator: first?.fields.operator ?? operator, accepted_at: first?.fields.accepted_at ?? new NotAfter(at) } });
  }
  return compare('accepted_codes', expected, all(db, 'SELECT * FROM accepted_codes ORDER BY code'), (r) => String(r.code));
}

/** The confirmation entries of issue 10's shape (rejections, sheets, substitutes), read with care: written by the tool, but read back from text. */
const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function rejections(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'draw.confirm') continue;
    const c = event.detail;
    const notes = listOf<string>(c.rejectionNotes);
    listOf<NonNullable<typeof c.rejections>[number]>(c.rejections).forEach((r, i) => {
      expected.set(`${c.draw}/${r.seq}`, {
        seq, fields: {
          number: r.sheet, department: c.department, reason: r.reason, note: notes[i] ?? '', cancels: r.cancels ? 1 : 0, substitute: r.substitute ?? null,
          skipped: r.skipped, excluded: r.excluded, at: new NotAfter(at), operator,
        },
      });
    });
  }
  return compare('rejections', expected, all(db, 'SELECT * FROM rejections ORDER BY draw_id, seq'), (r) => `${r.draw_id}/${r.seq}`,
    (r) => ({ ...r, skipped: json(r.skipped), excluded: json(r.excluded) }));
}

function sheetConfirmations(db: Db, entries: Entry[]): RecordMismatch[] {
  const expected = new Map<string, Expected>();
  // a confirmation logged before issue 10 confirmed every sheet of its draw: the migration filled them in
  const drawnSheets = db.prepare('SELECT number FROM sheets WHERE draw_id = ? AND substitute_for IS NULL ORDER BY number').pluck();
  for (const { seq, at, operator, event } of entries) {
    if (event.action !== 'draw.confirm') continue;
    const c = event.detail;
    const groups = c.sheets === undefined
      ? [{ due: c.due, late: c.late, numbers: drawnSheets.all(c.draw) as number[] }]
      : listOf<NonNullable<typeof c.sheets>[number]>(c.sheets);
    for (const g of groups) {
      for (const number of listOf<number>(g.numbers)) {
        expected.set(`${c.draw}/${number}/${c.department}`, { seq, fields: { confirmed_at: new NotAfter(at), due_on: g.due, late: g.late ? 1 : 0, operator } });
      }
    }
  }
  return compare('sheet_confirmations', expected, all(db, 'SELECT * FROM sheet_confirmations ORDER BY draw_id, number, department'),
    (r) => `${r.draw_id}/${r.number}/${r.department}`);
}

/**
 * The sheets a rejection changed: a cancelled sheet names the rejection that cancelled it, and a
 * substitute sheet is the one its entry brought in (subject, stratum, the sheet it stands in for).
 * Teams change with replacements and rejections alike: `draw replay` holds them to the rule.
 */
function sheetChanges(db: Db, entries: Entry[]): RecordMismatch[] {
  const cancelledBy = new Map<string, { seq: number; by: number }>();
  const substitutes = new Map<string, Expected>();
  for (const { seq, event } of entries) {
    if (event.action !== 'draw.confirm') continue;
    const c = event.detail;
    for (const r of listOf<NonNullable<typeof c.rejections>[number]>(c.rejections)) if (r.cancels) cancelledBy.set(`${c.draw}/${r.sheet}`, { seq, by: r.seq });
    for (const s of listOf<NonNullable<typeof c.substitutes>[number]>(c.substitutes)) {
      substitutes.set(`${c.draw}/${s.sheet}`, { seq, fields: { credit_code: s.key, stratum: s.stratum, substitute_for: s.substituteFor } });
    }
  }
  const out: RecordMismatch[] = [];
  const rows = all(db, 'SELECT draw_id, number, credit_code, stratum, substitute_for, cancelled_by FROM sheets WHERE substitute_for IS NOT NULL OR cancelled_by IS NOT NULL ORDER BY draw_id, number');
  const seen = new Set<string>();
  for (const r of rows) {
    const record = `${r.draw_id}/${r.number}`;
    seen.add(record);
    const cancel = cancelledBy.get(record);
    if (r.cancelled_by !== null && !same(cancel?.by ?? null, r.cancelled_by)) {
      out.push(cancel ? { table: 'sheets', record, entry: cancel.seq, problem: 'changed', field: 'cancelled_by' } : { table: 'sheets', record, entry: null, problem: 'unlogged', field: 'cancelled_by' });
    }
    if (r.substitute_for !== null) {
      const e = substitutes.get(record);
      const field = e && firstDifference(e.fields, r);
      if (!e) out.push({ table: 'sheets', record, entry: null, problem: 'unlogged' });
      else if (field !== undefined) out.push({ table: 'sheets', record, entry: e.seq, problem: 'changed', field });
    }
  }
  // a sheet cancelled by its entry that no longer says so, and a substitute that is gone
  const row = db.prepare('SELECT cancelled_by FROM sheets WHERE draw_id = ? AND number = ?');
  for (const [record, c] of cancelledBy) {
    if (seen.has(record)) continue;
    const [draw, number] = record.split('/').map(Number);
    const found = row.get(draw, number) as { cancelled_by: number | null } | undefined;
    out.push(found ? { table: 'sheets', record, entry: c.seq, problem: 'changed', field: 'cancelled_by' } : { table: 'sheets', record, entry: c.seq, problem: 'deleted' });
  }
  for (const [record, e] of substitutes) {
    if (seen.has(record)) continue;
    const [draw, number] = record.split('/').map(Number);
    out.push(row.get(draw, number) ? { table: 'sheets', record, entry: e.seq, problem: 'changed', field: 'substitute_for' } : { table: 'sheets', record, entry: e.seq, problem: 'deleted' });
  }
  return out;
}
