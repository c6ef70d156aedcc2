/**
 * Display width and wrapping for a console: a Chinese character takes two columns, so help
 * text is measured in columns, not in characters, and may break between any two of them.
 */

import { displayWidth, isWide } from '../../core/display-width.js';

export { displayWidth };

// Punctuation that must not start a line, and brackets that must not end one (禁则).
const NO_LINE_START = '，。、；：？！）》」』】〉’”%,.;:?!)]}…·';
const NO_LINE_END = '（《「『【〈‘“([{';

/**
 * Breakable pieces of one line. A line may break at a space (the spaces go with the next piece,
 * and are dropped at a break) and on either side of a wide character, but never before closing
 * punctuation nor after an opening bracket. Runs of narrow characters (a word, a flag, a path)
 * stay whole.
 */
function pieces(line: string): string[] {
  const chars = [...line];
  const out: string[] = [];
  let current = '';
  chars.forEach((ch, i) => {
    const prev = chars[i - 1];
    const breakHere = i > 0 && (
      (ch === ' ' && prev !== ' ')
      || (ch !== ' ' && prev !== ' ' && (isWide(prev.codePointAt(0)!) || isWide(ch.codePointAt(0)!))
        && !NO_LINE_START.includes(ch) && !NO_LINE_END.includes(prev)));
    if (breakHere) { out.push(current); current = ''; }
    current += ch;
  });
  if (current !== '') out.push(current);
  return out;
}

/** Wraps each line of `text` to `width` display columns; a piece wider than the width stays whole. */
export function wrap(text: string, width: number): string {
  return text.split(/\r?\n/).map((line) => {
    const lines: string[] = [];
    let current = '';
    for (const piece of pieces(line)) {
      if (current !== '' && displayWidth(current) + displayWidth(piece) > width) {
        lines.push(current.trimEnd());
        current = piece.trimStart();
      } else {
        current += piece;
      }
    }
    lines.push(current.trimEnd());
    return lines.join('\n');
  }).join('\n');
}

/**
 * A shell example (`  $ draw ...`) too wide for the console: broken at spaces outside quotes, the
 * rest indented under it. No continuation mark: bash's ` \` is an argument in cmd, and cmd's `^`
 * and PowerShell's backtick mean nothing elsewhere; the indent says "the same line, go on".
 */
function wrapCommand(line: string, width: number): string {
  const indent = `${/^\s*/.exec(line)![0]}    `;
  const words = line.trimStart().match(/(?:"[^"]*"|'[^']*'|\S)+/g) ?? [];
  const lines: string[] = [];
  let current = /^\s*/.exec(line)![0];
  let first = true;
  for (const word of words) {
    const candidate = current.trim() === '' ? current + word : `${current} ${word}`;
    if (!first && current.trim() !== '' && displayWidth(candidate) > width) {
      lines.push(current);
      current = indent + word;
    } else current = candidate;
    first = false;
  }
  lines.push(current);
  return lines.join('\n');
}

/** Help text that fits `width` columns: prose wrapped (keeping its indent), examples continued. */
export function fitLines(text: string, width: number): string {
  const lines = text.split('\n');
  return lines.map((line) => {
    if (displayWidth(line) <= width) return line;
    if (/^\s*\$ /.test(line)) return wrapCommand(line, width);
    const indent = /^\s*/.exec(line)![0];
    return wrap(line.slice(indent.length), width - indent.length).split('\n').map((l) => indent + l).join('\n');
  }).join('\n');
}
