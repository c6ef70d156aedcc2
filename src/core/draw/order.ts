// Canonical order: bytewise comparison of the UTF-8 encodings.
//
// For well-formed strings, UTF-8 byte order equals Unicode code point order.
// JavaScript's `<` compares UTF-16 code units, which agrees with code point
// order everywhere except where a surrogate (U+D800–U+DFFF, i.e. a code point
// above U+FFFF) meets a code unit in U+E000–U+FFFF: UTF-16 puts the surrogate
// first, UTF-8 puts it last. `compareUtf8` fixes exactly that case; `sortUtf8`
// uses the engine's native string sort when no string contains a surrogate.

const SURROGATE = /[\uD800-\uDFFF]/;

/** Maps a UTF-16 code unit to a value whose order is the UTF-8 byte order. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit >= 0xe000) return unit - 0x800; // U+E000..U+FFFF -> 0xD800..0xF7FF
  return unit + 0x2000; // surrogates -> 0xF800..0xFFFF, above every BMP unit
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

/** Sorts strings in place, bytewise on UTF-8. Returns the same array. */
export function sortUtf8(values: string[]): string[] {
  let surrogates = false;
  for (let i = 0; i < values.length; i++) {
    if (SURROGATE.test(values[i]!)) {
      surrogates = true;
      break;
    }
  }
  // The default sort compares UTF-16 code units: identical to UTF-8 order without surrogates.
  if (surrogates) values.sort(compareUtf8);
  else values.sort();
  return values;
}

/** Sorts objects in place by a string field, bytewise on UTF-8. Returns the same array. */
export function sortByUtf8<T>(values: T[], key: (value: T) => string): T[] {
  let surrogates = false;
  for (let i = 0; i < values.length; i++) {
    if (SURROGATE.test(key(values[i]!))) {
      surrogates = true;
      break;
    }
  }
  if (surrogates) values.sort((a, b) => compareUtf8(key(a), key(b)));
  else
    values.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return values;
}
