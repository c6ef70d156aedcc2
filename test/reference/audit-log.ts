// Canonical JSON, D and the audit entry's hash, written from docs/AUDIT-LOG.md (sections 2 and 3)
// alone: its own escaping, its own key order, node:crypto for SHA-256 and nothing of src/.

import { createHash } from 'node:crypto';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const SHORT: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };

export function refString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (SHORT[u] !== undefined) out += SHORT[u];
    else if (u < 0x20) out += `\\u${hex4(u)}`;
    else if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += s[i]! + s[i + 1]!; i++; } else out += `\\u${hex4(u)}`;
    } else if (u >= 0xdc00 && u <= 0xdfff) out += `\\u${hex4(u)}`; // a low surrogate with no high one before it
    else out += s[i]!;
  }
  return out + '"';
}

/** Keys by UTF-16 code units, unsigned, the shorter first on a common prefix. */
export function refKeyOrder(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
  return a.length - b.length;
}

export function refNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('refused');
  // the integers of an entry (at most 2^53 − 1): their digits, `-` when negative, -0 as 0
  if (Number.isSafeInteger(n)) return (n < 0 ? '-' : '') + BigInt(Math.abs(n)).toString(10);
  return String(n); // any other number: ECMAScript Number::toString, as the document says
}

export function refCanonical(v: unknown): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return refNumber(v);
  if (typeof v === 'string') return refString(v);
  if (Array.isArray(v)) return '[' + v.map(refCanonical).join(',') + ']';
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort(refKeyOrder);
  return '{' + keys.map((k) => refString(k) + ':' + refCanonical((v as Record<string, unknown>)[k])).join(',') + '}';
}

export const refSha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

export function refD(detail: string): string {
  // step 1: without the ten characters "private": the text is hashed as stored, unparsed
  if (!detail.includes('"private":')) return detail;
  let d: unknown;
  try { d = JSON.parse(detail); } catch { return detail; }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return detail;
  const o = d as Record<string, unknown>;
  if (!Array.isArray(o.private) || !o.private.every((f) => typeof f === 'string')) return detail;
  const isDigest = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 1 && typeof (x as { sha256?: unknown }).sha256 === 'string';
  const out = { ...o };
  for (const f of o.private as string[]) if (Object.hasOwn(out, f) && !isDigest(out[f])) out[f] = { sha256: refSha(refCanonical(out[f])) };
  return refCanonical(out);
}

export type Row = { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string };
export const refB = (e: Row) => refCanonical({ action: e.action, at: e.at, detail: refD(e.detail), operator: e.operator, seq: e.seq });
export const refHash = (e: Row) => refSha(`${e.prev_hash}\n${refB(e)}`);
