import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubjectCode, checkUscc, completeUscc, orgCodeValid, regnoValid } from '../src/core/uscc.js';
import { ROOT } from './helpers.js';

// The peers' vectors (data/uscc-vectors.csv). Where a peer's verdict is not the check
// character's, data/README.md explains why; we decide those cases on purpose, listed here.
const DELIBERATE: Record<string, { valid: boolean; why: string }> = {
  A1320621MA1MRHG217: { valid: true, why: 'A is a registration authority code since the 2018 amendment of GB 32100' },
  '14010700A001338': { valid: false, why: 'Shanxi regional form without a check digit; an office may accept it' },
  '14010700A001339': { valid: false, why: 'Shanxi regional form without a check digit; an office may accept it' },
};

const vectors = readFileSync(join(ROOT, 'data', 'uscc-vectors.csv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [code, valid, source] = l.split(','); return { code, valid: valid === 'true', source }; });

describe('credit codes against the peers\' vectors', () => {
  it('has the 281 vectors', () => expect(vectors.length).toBe(281));
  for (const v of vectors) {
    const expected = DELIBERATE[v.code]?.valid ?? v.valid;
    it(`${v.code} is ${expected ? 'valid' : 'invalid'} (${v.source.split(':')[0]})`, () => {
      expect(checkSubjectCode(v.code).valid).toBe(expected);
    });
  }
});

describe('credit code rules', () => {
  it('normalises lowercase, full-width characters and stray spaces before checking', () => {
    expect(checkUscc(' ９１１１００００６０００３７３４１ｌ ').code).toBe('91110000600037341L');
    expect(checkUscc('91110000600037341l').valid).toBe(true);
    expect(checkUscc('9111 0000 6000 3734 1L').valid).toBe(true);
  });
  it('names the expected check character', () => {
    const v = checkUscc('91110000600037341X');
    expect(v).toMatchObject({ valid: false, problem: 'check', expected: 'L' });
  });
  it('marks the early Fujian pilot codes as possibly lawful', () => {
    for (const c of ['91350211M0000XUF46', '91350100M0001TGQXM', '91350203M0001FUE2P', '91350211M00013FA1N']) {
      expect(checkUscc(c)).toMatchObject({ valid: false, problem: 'check-fujian-pilot' });
    }
  });
  it('warns, without rejecting, when the organisation code inside fails GB 11714', () => {
    expect(checkUscc('911101005JLR20JR60')).toMatchObject({ valid: true, orgCodeWarning: true });
    expect(checkUscc('91110000600037341L').orgCodeWarning).toBeUndefined();
  });
  it('rejects letters the standard leaves out and bad lengths', () => {
    expect(checkUscc('91110000600037341O').problem).toBe('characters');
    expect(checkUscc('9111000060003734').problem).toBe('length');
  });
  it('completes a body into a valid code', () => {
    expect(checkUscc(completeUscc('91130634MA0ABCDE1')).valid).toBe(true);
  });
  it('checks the organisation code on its own', () => {
    expect(orgCodeValid('600037341')).toBe(true);
    expect(orgCodeValid('600037342')).toBe(false);
  });
  it('checks 15-digit registration numbers with ISO 7064 MOD 11,10', () => {
    expect(regnoValid('110108000000016')).toBe(true);
    expect(regnoValid('110108000000017')).toBe(false);
    expect(checkSubjectCode('110108000000017').problem).toBe('regno-check');
  });
});
