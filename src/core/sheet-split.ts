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
  numbers: number[];
}

/** The rule asked for, or the automatic one; `auto` says whether the tool chose it. */
export function chooseSplit(asked: SplitRule | undefined, sheets: number): { rule: SplitRule; auto: boolean } {
  if (asked) return { rule: asked, auto: false };
  return sheets > AUTO_SPLIT.above ? { rule: { by: 'count', size: AUTO_SPLIT.size }, auto: true } : { rule: { by: 'none' }, auto: false };
}

/**
 * The files, in order. By township: ordered by the township's text (code point, the same on every
 * machine), the subjects with no township recorded last; in each file the sheets in number order.
 */
export function splitSheets(sheets: readonly { number: number; township: string }[], rule: SplitRule): SheetPart[] {
  const ordered = [...sheets].sort((a, b) => a.number - b.number);
  if (rule.by === 'none') return [{ part: 1, numbers: ordered.map((s) => s.number) }];
  if (rule.by === 'count') {
    const parts: SheetPart[] = [];
    for (let at = 0; at < ordered.length; at += rule.size) {
      parts.push({ part: parts.length + 1, numbers: ordered.slice(at, at + rule.size).map((s) => s.number) });
    }
    return parts.length ? parts : [{ part: 1, numbers: [] }];
  }
  const byTown = new Map<string, number[]>();
  for (const s of ordered) {
    const town = s.township.trim();
    const list = byTown.get(town);
    if (list) list.push(s.number);
    else byTown.set(town, [s.number]);
  }
  const towns = [...byTown.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const parts = towns.map((township, i) => ({ part: i + 1, township, numbers: byTown.get(township)! }));
  return parts.length ? parts : [{ part: 1, numbers: [] }];
}
