import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * 曲阳县's townships with their former names (data/quyang-townships.csv, NBS 2023 codes):
 * older registry records still say 孝墓乡 where the township is now 孝墓镇.
 */
export function loadTownships(packageRoot: string): (text: string) => string | undefined {
  const map = new Map<string, string>();
  const lines = readFileSync(join(packageRoot, 'data', 'quyang-townships.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  for (const line of lines) {
    const [, name, former] = line.split(',');
    map.set(name, name);
    if (former) map.set(former, name);
  }
  return (text) => map.get(text.trim());
}
