import { createHash } from 'node:crypto';

/** JSON with object keys sorted, no whitespace: the byte form every hash in `draw` is taken over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in canonical JSON');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** JSON.parse that gives `fallback` for text that is not JSON (a value someone edited by hand). */
export function parseJsonOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Above this many characters a text is hashed a slice at a time: its UTF-8 copy is never made whole (a snapshot of a million subjects is 38 MB). */
const SLICE = 1 << 20;

export function sha256Hex(data: string | Buffer): string {
  const hash = createHash('sha256');
  if (typeof data !== 'string' || data.length <= SLICE) return hash.update(data).digest('hex');
  for (let i = 0; i < data.length;) {
    let end = Math.min(i + SLICE, data.length);
    // never between the halves of a surrogate pair: each slice must encode as the whole text does
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end++;
    hash.update(data.slice(i, end), 'utf8');
    i = end;
  }
  return hash.digest('hex');
}
