import type { Db } from '../store/db.js';
import { auditHeadEntry, auditLookups, entriesRecordingFile, verifyAudit } from '../store/audit.js';
import { recordMismatches } from '../store/audit-records.js';
import { recordsNamingFile } from '../store/file-records.js';
import { anchorText, checkAnchor, checkFileDigest, parseAnchor, type Anchor, type AnchorCheck, type LogFacts } from '../core/audit-anchor.js';
import type { AuditAction } from '../core/audit-events.js';
import { headsInFile } from '../io/anchor-file.js';
import { sha256File } from '../io/file-digest.js';
import { usageError } from '../errors.js';

/**
 * An anchor as given (`--anchor`), resolved: a head (typed, or carried by the file), or a file
 * that carries none, named by its SHA-256 with the entries that record it (or, when none does
 * any more, the records of the database that still name it).
 */
type Resolved =
  | { head: Anchor; file: string | null }
  | { file: string; sha256: string; entries: { seq: number; hash: string; action: AuditAction }[]; records: string[] };

/** An anchor checked: its text (`SEQ:HASH`, or `sha256:HEX` for a file whose entry is gone), where it came from, what the log says. */
export interface CheckedAnchor {
  anchor: string;
  file: string | null;
  /** for a file that carries no head: its SHA-256, and the event of the entry that records it */
  sha256?: string;
  recordedBy?: AuditAction;
  check: AnchorCheck;
}

/**
 * Each `--anchor` as the anchors it names: `SEQ:HASH` (or a bare hash) as typed, or a paper or
 * package the tool wrote, read for the head it carries, or a file that carries none (the
 * disclosure, whose columns are the publicity system's; a file imported), found by its SHA-256.
 * A text that is none of these, or a file that nothing in the database names, is a usage error
 * naming it, raised before the chain is walked.
 */
async function resolveAnchors(db: Db, args: readonly string[]): Promise<Resolved[]> {
  const out: Resolved[] = [];
  for (const given of args) {
    const typed = parseAnchor(given);
    if (typed) {
      out.push({ head: typed, file: null });
      continue;
    }
    const heads = await headsInFile(given);
    if (heads === null) throw usageError('anchor.malformed', { value: given });
    const anchors = heads.map(parseAnchor).filter((a): a is Anchor => a !== null);
    if (anchors.length > 0) {
      for (const a of anchors) out.push({ head: a, file: given });
      continue;
    }
    const sha256 = await sha256File(given);
    const entries = entriesRecordingFile(db, sha256);
    // the records are asked only when the log has lost the file's entry: they tell a lost entry from a stranger's file
    const records = entries.length > 0 ? [] : recordsNamingFile(db, sha256).map((r) => `${r.table} ${r.record}`);
    if (entries.length === 0 && records.length === 0) throw usageError('anchor.noHead', { file: given, sha256 }, 'anchor.noHeadHint');
    out.push({ file: given, sha256, entries, records });
  }
  return out;
}

function checkResolved(r: Resolved, facts: LogFacts): CheckedAnchor {
  if ('head' in r) return { anchor: anchorText(r.head), file: r.file, check: checkAnchor(r.head, facts) };
  const { anchor, check } = checkFileDigest(r.sha256, r.entries, r.records, facts);
  const recordedBy = r.entries[0]?.action;
  return { anchor: anchor ? anchorText(anchor) : `sha256:${r.sha256}`, file: r.file, sha256: r.sha256, ...(recordedBy ? { recordedBy } : {}), check };
}

/**
 * `draw audit verify`: the chain walked from the genesis, every record held to its entry, then
 * each anchor (`--anchor`, as given) held to the log (core/audit-anchor.ts). Reads only.
 */
export async function verifyAuditLog(db: Db, given: readonly string[]) {
  const resolved = await resolveAnchors(db, given);
  const chain = verifyAudit(db);
  const records = recordMismatches(db);
  const last = auditHeadEntry(db).seq;
  const facts = { last, ...auditLookups(db), brokenAt: chain.broken?.seq ?? null };
  const anchors = resolved.map((r) => checkResolved(r, facts));
  const held = anchors.every((a) => a.check.status === 'held');
  return { ok: chain.broken === null && records.length === 0 && held, chain, records, last, anchors };
}
