import { anchorText } from '../core/audit-anchor.js';

/**
 * How an HTML paper carries the audit head it was made at, for `draw audit verify --anchor FILE`
 * (io/anchor-file.ts) to find without parsing the page: one `<meta>` whose content is `SEQ:HASH`
 * (digits, a colon and hex: nothing to escape).
 */
export const ANCHOR_META = 'draw-audit-head';

export const anchorMeta = (head: { seq: number; hash: string }): string => `<meta name="${ANCHOR_META}" content="${anchorText(head)}">`;

/**
 * The same for a Markdown paper (the plan as filed): an HTML comment, which a Markdown viewer does
 * not show and a printout of the text does, beside the printed line that people read.
 */
export const anchorComment = (head: { seq: number; hash: string }): string => `<!-- ${ANCHOR_META} ${anchorText(head)} -->`;
