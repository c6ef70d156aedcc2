import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv } from './csv-in.js';
import { detectEncoding, readHead } from './decode.js';
import { isXlsx } from './row-source.js';
import { readXlsx } from './xlsx-in.js';
import { ANCHOR_META } from './anchor-meta.js';

/**
 * The audit head a paper or package carries, as the tool wrote it there (docs/AUDIT-LOG.md,
 * "Anchors"): an HTML paper in its `<meta name="draw-audit-head">`, a CSV or .xlsx export in the
 * one cell of its audit-head column on each row (`SEQ:HASH`), a Markdown paper (the plan) in its
 * `<!-- draw-audit-head SEQ:HASH -->` comment, a replay package in
 * `audit.headSeq` and `audit.head`. The texts are returned as found; core/audit-anchor.ts reads them.
 * A file that carries none (the disclosure, whose columns are the publicity system's; a file
 * imported) is an anchor through the entry that records its SHA-256 (app/verify-audit.ts).
 */

const CELL = /^\d+:[0-9a-fA-F]{64}$/;
const META_RE = new RegExp(`<meta name="${ANCHOR_META}" content="([^"]*)">`, 'g');
const COMMENT_RE = new RegExp(`<!-- ${ANCHOR_META} (\\S+) -->`, 'g');

/** The distinct heads the file carries ([] when none), or null when there is no such file. */
export async function headsInFile(file: string): Promise<string[] | null> {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return null;
  const found = new Set<string>();
  if (isXlsx(file)) {
    for await (const rows of readXlsx(file, undefined)) for (const row of rows) for (const f of row.fields) if (CELL.test(f.trim())) found.add(f.trim());
    return [...found];
  }
  const ext = extname(file).toLowerCase();
  const head = Buffer.from(readHead(file)).toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  if (ext === '.json' || head.startsWith('{')) return packageHeads(readFileSync(file, 'utf8'));
  if (ext === '.html' || ext === '.htm' || /^<(!doctype|html)/i.test(head)) {
    for (const m of readFileSync(file, 'utf8').matchAll(META_RE)) found.add(m[1]!);
    return [...found];
  }
  if (ext === '.md' || ext === '.markdown') {
    for (const m of readFileSync(file, 'utf8').matchAll(COMMENT_RE)) found.add(m[1]!);
    return [...found];
  }
  const { encoding } = detectEncoding(readHead(file), file);
  for await (const rows of readCsv(file, encoding)) for (const row of rows) for (const f of row.fields) if (CELL.test(f.trim())) found.add(f.trim());
  return [...found];
}

/** A replay package's head: `headSeq:head`, or the bare hash of a package made before it carried the seq. */
function packageHeads(text: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const audit = (v as { audit?: { head?: unknown; headSeq?: unknown } } | null)?.audit;
  if (typeof audit?.head !== 'string') return [];
  return [Number.isSafeInteger(audit.headSeq) ? `${audit.headSeq as number}:${audit.head}` : audit.head];
}
