/**
 * An anchor: the audit log's head as it stood when a paper or package was made, `SEQ:HASH`
 * (docs/AUDIT-LOG.md, "Anchors"). Held against today's log, it catches what the chain alone
 * cannot: a log cut short (the entries after some point deleted) or rewritten from some point on
 * with every hash recomputed, both of which leave a chain that verifies.
 */
export interface Anchor {
  /** null for a bare hash (a paper made before papers carried the seq): found by its hash */
  seq: number | null;
  hash: string;
}

const WITH_SEQ = /^([1-9]\d{0,15}):([0-9a-fA-F]{64})$/;
const BARE = /^[0-9a-fA-F]{64}$/;

/** `SEQ:HASH` (or a bare 64-digit hash), as typed or as a paper prints it; null when it is neither. */
export function parseAnchor(text: string): Anchor | null {
  const s = text.trim();
  const m = WITH_SEQ.exec(s);
  if (m && Number.isSafeInteger(Number(m[1]))) return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
  return BARE.test(s) ? { seq: null, hash: s.toLowerCase() } : null;
}

export const anchorText = (a: Anchor): string => (a.seq === null ? a.hash : `${a.seq}:${a.hash}`);

/** What the log says of one anchor. */
export type AnchorCheck =
  /** the entry is there with that hash, and the chain from it to the head holds */
  | { status: 'held'; seq: number }
  /** the log ends before the anchor's entry: cut short since */
  | { status: 'cut'; seq: number; last: number }
  /** the log holds another hash at the anchor's seq: rewritten from there or earlier */
  | { status: 'rewritten'; seq: number; found: string }
  /** a bare hash no entry has: cut short or rewritten, which cannot be told without its seq */
  | { status: 'unknown' }
  /** the entry is there, but the chain is broken at `at`, at or after it */
  | { status: 'broken'; seq: number; at: number }
  /**
   * a file that carries no head: no entry records its SHA-256 any more, yet a record of the
   * database (`records`, such as `disclosures 2`) still names it: the entry was cut off or rewritten
   */
  | { status: 'lost'; sha256: string; records: string[] };

export interface LogFacts {
  /** the last entry's seq (0 for an empty log) */
  last: number;
  hashAt: (seq: number) => string | undefined;
  seqOf: (hash: string) => number | undefined;
  /** the seq where the chain walk found its first break, or null when it holds */
  brokenAt: number | null;
}

export function checkAnchor(a: Anchor, log: LogFacts): AnchorCheck {
  let seq: number;
  if (a.seq === null) {
    const found = log.seqOf(a.hash);
    if (found === undefined) return { status: 'unknown' };
    seq = found;
  } else {
    seq = a.seq;
    if (seq > log.last) return { status: 'cut', seq, last: log.last };
    const found = log.hashAt(seq);
    // a seq at or below the last with no entry is a gap: the chain walk names it; here it is a log cut
    if (found === undefined) return { status: 'cut', seq, last: log.last };
    if (found !== a.hash) return { status: 'rewritten', seq, found };
  }
  // The chain was walked from the genesis: a break at or after the anchor's entry means the
  // entries from the anchor to the head are not the ones the hashes promise.
  if (log.brokenAt !== null && log.brokenAt >= seq) return { status: 'broken', seq, at: log.brokenAt };
  return { status: 'held', seq };
}

/**
 * A file that carries no head (the disclosure, an imported file), held through the entries that
 * record its SHA-256 (`entries`, in seq order): the first is the anchor. It is read from the log
 * itself, so it holds unless the chain breaks at or after it; what it catches is a log that no
 * longer has such an entry (cut short before it, or rewritten so that it records another file)
 * while `records`, the rows of the database that name the digest (such as `disclosures 2`), say
 * the database did write or read the file. A file that neither names is no anchor at all: the
 * caller refuses it before asking (a usage error), and it is not called so.
 */
export function checkFileDigest(sha256: string, entries: readonly { seq: number; hash: string }[], records: readonly string[], log: LogFacts):
  { anchor: Anchor | null; check: AnchorCheck } {
  const [first] = entries;
  if (first) return { anchor: { seq: first.seq, hash: first.hash }, check: checkAnchor(first, log) };
  return { anchor: null, check: { status: 'lost', sha256, records: [...records] } };
}
