/**
 * Sorted streams merged into one sorted stream, as a stable sort of their concatenation would
 * order it: of two equal records the one from the earlier stream comes first, and each stream
 * keeps its own order. Holds one record per stream (a binary heap of the heads), so a report
 * that would sort a million records from a few dozen sorted sources keeps a few dozen.
 * Every stream is closed (its `return`) when the merge ends, read to the end or not.
 */
export function* mergeSorted<T>(sources: readonly Iterator<T>[], compare: (a: T, b: T) => number): Generator<T> {
  interface Head { value: T; source: number }
  const before = (a: Head, b: Head) => { const c = compare(a.value, b.value); return c < 0 || (c === 0 && a.source < b.source); };
  const heap: Head[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  try {
    sources.forEach((it, source) => {
      const n = it.next();
      if (!n.done) { heap.push({ value: n.value, source }); up(heap.length - 1); }
    });
    while (heap.length > 0) {
      const top = heap[0]!;
      yield top.value;
      const n = sources[top.source]!.next();
      if (!n.done) { top.value = n.value; down(0); } else {
        const last = heap.pop()!;
        if (heap.length > 0) { heap[0] = last; down(0); }
      }
    }
  } finally {
    for (const it of sources) it.return?.();
  }
}
