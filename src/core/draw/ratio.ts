// Ratio parsing: decimal text to parts per million, exactly.

import { PPM } from './strata.js';

const FULL_WIDTH: Record<string, string> = { '．': '.', '％': '%' };

/** Full-width digits, point and percent sign to ASCII; trims white space (including U+3000). */
function normalise(text: string): string {
  let out = '';
  for (const ch of text.trim()) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 0x30);
    else out += FULL_WIDTH[ch] ?? ch;
  }
  return out;
}

const PATTERN = /^(\d*)(?:\.(\d*))?\s*(%|‰|‱)?$/;

/** Decimal places of ppm that each suffix stands for: a fraction is 10^6 ppm, 1% = 10^4, 1‰ = 10^3, 1‱ = 10^2. */
const SCALE: Record<string, number> = { '': 6, '%': 4, '‰': 3, '‱': 2 };

/**
 * Parses a ratio into parts per million (an integer in 1 … 1 000 000).
 * Accepts a decimal fraction ("0.05", ".05", "1"), a percentage ("5%", "12.5%"),
 * per mille ("3‰") or per ten thousand ("5‱"); full-width digits and signs;
 * surrounding white space. Returns null when the text is malformed, is not a
 * whole number of ppm (e.g. "0.0000001"), or lies outside (0, 1].
 * The arithmetic is on decimal digits (BigInt): "0.07" is 70000 exactly.
 */
export function parseRatio(text: string): number | null {
  if (typeof text !== 'string') return null;
  const m = PATTERN.exec(normalise(text));
  if (!m) return null;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  if (whole === '' && frac === '') return null; // ".", "", "%"
  const scale = SCALE[m[3] ?? '']!;
  // Digits beyond the scale must be zeros, or the value is not a whole number of ppm.
  const kept = frac.slice(0, scale);
  if (/[^0]/.test(frac.slice(scale))) return null;
  const digits = (whole === '' ? '0' : whole) + kept.padEnd(scale, '0');
  const ppm = BigInt(digits);
  if (ppm <= 0n || ppm > BigInt(PPM)) return null;
  return Number(ppm);
}

/** Formats ppm as an exact percentage, e.g. 125000 → "12.5%", 70000 → "7%". */
export function formatPpm(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const rest = ppm % 10_000;
  if (rest === 0) return `${whole}%`;
  return `${whole}.${String(rest).padStart(4, '0').replace(/0+$/, '')}%`;
}
