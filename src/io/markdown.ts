/**
 * Text from data put into Markdown as text, never as markup: HTML (`<script>`) is written as
 * entities, Markdown's own punctuation is backslash-escaped, and a cell's `|` and line breaks
 * cannot end the cell or the row.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function mdText(value: unknown): string {
  return String(value ?? '')
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(/[\\`*_[\]#+!|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(\d+)\./, '$1$2\\.')
    .replace(/^(\s*)-/, '$1\\-');
}

/** One table cell: as mdText, with line breaks written as <br>. */
export function mdCell(value: unknown): string {
  return mdText(value).replace(/\r\n|\r|\n/g, '<br>');
}
