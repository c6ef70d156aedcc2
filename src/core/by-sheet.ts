/**
 * Records of a draw read in sheet-number order (results, confirmations, dispositions), walked
 * beside its sheets in the same order, so that a report over a large draw holds one sheet's
 * records at a time rather than every list of the draw.
 */

/**
 * A stream of records in sheet-number order, taken a sheet at a time: `at(n)` the records of sheet
 * n (skipping any before it: call `before(n)` first to have those), `rest()` those after the last.
 * `onEach` sees every record as the stream passes it, whether it is asked for or skipped.
 */
export function bySheet<T extends { number: number }>(it: Iterator<T>, onEach?: (record: T) => void) {
  const next = () => {
    const n = it.next();
    if (!n.done) onEach?.(n.value);
    return n;
  };
  let head = next();
  function* before(n: number): Generator<T> {
    while (!head.done && head.value.number < n) { const v = head.value; head = next(); yield v; }
  }
  return {
    before,
    at(n: number): T[] {
      for (const _ of before(n)) { /* records of no standing sheet */ }
      const here: T[] = [];
      while (!head.done && head.value.number === n) { here.push(head.value); head = next(); }
      return here;
    },
    rest: () => before(Infinity),
    /** ends the statement under it, read to the end or not */
    close: () => { it.return?.(); },
  };
}

/** Records held whole (a batch of sheets' or a small draw's), grouped by sheet number in the order they came. */
export function groupedBySheet<T extends { number: number }>(records: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of records) {
    const list = out.get(r.number);
    if (list) list.push(r);
    else out.set(r.number, [r]);
  }
  return out;
}
