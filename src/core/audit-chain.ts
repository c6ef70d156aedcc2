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
  const body = canonicalJson({ seq: entry.seq, at: entry.at, operator: entry.operator, action: entry.action, detail: hashedDetail(entry.detail) });
  return sha256Hex(`${prevHash}\n${body}`);
}

/** A free-text field as the hash sees it: the SHA-256 of its canonical JSON, never the text. */
export type FieldDigest = { sha256: string };

const isDigest = (v: unknown): v is FieldDigest =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as FieldDigest).sha256 === 'string';

export const digestOf = (value: unknown): FieldDigest => (isDigest(value) ? value : { sha256: sha256Hex(canonicalJson(value)) });

/**
 * The detail text an entry's hash is taken over. An entry that lists free-text personal fields
 * in `private` (written since issue 15) is hashed with each of them replaced by its digest, so
 * the entry can be shown with those fields left out (the replay package) and still be checked:
 * the digest form of the full entry and of the redacted one are the same text. An entry without
 * `private` (every older one) is hashed as written, as it always was.
 */
export function hashedDetail(detail: string): string {
  if (!detail.includes('"private":')) return detail;
  let d: unknown;
  try {
    d = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return detail;
  const fields = (d as { private?: unknown }).private;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return detail;
  return canonicalJson(redactDetail(d as Record<string, unknown>));
}

/** A detail with its `private` fields replaced by their digests (fields already in digest form stay). */
export function redactDetail(d: Record<string, unknown>): Record<string, unknown> {
  const out = { ...d };
  for (const f of (d.private as string[]) ?? []) if (Object.hasOwn(out, f)) out[f] = digestOf(out[f]);
  return out;
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
