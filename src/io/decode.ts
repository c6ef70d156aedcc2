import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { DrawError, EXIT } from '../errors.js';

/**
 * Reading a clerk's file as text: UTF-8 with or without BOM, or GBK/GB18030 (what Excel on a
 * Chinese Windows writes). Detection looks at the head of the file; the whole file is then
 * decoded strictly, and the first byte that does not decode is named with the flag to pass.
 */
export type Encoding = 'utf8' | 'gb18030';

const HEAD_BYTES = 1 << 20;

/** Offset of the first byte that is not valid UTF-8, or -1. A sequence cut off at the end counts as valid when `partialEnd`. */
export function firstInvalidUtf8(b: Uint8Array, partialEnd = false): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) {
      // The sequence runs past the end: fine at a chunk's end if what is there is well-formed.
      if (!partialEnd) return i;
      for (let k = i + 1; k < n; k++) if ((b[k] & 0xc0) !== 0x80) return i;
      return -1;
    }
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Offset of the first byte that is not valid GB18030, or -1. */
export function firstInvalidGb18030(b: Uint8Array, partialEnd = false): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    if (c === 0x80 || c === 0xff) return i;
    if (i + 1 >= n) return partialEnd ? -1 : i;
    const c2 = b[i + 1];
    if ((c2 >= 0x40 && c2 <= 0x7e) || (c2 >= 0x80 && c2 <= 0xfe)) { i += 2; continue; }
    if (c2 >= 0x30 && c2 <= 0x39) {
      if (i + 3 >= n) return partialEnd ? -1 : i;
      const c3 = b[i + 2];
      const c4 = b[i + 3];
      if (c3 >= 0x81 && c3 <= 0xfe && c4 >= 0x30 && c4 <= 0x39) { i += 4; continue; }
    }
    return i;
  }
  return -1;
}

export interface Detected { encoding: Encoding; bom: boolean }

/** Decides the encoding from the head of the file. */
export function detectEncoding(head: Uint8Array, file: string): Detected {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new DrawError(EXIT.usage, 'decode.utf16', { file }, 'decode.utf16Hint');
  }
  const partial = head.length >= HEAD_BYTES;
  const bad8 = firstInvalidUtf8(head, partial);
  if (bad8 < 0) return { encoding: 'utf8', bom: false };
  // Chinese text in UTF-8 up to a point, then GBK characters: two encodings in one file (a row
  // added in another editor). Decoding it all as GB18030 would import the UTF-8 part as mojibake.
  // A stray byte or a file cut short after UTF-8 text is said as such, not as "mixed".
  if (utf8CharsBefore(head, bad8) >= MIXED_AFTER) {
    if (gbkAt(head, bad8)) throw new DrawError(EXIT.usage, 'decode.mixed', { file, offset: bad8 }, 'decode.mixedHint');
    throw invalidByte(file, head, bad8, !partial);
  }
  const bad = firstInvalidGb18030(head, partial);
  if (bad < 0) {
    // GBK first, then a line that is plainly UTF-8 Chinese: mixed the other way round.
    const line = utf8LineIn(head);
    if (line >= 0) throw new DrawError(EXIT.usage, 'decode.mixed', { file, offset: line }, 'decode.mixedHint');
    return { encoding: 'gb18030', bom: false };
  }
  // Neither decodes the whole head: name the byte where the longer-lived reading fails.
  const at = Math.max(bad, bad8);
  throw invalidByte(file, head, at, !partial);
}

/** Two or more GB18030 multi-byte characters start at `at` (a GBK row, not one stray byte). */
function gbkAt(b: Uint8Array, at: number): boolean {
  const window = b.subarray(at, Math.min(b.length, at + 64));
  const end = firstInvalidGb18030(window, true);
  const valid = end < 0 ? window : window.subarray(0, end);
  let chars = 0;
  for (let i = 0; i < valid.length && chars < 2; i++) {
    if (valid[i] >= 0x81) { chars++; i++; }
  }
  return chars >= 2;
}

/**
 * A byte that belongs to no character: a file cut off in the middle of a character when it
 * is at the very end, otherwise the byte itself named (0xFF can start a character in neither).
 */
function invalidByte(file: string, b: Uint8Array, at: number, wholeFile: boolean): DrawError {
  const byte = `0x${(b[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  if (wholeFile && cutAtEnd(b, at)) return new DrawError(EXIT.usage, 'decode.truncated', { file, offset: at, byte }, 'decode.truncatedHint');
  return new DrawError(EXIT.usage, 'decode.neither', { file, offset: at, byte }, 'decode.neitherHint');
}

/** The bytes from `at` to the end are the start of a character, in UTF-8 or GBK, with its end missing. */
function cutAtEnd(b: Uint8Array, at: number): boolean {
  const tail = b.subarray(at);
  if (tail.length === 0 || tail.length > 3) return false;
  const c = tail[0];
  const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
  if (need > 0 && tail.length <= need && tail.subarray(1).every((x) => (x & 0xc0) === 0x80)) return true;
  return tail.length === 1 && c >= 0x81 && c <= 0xfe; // a GBK lead byte alone
}

/** Valid multi-byte UTF-8 characters seen before a file stops being UTF-8: more than chance gives in GBK text. */
const MIXED_AFTER = 4;

/** Multi-byte characters in the first `end` bytes of `b`, which are valid UTF-8 (counting lead bytes), up to `enough`. */
function utf8CharsBefore(b: Uint8Array, end: number, enough = MIXED_AFTER): number {
  let k = 0;
  for (let i = 0; i < end && k < enough; i++) if (b[i] >= 0xc2 && b[i] <= 0xf4) k++;
  return k;
}

/**
 * In a head read as GB18030, where the first line starts that is valid UTF-8 with several
 * three-byte (CJK) characters, or -1. GBK text is valid UTF-8 that way only by a long chance.
 */
function utf8LineIn(head: Uint8Array): number {
  for (let start = 0; start < head.length;) {
    let end = head.indexOf(0x0a, start);
    if (end < 0) end = head.length;
    const line = head.subarray(start, end);
    let cjk = 0;
    for (let i = 0; i < line.length && cjk < MIXED_AFTER; i++) if (line[i] >= 0xe0 && line[i] <= 0xef) cjk++;
    if (cjk >= MIXED_AFTER && firstInvalidUtf8(line, end === head.length) < 0) return start;
    start = end + 1;
  }
  return -1;
}

export function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Decodes a file chunk by chunk, strictly. `onBytes` reports progress. A byte that does not
 * decode stops everything with its offset and the other encoding's flag as the hint.
 */
export async function* decodeFile(path: string, encoding: Encoding, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { fatal: true, ignoreBOM: false });
  let offset = 0;
  let carry: Uint8Array = new Uint8Array(0);
  let multibyte = 0; // UTF-8 characters decoded so far, counted until there are enough to call a later failure "mixed"
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const bytes = chunk as Buffer;
    try {
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    } catch {
      throw badByte(path, encoding, offset, carry, bytes, multibyte);
    }
    if (encoding === 'utf8' && multibyte < MIXED_AFTER) multibyte += utf8CharsBefore(bytes, bytes.length, MIXED_AFTER - multibyte);
    // Keep the last few bytes so a failure at a chunk boundary is placed exactly.
    carry = bytes.subarray(Math.max(0, bytes.length - 3));
    offset += bytes.length;
    onBytes?.(bytes.length);
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    // The file ends inside a character: it was cut short, whatever came before.
    const at = Math.max(0, offset - carry.length + firstIncompleteTail(carry));
    throw new DrawError(EXIT.usage, 'decode.truncated', { file: path, offset: at, byte: `0x${(carry[at - (offset - carry.length)] ?? 0).toString(16).toUpperCase().padStart(2, '0')}` }, 'decode.truncatedHint');
  }
}

const hex = (b: number | undefined) => `0x${(b ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Where, in the last bytes of a file, the character that was cut off starts. */
function firstIncompleteTail(tail: Uint8Array): number {
  for (let i = tail.length - 1; i >= 0; i--) if ((tail[i] & 0xc0) !== 0x80) return i;
  return 0;
}

const other = (e: Encoding): Encoding => (e === 'utf8' ? 'gb18030' : 'utf8');

function badByte(path: string, encoding: Encoding, offset: number, carry: Uint8Array, bytes: Uint8Array, multibyteBefore = 0): DrawError {
  // Re-scan the carried tail plus this chunk from a character boundary we can trust.
  const window = new Uint8Array(carry.length + bytes.length);
  window.set(carry, 0);
  window.set(bytes, carry.length);
  let at = -1;
  for (let start = 0; start <= carry.length && at < 0; start++) {
    const rel = encoding === 'utf8' ? firstInvalidUtf8(window.subarray(start), false) : firstInvalidGb18030(window.subarray(start), false);
    if (rel >= 0 && start + rel >= carry.length - 3) at = offset - carry.length + start + rel;
  }
  if (at < 0) at = offset;
  // Earlier chunks held UTF-8 text, or this one does before the bad byte: two encodings in one file.
  const before = multibyteBefore + utf8CharsBefore(window.subarray(carry.length), Math.max(0, at - offset));
  const rel = at - (offset - carry.length);
  if (encoding === 'utf8' && before >= MIXED_AFTER) {
    if (gbkAt(window, rel)) return new DrawError(EXIT.usage, 'decode.mixed', { file: path, offset: at }, 'decode.mixedHint');
    return new DrawError(EXIT.usage, 'decode.neither', { file: path, offset: at, byte: hex(window[rel]) }, 'decode.neitherHint');
  }
  return new DrawError(EXIT.usage, 'decode.bad', { file: path, offset: at, encoding, other: other(encoding), byte: hex(window[rel]) }, 'decode.badHint');
}
