import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditEntry } from '../core/audit-chain.js';

export interface AuditRow extends AuditEntry {
  prev_hash: string;
  hash: string;
}

/** Appends one entry to the chain; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, at: Date, operator: string, action: string, detail: unknown): AuditRow {
  // Reading the head and writing the next entry is one step under the write lock (a savepoint
  // inside the caller's transaction): another process cannot take the same seq in between.
  return db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), operator, action, detail: canonicalJson(detail) };
    const prev = last?.hash ?? GENESIS_HASH;
    const row: AuditRow = { ...entry, prev_hash: prev, hash: entryHash(prev, entry) };
    db.prepare('INSERT INTO audit_log(seq, at, operator, action, detail, prev_hash, hash) VALUES (@seq, @at, @operator, @action, @detail, @prev_hash, @hash)').run(row);
    return row;
  }).immediate();
}

export function auditHead(db: Db): string {
  const row = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

export function verifyAudit(db: Db) {
  return verifyChain(db.prepare('SELECT seq, at, operator, action, detail, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>);
}

export function listAudit(db: Db, filter: { action?: string; detailLike?: string } = {}): AuditRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.action) { where.push('action = ?'); params.push(filter.action); }
  if (filter.detailLike) { where.push('detail LIKE ?'); params.push(filter.detailLike); }
  return db.prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`).all(...params) as AuditRow[];
}

export interface ResultMismatch { id: number; draw: number; sheet: number; problem: 'changed' | 'unlogged' }

/**
 * Results checked against the audit log: one entered with `draw result` must equal its
 * 'result.enter' / 'result.correct' entry; one without an entry must come from a results import.
 */
export function resultMismatches(db: Db): ResultMismatch[] {
  const logged = new Map<number, Record<string, unknown>>();
  for (const detail of db.prepare("SELECT detail FROM audit_log WHERE action IN ('result.enter', 'result.correct')").pluck().iterate() as Iterable<string>) {
    try {
      const d = JSON.parse(detail) as Record<string, unknown>;
      if (Number.isSafeInteger(d.result)) logged.set(d.result as number, d);
    } catch { /* a changed entry is the chain's to report */ }
  }
  // A results import logs every result it wrote in its own entry.
  for (const detail of db.prepare("SELECT detail FROM audit_log WHERE action = 'import' AND detail LIKE '%\"kind\":\"results\"%'").pluck().iterate() as Iterable<string>) {
    try {
      const d = JSON.parse(detail) as { results?: Record<string, unknown>[] };
      for (const r of d.results ?? []) if (Number.isSafeInteger(r.result)) logged.set(r.result as number, r);
    } catch { /* a changed entry is the chain's to report */ }
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
