// Canonical order: bytewise comparison of the UTF-8 encodings.
//
// For well-formed strings, UTF-8 byte order equals Unicode code point order.
// JavaScript's `<` compares UTF-16 code units, which agrees with code point
// order everywhere except where a surrogate (U+D800–U+DFFF, i.e. a code point
// above U+FFFF) meets a code unit in U+E000–U+FFFF: UTF-16 puts the surrogate
// first, UTF-8 puts it last. `compareUtf8` fixes exactly that case.
//
// Sorting: small arrays use the engine's sort (native order when no string holds
// a surrogate, `compareUtf8` otherwise); large arrays without surrogates use a
// stable LSD radix sort over the code units actually present (a million
// 18-character credit codes in a few hundred milliseconds).

const SURROGATE = /[\uD800-\uDFFF]/;

/** Maps a UTF-16 code unit to a value whose order is the UTF-8 byte order. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit >= 0xe000) return unit - 0x800; // U+E000..U+FFFF -> 0xD800..0xF7FF
  return unit + 0x2000; // surrogates -> 0xF800..0xFFFF, above every other BMP unit
}

/** Bytewise comparison of UTF-8 encodings: negative, zero or positive. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x < 0xd800 || y < 0xd800) return x - y; // fast path: no surrogate issue possible
      return rank(x) - rank(y);
    }
  }
  return a.length - b.length;
}

/** True when the string holds a UTF-16 surrogate (a code point above U+FFFF or a lone half). */
export function hasSurrogate(s: string): boolean {
  return SURROGATE.test(s);
}

/** True when the string is well-formed UTF-16 (no lone surrogate), so it has one UTF-8 encoding. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false; // low half without a high half
    const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (d < 0xdc00 || d > 0xdfff) return false; // high half without a low half
    i++;
  }
  return true;
}

/** Below this many strings, the engine's comparison sort is used. */
const RADIX_THRESHOLD = 2048;
/** Above this many radix passes (very long strings), the comparison sort is used. */
const MAX_PASSES = 24;

/** Which code units occur in a list of strings, and how long the strings are. */
export interface UnitScan {
  /** seen[u] = 1 when code unit u occurs somewhere. */
  seen: Uint8Array;
  maxLength: number;
  minLength: number;
  surrogates: boolean;
  /** A code unit U+0000–U+001F or U+007F occurs somewhere. */
  controls: boolean;
}

export function scanUnits(values: readonly string[]): UnitScan {
  const seen = new Uint8Array(0x10000);
  let maxLength = 0;
  let minLength = values.length > 0 ? Infinity : 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i]!;
    const n = s.length;
    if (n > maxLength) maxLength = n;
    if (n < minLength) minLength = n;
    for (let k = 0; k < n; k++) seen[s.charCodeAt(k)] = 1;
  }
  let surrogates = false;
  for (let u = 0xd800; u < 0xe000 && !surrogates; u++) if (seen[u]) surrogates = true;
  let controls = seen[0x7f] === 1;
  for (let u = 0; u < 0x20 && !controls; u++) if (seen[u]) controls = true;
  return { seen, maxLength, minLength, surrogates, controls };
}

/** The comparison-sort fallback: a stable sort of indices by compareUtf8. */
function comparisonOrder(values: readonly string[]): Uint32Array {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => compareUtf8(values[a]!, values[b]!) || a - b);
  return Uint32Array.from(idx);
}

/**
 * Stable LSD radix sort of indices. Returns null when the strings do not suit it
 * (surrogates, too many distinct code units, very long strings). When
 * `fingerprints` is given, fills it with a 32-bit FNV-1a hash of each string's
 * code units (used to find equal neighbours without touching the strings again).
 */
function radixOrder(values: readonly string[], info: UnitScan, fingerprints?: Uint32Array): Uint32Array | null {
  const n = values.length;
  if (info.surrogates) return null;
  // Dense digit for each code unit present, in code-unit order (= UTF-8 order without surrogates);
  // 0 stands for "past the end of the string", which sorts first.
  const digitOf = new Uint16Array(0x10000);
  let alphabet = 1;
  for (let u = 0; u < 0x10000; u++) if (info.seen[u]) digitOf[u] = alphabet++;
  let bits = 1;
  while (1 << bits < alphabet) bits++;
  if (bits > 16) return null;
  const perPass = Math.max(1, Math.floor(16 / bits)); // code units per radix digit
  const passes = Math.ceil(info.maxLength / perPass);
  if (passes > MAX_PASSES) return null;

  const digits = new Uint16Array(n * passes);
  for (let i = 0; i < n; i++) {
    const s = values[i]!;
    const len = s.length;
    let h = 0x811c9dc5;
    for (let p = 0; p < passes; p++) {
      let d = 0;
      for (let q = 0; q < perPass; q++) {
        const pos = p * perPass + q;
        let digit = 0;
        if (pos < len) {
          const c = s.charCodeAt(pos);
          h = Math.imul(h ^ c, 0x01000193);
          digit = digitOf[c]!;
        }
        d = (d << bits) | digit;
      }
      digits[p * n + i] = d;
    }
    if (fingerprints) fingerprints[i] = h >>> 0;
  }
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const buckets = 1 << (bits * perPass);
  const count = new Uint32Array(buckets + 1);
  for (let p = passes - 1; p >= 0; p--) {
    count.fill(0);
    const base = p * n;
    for (let i = 0; i < n; i++) count[digits[base + i]! + 1]!++;
    for (let c = 1; c <= buckets; c++) count[c]! += count[c - 1]!;
    for (let i = 0; i < n; i++) {
      const v = idx[i]!;
      tmp[count[digits[base + v]!]!++] = v;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}

/**
 * The permutation that sorts `values` bytewise on UTF-8, stable for equal
 * strings: values[order[0]] ≤ values[order[1]] ≤ …
 */
export function sortedIndex(values: readonly string[], scan?: UnitScan): Uint32Array {
  if (values.length < RADIX_THRESHOLD) return comparisonOrder(values);
  return radixOrder(values, scan ?? scanUnits(values)) ?? comparisonOrder(values);
}

/** sortedIndex, plus every string that occurs more than once (each listed once, in sorted order). */
export function sortedIndexWithDuplicates(
  values: readonly string[],
  scan?: UnitScan,
): { order: Uint32Array; duplicates: string[] } {
  const n = values.length;
  let fingerprints: Uint32Array | undefined;
  let order: Uint32Array | null = null;
  if (n >= RADIX_THRESHOLD) {
    fingerprints = new Uint32Array(n);
    order = radixOrder(values, scan ?? scanUnits(values), fingerprints);
    if (!order) fingerprints = undefined;
  }
  order ??= comparisonOrder(values);
  const duplicates: string[] = [];
  let last: string | null = null;
  for (let i = 1; i < n; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (fingerprints && fingerprints[a] !== fingerprints[b]) continue;
    const v = values[b]!;
    if (v === values[a] && v !== last) {
      duplicates.push(v);
      last = v;
    }
  }
  return { order, duplicates };
}

/** Sorts strings in place, bytewise on UTF-8. Returns the same array. */
export function sortUtf8(values: string[]): string[] {
  const n = values.length;
  if (n < RADIX_THRESHOLD) {
    let surrogates = false;
    for (let i = 0; i < n && !surrogates; i++) surrogates = SURROGATE.test(values[i]!);
    // The default sort compares UTF-16 code units: identical to UTF-8 order without surrogates.
    if (surrogates) values.sort(compareUtf8);
    else values.sort();
    return values;
  }
  const order = sortedIndex(values);
  const copy = values.slice();
  for (let i = 0; i < n; i++) values[i] = copy[order[i]!]!;
  return values;
}

/** Sorts objects in place by a string field, bytewise on UTF-8 (stable). Returns the same array. */
export function sortByUtf8<T>(values: T[], key: (value: T) => string): T[] {
  const order = sortedIndex(values.map(key));
  const copy = values.slice();
  for (let i = 0; i < values.length; i++) values[i] = copy[order[i]!]!;
  return values;
}
