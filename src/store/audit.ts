import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditEntry } from '../core/audit-chain.js';

export interface AuditRow extends AuditEntry {
  prev_hash: string;
  hash: string;
}

/** Appends one entry to the chain; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, at: Date, operator: string, action: string, detail: unknown): AuditRow {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), operator, action, detail: canonicalJson(detail) };
  const prev = last?.hash ?? GENESIS_HASH;
  const row: AuditRow = { ...entry, prev_hash: prev, hash: entryHash(prev, entry) };
  db.prepare('INSERT INTO audit_log(seq, at, operator, action, detail, prev_hash, hash) VALUES (@seq, @at, @operator, @action, @detail, @prev_hash, @hash)').run(row);
  return row;
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
