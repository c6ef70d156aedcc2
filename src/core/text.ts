/** Text normalisation shared by every registry field. */

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space become their half-width forms. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

const NEEDS_HALF_WIDTH = /[\uff01-\uff5e\u3000]/;

/**
 * Digits, upper-case ASCII letters and - . _ only: already what normaliseIdentifier makes of it.
 * The common case (a registry's credit codes), told without a regex or a copy.
 */
function isNormalIdentifier(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 45 || c === 46 || c === 95)) return false;
  }
  return true;
}

/** An identifier as typed by a clerk: half-width, upper case, no spaces of any kind. */
export function normaliseIdentifier(s: string): string {
  if (isNormalIdentifier(s)) return s;
  const half = NEEDS_HALF_WIDTH.test(s) ? toHalfWidth(s) : s;
  return half.replace(/\s+/g, '').toUpperCase();
}

/** A free-text cell: trimmed, inner runs of whitespace kept as they are. */
export function cleanText(s: string): string {
  return s.trim();
}

/** 是/否 and their spreadsheet spellings. Returns null when the text is none of them. */
export function parseYesNo(s: string): boolean | null {
  // the registry's own two spellings, a million times an import, before any normalising
  if (s === '否') return false;
  if (s === '是') return true;
  const v = toHalfWidth(s).trim().toLowerCase();
  if (v === '') return false;
  if (['是', '1', 'y', 'yes', 'true', '有', '已列入', '列入', '√'].includes(v)) return true;
  if (['否', '0', 'n', 'no', 'false', '无', '未列入', '×'].includes(v)) return false;
  return null;
}

// C0 controls but TAB and LF, DEL, and the C1 controls (U+0080–U+009F: U+009B is a CSI on many terminals).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from data or from a flag, made safe to show on a terminal: each control character that
 * could move the cursor, retitle the window or start an escape sequence is shown as `\xHH` or
 * `\u00HH`. TAB and LF stay.
 */
export function showControls(s: string): string {
  return s.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** C1 controls written as JSON escapes: JSON.stringify escapes C0 itself, not U+0080–U+009F. */
export function jsonForTerminal(text: string): string {
  return text.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
