// Per-stratum counts.

export const PPM = 1_000_000;

/**
 * How many subjects a stratum of `size` draws at `ppm` parts per million:
 * ceil(ppm × size / 1 000 000), capped at size, in exact integer arithmetic.
 */
export function stratumCount(size: number, ppm: number): number {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`stratumCount: bad size ${size}`);
  if (!Number.isInteger(ppm) || ppm < 1 || ppm > PPM) throw new RangeError(`stratumCount: bad ppm ${ppm}`);
  const product = BigInt(ppm) * BigInt(size);
  const million = BigInt(PPM);
  const ceil = (product + million - 1n) / million; // BigInt division truncates: exact ceiling
  const n = Number(ceil);
  return n >= size ? size : n;
}
