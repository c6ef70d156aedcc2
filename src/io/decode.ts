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
  if (firstInvalidUtf8(head, partial) < 0) return { encoding: 'utf8', bom: false };
  const bad = firstInvalidGb18030(head, partial);
  if (bad < 0) return { encoding: 'gb18030', bom: false };
  throw new DrawError(EXIT.usage, 'decode.neither', { file, offset: Math.max(bad, firstInvalidUtf8(head, partial)) }, 'decode.neitherHint');
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
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const bytes = chunk as Buffer;
    try {
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    } catch {
      throw badByte(path, encoding, offset, carry, bytes);
    }
    // Keep the last few bytes so a failure at a chunk boundary is placed exactly.
    carry = bytes.subarray(Math.max(0, bytes.length - 3));
    offset += bytes.length;
    onBytes?.(bytes.length);
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new DrawError(EXIT.usage, 'decode.bad', { file: path, offset: Math.max(0, offset - carry.length), encoding, other: other(encoding) }, 'decode.badHint');
  }
}

const other = (e: Encoding): Encoding => (e === 'utf8' ? 'gb18030' : 'utf8');

function badByte(path: string, encoding: Encoding, offset: number, carry: Uint8Array, bytes: Uint8Array): DrawError {
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
  return new DrawError(EXIT.usage, 'decode.bad', { file: path, offset: at, encoding, other: other(encoding) }, 'decode.badHint');
}
