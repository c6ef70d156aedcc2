import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys } from '../src/i18n/index.js';
import { SETTING_KEYS } from '../src/store/settings.js';
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

  // `draw config` looks each setting's meaning up by a built key (config.<key>), which the check above
  // cannot see; a missing one printed the bare key in the table.
  it('has the meaning of every office setting, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const keys = new Set(catalogKeys(lang));
      expect(SETTING_KEYS.filter((k) => !keys.has(`config.${k}`)), lang).toEqual([]);
    }
  });
});
