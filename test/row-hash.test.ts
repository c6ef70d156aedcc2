import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowHash } from '../src/core/row-hash.js';

const value = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null));
const hash = (t: unknown[]) => rowHash(t, 0, t.length);

describe('rowHash, the digest a re-import compares a stored subject by', () => {
  it('is a whole number JavaScript and SQLite both hold exactly, and reads only the values it is given', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 20 }), fc.string(), (t, key) => {
      const h = hash(t);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      // the key (before `from`) is not part of it
      expect(rowHash([key, ...t], 1, t.length + 1)).toBe(h);
    }));
  });

  it('tells apart records that differ in one code unit of one value, whatever the unit', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 0xffff }),
      (t, which, at, delta) => {
        const i = which % t.length;
        const s = t[i];
        const k = at % s.length;
        const changed = [...t];
        changed[i] = s.slice(0, k) + String.fromCharCode((s.charCodeAt(k) + delta) % 0x10000) + s.slice(k + 1);
        expect(hash(changed)).not.toBe(hash(t));
      }), { numRuns: 2000 });
  });

  it('tells a missing value, an empty text, a number and its digits apart, and where one value ends', () => {
    const seen = new Set([[null], [''], [0], ['0'], [12], ['12'], ['ab', 'c'], ['a', 'bc'], ['abc', null], [null, 'abc'], ['abc']].map(hash));
    expect(seen.size).toBe(11);
  });

  it('stays what it was: every subject a database holds was stored with this value, and a changed function rewrites them all', () => {
    // the fixture county's first subject's stored values, as the import writes them (values after the key)
    const stored = ['130634600000007', '曲阳县聚盛汽修有限公司', '董永霞', '普通合伙企业', 'enterprise', '曲阳县市场监督管理局',
      '曲阳县市场监督管理局党城所', '党城乡', '党城乡', '1995-08-23', 'active', '存续', '河北省保定市曲阳县党城乡北永村214号', 'O8111',
      '机动车维修', 0, 0, 'B', '2022-02-28'];
    expect(hash(stored)).toMatchInlineSnapshot(`3764967502618113`);
  });
});
