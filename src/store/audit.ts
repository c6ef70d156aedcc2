import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditEntry, type ChainBreak } from '../core/audit-chain.js';
import { drawOfEvent, readEvent, type AuditAction, type AuditDetails, type LoggedResult } from '../core/audit-events.js';

/** The one module that writes the audit log and reads it back (events typed in core/audit-events.ts). */

export interface AuditRow extends AuditEntry {
  prev_hash: string;
  hash: string;
}

/**
 * Appends one event to the chain; call inside the transaction that makes the change it records.
 * The draw it is about goes in its own column as well (audit_draws; not hashed: see schema migration 4).
 */
export function appendAudit<A extends AuditAction>(db: Db, at: Date, operator: string, action: A, detail: AuditDetails[A]): AuditRow {
  // Reading the head and writing the next entry is one step under the write lock (a savepoint
  // inside the caller's transaction): another process cannot take the same seq in between.
  return db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), operator, action, detail: canonicalJson(detail) };
    const prev = last?.hash ?? GENESIS_HASH;
    const row: AuditRow = { ...entry, prev_hash: prev, hash: entryHash(prev, entry) };
    db.prepare('INSERT INTO audit_log(seq, at, operator, action, detail, prev_hash, hash) VALUES (@seq, @at, @operator, @action, @detail, @prev_hash, @hash)').run(row);
    const draw = drawOfEvent(detail);
    if (draw !== null) db.prepare('INSERT INTO audit_draws(hash, draw_id) VALUES (?, ?)').run(row.hash, draw);
    return row;
  }).immediate();
}

export function auditHead(db: Db): string {
  const row = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

const ENTRY_COLUMNS = 'seq, at, operator, action, detail, prev_hash, hash';

/**
 * The chain, then the draw column against the detail it was read from: the column is not hashed,
 * so a changed one would otherwise hide an entry from its draw's replay and package.
 */
export function verifyAudit(db: Db): ReturnType<typeof verifyChain> {
  const chain = verifyChain(db.prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_log ORDER BY seq`).iterate() as Iterable<AuditRow>);
  if (chain.broken) return chain;
  const rows = db.prepare('SELECT l.seq, l.detail, d.draw_id FROM audit_log l LEFT JOIN audit_draws d ON d.hash = l.hash ORDER BY l.seq');
  for (const r of rows.iterate() as Iterable<{ seq: number; detail: string; draw_id: number | null }>) {
    let expected: number | null = null;
    try { expected = drawOfEvent(JSON.parse(r.detail)); } catch { /* not JSON: no draw */ }
    if (expected !== r.draw_id) {
      const broken: ChainBreak = { seq: r.seq, problem: 'draw', expected: String(expected ?? '-'), found: String(r.draw_id ?? '-') };
      return { ...chain, broken };
    }
  }
  return chain;
}

/** The log's entries in order: all of them, or those of one draw (by its column). */
export function listAudit(db: Db, filter: { draw?: number } = {}): AuditRow[] {
  if (filter.draw !== undefined) {
    return db.prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE hash IN (SELECT hash FROM audit_draws WHERE draw_id = ?) ORDER BY seq`).all(filter.draw) as AuditRow[];
  }
  return db.prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_log ORDER BY seq`).all() as AuditRow[];
}

export interface ResultMismatch { id: number; draw: number; sheet: number; problem: 'changed' | 'unlogged' }

/**
 * Results checked against the audit log: one entered with `draw result` must equal its
 * 'result.enter' / 'result.correct' entry; one without an entry must come from a results import.
 */
export function resultMismatches(db: Db): ResultMismatch[] {
  // A changed entry that no longer reads as its event is the chain's to report; here it logs nothing.
  const logged = new Map<number, Partial<LoggedResult>>();
  const entries = db.prepare("SELECT action, detail FROM audit_log WHERE action IN ('result.enter', 'result.correct', 'import')").iterate() as Iterable<{ action: string; detail: string }>;
  for (const { action, detail } of entries) {
    const event = readEvent(action, detail);
    if (event?.action === 'result.enter' || event?.action === 'result.correct') {
      if (Number.isSafeInteger(event.detail.result)) logged.set(event.detail.result, event.detail);
    } else if (event?.action === 'import' && event.detail.kind === 'results') {
      // A results import logs every result it wrote in its own entry.
      for (const r of (Array.isArray(event.detail.results) ? event.detail.results : []) as Partial<LoggedResult>[]) if (Number.isSafeInteger(r?.result)) logged.set(r.result!, r);
    }
  }
  const out: ResultMismatch[] = [];
  type Row = { id: number; draw_id: number; number: number; inspected_on: string; findings: string; items: string; signed: number; refusal_note: string; witness: string; note: string; entered_at: string };
  for (const r of db.prepare('SELECT id, draw_id, number, inspected_on, findings, items, signed, refusal_note, witness, note, entered_at FROM results ORDER BY id').iterate() as Iterable<Row>) {
    const d = logged.get(r.id);
    const base = { id: r.id, draw: r.draw_id, sheet: r.number };
    if (!d) {
      out.push({ ...base, problem: 'unlogged' });
      continue;
    }
    let same = false;
    try {
      same = d.draw === r.draw_id && d.sheet === r.number && d.inspectedOn === r.inspected_on && d.signed === (r.signed === 1)
        && canonicalJson(d.findings) === canonicalJson(JSON.parse(r.findings)) && canonicalJson(d.items) === canonicalJson(JSON.parse(r.items))
        && (d.refusalNote ?? '') === r.refusal_note && (d.witness ?? '') === r.witness && (d.note ?? '') === r.note;
    } catch { /* unreadable JSON in the row: changed */ }
    if (!same) out.push({ ...base, problem: 'changed' });
  }
  return out;
}
