import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in the package's own package.json, or undefined when it cannot be read (a broken install). */
export function packageVersion(packageRoot: string): string | undefined {
  try {
    const v = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
