// The substitute subject's two halves (docs/ALGORITHM.md §17): where its candidates come from (the
// stratum's partial Fisher–Yates continued on the same stream) and how its team is formed (each
// department's pool order from the replacement cursor). No new stream: everything follows from
// the seed and the draw.

import { LABEL, Stream, uniformInt } from './streams.js';

/**
 * A stratum's drawn order, extended on demand: position p is the p-th subject of the partial
 * Fisher–Yates of §8 carried on past the drawn count on the stream sub("subjects", s). The first
 * k positions are the drawn subjects, in drawn order (prefix stability); position k onwards are
 * the substitute candidates. Nothing here is random beyond the stream, so two instances agree.
 */
export class StratumOrder {
  /** positions into the stratum's sorted keys, swapped as the Fisher–Yates goes (keys are not copied) */
  private a: Int32Array | null = null;
  private readonly stream: Stream;
  private readonly keyAt: (i: number) => string;
  readonly size: number;
  private done = 0;

  /** The stratum's keys in bytewise order: as an array, or as their count and the i-th of them (a snapshot text's, core/draw/text.ts). */
  constructor(seed: string, stratum: string, sortedKeys: readonly string[] | { size: number; keyAt: (i: number) => string }) {
    if (Array.isArray(sortedKeys)) {
      const keys = sortedKeys as readonly string[];
      this.size = keys.length;
      this.keyAt = (i) => keys[i]!;
    } else {
      const source = sortedKeys as { size: number; keyAt: (i: number) => string };
      this.size = source.size;
      this.keyAt = source.keyAt;
    }
    this.stream = new Stream(seed, [LABEL.subjects, stratum]);
  }

  /** The subject at position p (0 ≤ p < size), drawing the Fisher–Yates steps up to p if not yet drawn. */
  at(p: number): string {
    const n = this.size;
    if (!Number.isInteger(p) || p < 0 || p >= n) throw new RangeError(`StratumOrder.at: position ${p} outside [0, ${n})`);
    if (!this.a) {
      this.a = new Int32Array(n);
      for (let i = 0; i < n; i++) this.a[i] = i;
    }
    const a = this.a;
    while (this.done <= p) {
      const i = this.done++;
      const j = i + uniformInt(this.stream, n - i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return this.keyAt(a[p]!);
  }
}

/** One department's part of a substitute's team: who, and the cursor after the last taken. */
export interface TeamPart {
  department: string;
  certificates: string[];
  /** the positions in the pool order they were taken from */
  positions: number[];
  cursor: number;
}

/**
 * A full team for a subject, or the first department (in the order given) that cannot give
 * teamSize inspectors. For each
 * department in the order given (code order), teamSize inspectors are taken from its pool order
 * starting at its cursor, cyclically (at most one pass), passing over the excluded; that
 * department's cursor moves to the position after the last one taken. Pure: the cursors passed in
 * are not changed, and nothing is taken unless every department succeeds.
 */
export function formTeam(
  departments: readonly { code: string; teamSize: number; order: readonly string[] }[],
  cursors: Readonly<Record<string, number>>,
  excluded: (department: string, certificate: string) => boolean,
): { parts: TeamPart[] } | { failed: string } {
  const parts: TeamPart[] = [];
  for (const d of departments) {
    const m = d.order.length;
    const start = cursors[d.code] ?? 0;
    const certificates: string[] = [];
    const positions: number[] = [];
    for (let k = 0; k < m && certificates.length < d.teamSize; k++) {
      const position = (start + k) % m;
      const c = d.order[position]!;
      if (excluded(d.code, c)) continue;
      certificates.push(c);
      positions.push(position);
    }
    if (certificates.length < d.teamSize) return { failed: d.code };
    parts.push({ department: d.code, certificates, positions, cursor: (positions[positions.length - 1]! + 1) % m });
  }
  return { parts };
}
