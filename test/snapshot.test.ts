import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/core/canonical.js';
import { runDraw, snapshotHashes } from '../src/core/draw/index.js';
import { digests, fromTexts, resultHash, toTexts, type DrawParameters } from '../src/core/snapshot.js';
import { stratumOf } from '../src/core/plan.js';
import { countyDb, sqlite } from './helpers.js';

const code = fc.stringMatching(/^9[123]130634[0-9A-HJ-NP-RTUW-Y]{10}$/);
const inputs = fc.record({
  subjects: fc.uniqueArray(fc.record({ key: code, stratum: fc.constantFrom('A', 'B', 'ungraded') }), { selector: (s) => s.key, minLength: 1, maxLength: 60 }),
  pool: fc.uniqueArray(fc.stringMatching(/^[0-9]{6}$/), { minLength: 4, maxLength: 8 }),
  seed: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.isWellFormed()),
});

describe('snapshot texts', () => {
  it('hash exactly as the draw core\'s snapshotHashes (docs/ALGORITHM.md §3)', () => {
    fc.assert(fc.property(inputs, ({ subjects, pool }) => {
      const departments = [{ code: 'SCJG', teamSize: 2, inspectors: pool }];
      const conflicts = [{ certificate: pool[0], key: subjects[0].key }];
      const mine = digests(toTexts({ subjects, departments, conflicts }));
      expect(mine).toEqual(snapshotHashes({ subjects, departments, conflicts }));
    }));
  });

  it('give back the same draw after a round trip through text, and the result hash is the canonical JSON\'s', () => {
    fc.assert(fc.property(inputs, ({ subjects, pool, seed }) => {
      const departments = [{ code: 'SCJG', teamSize: 2, inspectors: pool }];
      const strata = [{ stratum: 'A', ppm: 300_000 }, { stratum: 'B', ppm: 500_000 }, { stratum: 'ungraded', ppm: 50_000 }];
      const input = { seed, subjects, strata, departments, conflicts: [] };
      const parameters = { strata, departments: [{ code: 'SCJG', teamSize: 2 }] } as unknown as DrawParameters;
      const direct = runDraw(input);
      const again = runDraw(fromTexts(toTexts(input), parameters, seed));
      expect(again.sheets).toEqual(direct.sheets);
      expect(resultHash(direct.strata, direct.sheets)).toBe(sha256Hex(canonicalJson({ strata: direct.strata, sheets: direct.sheets })));
    }), { numRuns: 50 });
  });

  it('the SQL population query puts each subject in the stratum stratumOf gives', async () => {
    const t = countyDb();
    const args = ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG',
      '--ratio', '3%', '--ratio-by-grade', 'A=3%,B=5%,C=10%,D=20%', '--window', '2022-04-01..2022-06-30'];
    expect((await t.run(args)).code).toBe(0);
    expect((await t.run(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号'])).code).toBe(0);
    const stored = sqlite(t.db, "SELECT hex(text_gz) FROM draw_snapshots WHERE kind = 'subjects'");
    const text = require('node:zlib').gunzipSync(Buffer.from(stored, 'hex')).toString('utf8') as string;
    const byKey = new Map(text.trim().split('\n').map((l) => l.split('\t') as [string, string]));
    const rows = sqlite(t.db, "SELECT credit_code, ifnull(credit_grade, ''), abnormal, serious_violation FROM subjects WHERE status = 'active' AND in_registry = 1").split('\n');
    expect(byKey.size).toBe(rows.length);
    for (const r of rows) {
      const [key, grade, abnormal, serious] = r.split('|');
      expect(byKey.get(key)).toBe(stratumOf({ credit_grade: grade || null, abnormal: abnormal === '1', serious_violation: serious === '1' }, true));
    }
  });
});
