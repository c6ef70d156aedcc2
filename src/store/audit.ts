import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditEntry, type ChainBreak } from '../core/audit-chain.js';
import { drawOfEvent, fileDigestOf, FILE_DIGEST_ACTIONS, PRIVATE_FIELDS, readEvent, type AuditAction, type AuditDetails } from '../core/audit-events.js';

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
    const personal = PRIVATE_FIELDS[action];
    const written = personal ? { ...detail, private: personal.filter((f) => Object.hasOwn(detail, f)) } : detail;
    const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), operator, action, detail: canonicalJson(written) };
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

/** The head as an anchor names it: the last entry's seq and hash (0 and the genesis hash for an empty log). */
export function auditHeadEntry(db: Db): { seq: number; hash: string } {
  const row = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/** What an anchor is held to: the hash the log holds at a seq, and the seq of an entry with a hash. */
export function auditLookups(db: Db): { hashAt: (seq: number) => string | undefined; seqOf: (hash: string) => number | undefined } {
  const at = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
  const of = db.prepare('SELECT seq FROM audit_log WHERE hash = ? ORDER BY seq LIMIT 1').pluck();
  return { hashAt: (seq) => at.get(seq) as string | undefined, seqOf: (hash) => of.get(hash) as number | undefined };
}

/**
 * The entries that record a file by the SHA-256 of its bytes (an import, a calendar import, a
 * disclosure), in seq order. One pass over the log: the entries of those actions whose detail
 * text holds the digest as canonical JSON writes it (`"sha256":"…"`), each then read to confirm
 * that it is the event's own `sha256` and not some other member that happens to hold the text.
 */
export function entriesRecordingFile(db: Db, sha256: string): { seq: number; hash: string; action: AuditAction }[] {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return []; // hex only: nothing in it that LIKE would read as a wildcard
  const rows = db.prepare(`SELECT seq, hash, action, detail FROM audit_log WHERE action IN (${FILE_DIGEST_ACTIONS.map(() => '?').join(', ')})
    AND detail LIKE ? ORDER BY seq`).all(...FILE_DIGEST_ACTIONS, `%"sha256":"${sha256}"%`) as { seq: number; hash: string; action: AuditAction; detail: string }[];
  return rows.filter((r) => fileDigestOf(readEvent(r.action, r.detail)) === sha256).map(({ seq, hash, action }) => ({ seq, hash, action }));
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
