import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys } from '../src/i18n/index.js';
import { ROOT } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the message catalog', () => {
  it('has the same keys in Chinese and English', () => {
    expect(catalogKeys('en').sort()).toEqual(catalogKeys('zh').sort());
  });

  it('has every key the code asks for by name', () => {
    const keys = new Set(catalogKeys('zh'));
    const missing: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      if (file.includes('i18n')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) if (!keys.has(m[1])) missing.push(`${m[1]} (${file})`);
      for (const m of text.matchAll(/(?:Error|reject|usageError|runtimeError)\(\s*(?:EXIT\.\w+,\s*)?'([a-z][\w.-]*\.[\w.-]+)'/g)) {
        if (!keys.has(m[1])) missing.push(`${m[1]} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
