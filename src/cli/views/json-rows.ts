import { jsonForTerminal } from '../../core/text.js';

/**
 * A stream of records' JSON texts as one JSON array, one record a line (`[`, `{…}`, `,{…}` … `]`,
 * the lines `draw list --json` has always written), in pieces of about 256 KB: a million subjects
 * neither sit in memory nor cost a write each.
 */
export function writeJsonLines(out: (text: string) => void, records: Iterable<string>): number {
  let chunk = '[\n';
  let n = 0;
  for (const record of records) {
    chunk += n === 0 ? `${record}\n` : `,${record}\n`;
    n++;
    if (chunk.length > 1 << 18) { out(chunk); chunk = ''; }
  }
  out(`${chunk}]\n`);
  return n;
}

/**
 * Writes `data` as `JSON.stringify(data, null, 2)` writes it, through jsonForTerminal, the array
 * at its top-level `key` given as pages of its elements and written page by page: `show draw
 * --json` of a million subjects' draw held its 26,098 sheets with their names and the whole
 * document at once (424 MB). The same bytes as the document written whole.
 */
export function writeJsonPaged(out: (text: string) => void, data: Record<string, unknown>, key: string, pages: Iterable<readonly unknown[]>): void {
  const marker = `\u0000paged:${key}`;
  const text = JSON.stringify({ ...data, [key]: marker }, null, 2);
  const placeholder = `${JSON.stringify(key)}: ${JSON.stringify(marker)}`;
  const at = text.indexOf(placeholder);
  const head = text.slice(0, at + JSON.stringify(key).length + 2);
  const tail = text.slice(at + placeholder.length);
  // an element's lines, indented as they stand inside the array (two levels down)
  const element = (v: unknown) => JSON.stringify(v, null, 2).replace(/^/gm, '    ');
  // each call of `out` ends a line: the last element of a page waits for the next, which tells whether it takes a comma
  let held: string | null = null;
  for (const page of pages) {
    if (page.length === 0) continue;
    const lines = page.map(element);
    if (held === null) out(jsonForTerminal(`${head}[`));
    else lines[0] = `${held},\n${lines[0]}`;
    held = lines.pop()!;
    if (lines.length) out(jsonForTerminal(`${lines.join(',\n')},`));
  }
  out(jsonForTerminal(held === null ? `${head}[]${tail}` : `${held}\n  ]${tail}`));
}
