import { readFileSync } from 'node:fs';

/** The version in the tool's own package.json (one folder above dist/ and src/). */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
