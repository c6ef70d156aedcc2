import { jsonForTerminal } from '../../core/text.js';

/**
 * A list in a command's --json document that is written as it is read, never held: a province's
 * status lists a million overdue items (827 MB when the document was built as one string).
 * `items` is called once, when the list's turn comes.
 */
export class JsonList {
  constructor(readonly items: () => Iterable<unknown>) {}

  /** listed whole where a document holding it is stringified whole (`draw demo`'s status: a county's few items) */
  toJSON(): unknown[] { return [...this.items()]; }
}

/**
 * Writes `doc` (an object whose values may be JsonLists) as the very text
 * `jsonForTerminal(JSON.stringify(doc, null, 2))` gives, a few hundred KB at a time, each piece
 * ending at a line's end (ctx.out ends a text without one with a newline: the last piece gets
 * the newline the whole document always had). A JsonList is written as the array it lists.
 */
export function writeJsonDocument(out: (text: string) => void, doc: Record<string, unknown>): void {
  let chunk = '';
  const flush = (force: boolean) => {
    if (force || chunk.length > 1 << 18) { out(jsonForTerminal(chunk)); chunk = ''; }
  };
  // nested at depth 1 (a value of doc) or 2 (an item of a list): JSON.stringify's own indentation, shifted
  const at = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
  const keys = Object.keys(doc).filter((k) => { const v = doc[k]; return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol'; });
  if (keys.length === 0) { out('{}'); return; }
  chunk = '{\n';
  keys.forEach((key, i) => {
    const value = doc[key];
    chunk += `  ${JSON.stringify(key)}: `;
    if (value instanceof JsonList) {
      let n = 0;
      for (const item of value.items()) {
        chunk += n++ === 0 ? '[\n    ' : ',\n';
        if (n > 1) { flush(false); chunk += '    '; }
        chunk += at(item === undefined ? null : item, 2);
      }
      chunk += n === 0 ? '[]' : '\n  ]';
    } else chunk += at(value, 1);
    chunk += i < keys.length - 1 ? ',\n' : '\n}';
  });
  flush(true);
}
