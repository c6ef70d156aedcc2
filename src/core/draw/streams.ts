// Derived random streams and unbiased integers.

import seedrandom from 'seedrandom';
import { deriveStreamHex } from './hash.js';

/** Anything that yields 32-bit integers the way seedrandom's `int32()` does (signed or unsigned). */
export interface Int32Source {
  int32(): number;
}

const TWO_32 = 0x1_0000_0000;

/**
 * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection:
 * u = int32() >>> 0; accept when u < 2^32 − (2^32 mod n) and return u mod n;
 * otherwise draw again. Every call consumes at least one int32, even for n = 1.
 */
export function uniformInt(rng: Int32Source, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
    throw new RangeError(`uniformInt: n must be an integer in [1, 2^32], got ${n}`);
  }
  const limit = TWO_32 - (TWO_32 % n);
  for (;;) {
    const u = rng.int32() >>> 0;
    if (u < limit) return u % n;
  }
}

/** The integers one stream produced, for the worked example and for audits. */
export interface StreamTrace {
  labels: string[];
  hex: string;
  /** Every int32 drawn, as unsigned values (int32() >>> 0), rejected ones included. */
  ints: number[];
}

/** A derived stream: seedrandom's ARC4 keyed with the 64-hex-character stream key. */
export class Stream implements Int32Source {
  readonly hex: string;
  readonly labels: string[];
  private readonly prng: seedrandom.PRNG;
  private readonly trace: number[] | null;

  constructor(seed: string, labels: readonly string[], traces?: StreamTrace[]) {
    this.labels = [...labels];
    this.hex = deriveStreamHex(seed, labels);
    // Called as a plain function with one argument: ARC4, no options, never Math.random.
    this.prng = seedrandom(this.hex);
    if (traces) {
      this.trace = [];
      traces.push({ labels: this.labels, hex: this.hex, ints: this.trace });
    } else {
      this.trace = null;
    }
  }

  int32(): number {
    const v = this.prng.int32();
    if (this.trace) this.trace.push(v >>> 0);
    return v;
  }

  /** A uniform integer in [0, n). */
  uniform(n: number): number {
    return uniformInt(this, n);
  }
}

/** Stream labels, one purpose each. */
export const LABEL = {
  subjects: 'subjects',
  inspectors: 'inspectors',
  match: 'match',
} as const;
