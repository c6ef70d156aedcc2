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
