import type { Db } from '../store/db.js';
import { auditHeadEntry, auditLookups, verifyAudit } from '../store/audit.js';
import { recordMismatches } from '../store/audit-records.js';
import { anchorText, checkAnchor, parseAnchor, type Anchor, type AnchorCheck } from '../core/audit-anchor.js';
import { headsInFile } from '../io/anchor-file.js';
import { usageError } from '../errors.js';

/** An anchor as given (`--anchor`) and where it came from: the text itself, or the file that carries it. */
export type GivenAnchor = Anchor & { given: string; file: string | null };

/**
 * Each `--anchor` as the anchors it names: `SEQ:HASH` (or a bare hash) as typed, or a paper or
 * package the tool wrote, read for the head it carries. Neither is a usage error naming it.
 */
async function resolveAnchors(args: readonly string[]): Promise<GivenAnchor[]> {
  const out: GivenAnchor[] = [];
  for (const given of args) {
    const typed = parseAnchor(given);
    if (typed) {
      out.push({ ...typed, given, file: null });
      continue;
    }
    const heads = await headsInFile(given);
    if (heads === null) throw usageError('anchor.malformed', { value: given });
    const anchors = heads.map(parseAnchor).filter((a): a is Anchor => a !== null);
    if (anchors.length === 0) throw usageError('anchor.noHead', { file: given }, 'anchor.noHeadHint');
    for (const a of anchors) out.push({ ...a, given: anchorText(a), file: given });
  }
  return out;
}

/**
 * `draw audit verify`: the chain walked from the genesis, every record held to its entry, then
 * each anchor (`--anchor`, as given) held to the log (core/audit-anchor.ts). Reads only.
 */
export async function verifyAuditLog(db: Db, given: readonly string[]) {
  const anchors = await resolveAnchors(given);
  const chain = verifyAudit(db);
  const records = recordMismatches(db);
  const last = auditHeadEntry(db).seq;
  const facts = { last, ...auditLookups(db), brokenAt: chain.broken?.seq ?? null };
  const checked: (GivenAnchor & { check: AnchorCheck })[] = anchors.map((a) => ({ ...a, check: checkAnchor(a, facts) }));
  const held = checked.every((a) => a.check.status === 'held');
  return { ok: chain.broken === null && records.length === 0 && held, chain, records, last, anchors: checked };
}
