import { canonicalJson, sha256Hex } from './canonical.js';

/** The hash chain of the audit log (DESIGN.md, "The audit log"). Pure: the store feeds it rows. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: string;
  operator: string;
  action: string;
  detail: string; // canonical JSON text
}

export function entryHash(prevHash: string, entry: AuditEntry): string {
  const body = canonicalJson({ seq: entry.seq, at: entry.at, operator: entry.operator, action: entry.action, detail: entry.detail });
  return sha256Hex(`${prevHash}\n${body}`);
}

export type ChainBreak = { seq: number; problem: 'prev-hash' | 'hash' | 'gap' | 'draw'; expected: string; found: string };

/** Walks entries in order; returns the first break, or null when the chain holds. */
export function verifyChain(entries: Iterable<AuditEntry & { prev_hash: string; hash: string }>): { head: string; count: number; broken: ChainBreak | null } {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { head: prev, count, broken: { seq: e.seq, problem: 'gap', expected: String(expectedSeq), found: String(e.seq) } };
    if (e.prev_hash !== prev) return { head: prev, count, broken: { seq: e.seq, problem: 'prev-hash', expected: prev, found: e.prev_hash } };
    const h = entryHash(prev, e);
    if (h !== e.hash) return { head: prev, count, broken: { seq: e.seq, problem: 'hash', expected: h, found: e.hash } };
    prev = e.hash;
    expectedSeq++;
    count++;
  }
  return { head: prev, count, broken: null };
}
