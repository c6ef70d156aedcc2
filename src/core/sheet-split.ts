/**
 * How a draw's sheets are split into printable files (`draw export sheets --split`): one file, one
 * file per township, or files of at most N sheets. A large draw with no `--split` is split by
 * count on its own (AUTO_SPLIT): a 26,000-page HTML file is 275 MB, which no browser prints.
 *
 * Pure: the caller reads the sheets (number and the subject's township, in sheet order) and writes
 * the files; this only decides which sheet goes into which file, each sheet into exactly one.
 */

export type SplitRule = { by: 'none' } | { by: 'township' } | { by: 'count'; size: number };

/** Above this many sheets a draw is split without being asked, into files of AUTO_SPLIT.size sheets. */
export const AUTO_SPLIT = { above: 2000, size: 1000 } as const;

export interface SheetPart {
  /** 1, 2, 3 … : the file's number, in its name (never a township's text: that could name a path) */
  part: number;
  /** the township of every sheet in it, with --split township ('' for subjects with none recorded) */
  township?: string;
  /** how many sheets, and the first and last of them by number (undefined when none) */
  sheets: number;
  first?: number;
  last?: number;
}

/** The rule asked for, or the automatic one; `auto` says whether the tool chose it. */
export function chooseSplit(asked: SplitRule | undefined, sheets: number): { rule: SplitRule; auto: boolean } {
  if (asked) return { rule: asked, auto: false };
  return sheets > AUTO_SPLIT.above ? { rule: { by: 'count', size: AUTO_SPLIT.size }, auto: true } : { rule: { by: 'none' }, auto: false };
}

/**
 * The files, in order, from the standing sheets read once in number order, keeping a few numbers per
 * file and none per sheet (a province's 240,000 sheets as objects, sorted and listed again, were
 * some 20 MB). By count: runs of `size` sheets. By township: ordered by the township's text
 * (code point, the same on every machine), the subjects with no township recorded last (the
 * sheets of one file are those between its first and last by count; those of its township by
 * township; every one with none).
 */
export function planParts(sheets: Iterable<{ number: number; township: string }>, rule: SplitRule): SheetPart[] {
  const add = (p: SheetPart, n: number) => { p.sheets++; if (p.first === undefined) p.first = n; p.last = n; };
  if (rule.by === 'none') {
    const one: SheetPart = { part: 1, sheets: 0 };
    for (const s of sheets) add(one, s.number);
    return [one];
  }
  if (rule.by === 'count') {
    const parts: SheetPart[] = [];
    for (const s of sheets) {
      if (parts.length === 0 || parts[parts.length - 1]!.sheets === rule.size) parts.push({ part: parts.length + 1, sheets: 0 });
      add(parts[parts.length - 1]!, s.number);
    }
    return parts.length ? parts : [{ part: 1, sheets: 0 }];
  }
  const byTown = new Map<string, SheetPart>();
  for (const s of sheets) {
    const township = s.township.trim();
    let p = byTown.get(township);
    if (!p) byTown.set(township, (p = { part: 0, township, sheets: 0 }));
    add(p, s.number);
  }
  const towns = [...byTown.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const parts = towns.map((township, i) => ({ ...byTown.get(township)!, part: i + 1 }));
  return parts.length ? parts : [{ part: 1, sheets: 0 }];
}
