/** Messages of `draw audit verify --anchor` (en); merged by index.ts. */
export const enAnchor = {
  'opt.anchor': 'hold the log to an audit head published earlier: SEQ:HASH, or a paper, export or replay package draw wrote (repeatable)',
  'anchor.malformed': '--anchor {value}: neither SEQ:HASH (such as 12: and 64 hex digits) nor a file',
  'anchor.noHead': '--anchor {file}: the file carries no audit head (SEQ:HASH), and neither the audit log nor the records of this database hold its SHA-256 ({sha256}): it is not a paper or package draw wrote, nor a disclosure this database wrote or a file it imported, or an older version wrote it',
  'anchor.noHeadHint': 'copy the audit head printed on the paper as --anchor SEQ:HASH; a disclosure or an imported file is an anchor only in the database that wrote or imported it (if this database did, its log was cut short or rewritten together with its records)',
  'anchor.fromFile': '{anchor} ({file})',
  'anchor.held': 'anchor {anchor}: the log still holds entry {seq} with that hash, and the chain from it to the head is intact',
  'anchor.cut': 'anchor {anchor}: the log ends at entry {last}, there is no entry {seq}; the log was cut short after the anchor',
  'anchor.rewritten': 'anchor {anchor}: entry {seq} of the log now has the hash {found}; the log was rewritten from that entry or earlier',
  'anchor.unknown': 'anchor {anchor}: no entry of the log has that hash; the log was cut short or rewritten',
  'anchor.broken': 'anchor {anchor}: the log still holds entry {seq}, but the chain from it to the head breaks at entry {at}',
  // issue 13 — a file that carries no head (the disclosure, a file imported), found by its SHA-256
  'anchor.heldByDigest': 'anchor {anchor}: entry {seq} of the log ({recordedBy}) still records the file\'s SHA-256, and the chain from it to the head is intact',
  'anchor.lost': 'anchor {anchor}: no entry of the log records the file\'s SHA-256 any more, yet the database\'s records {records} still name it; the log was cut short or rewritten',
  'anchor.recordsSep': ', ',
} as const;
