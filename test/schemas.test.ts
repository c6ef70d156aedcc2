import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { countyDb, draw, ROOT, sqlite, tmp, type Run, seeded } from './helpers.js';
import { publishedSchemaFiles } from '../src/core/package-schema.js';
import { sealPackage } from '../src/core/package.js';

/**
 * The replay package and the audit entries have one definition (src/core/package-schema.ts): the
 * JSON Schema files in docs/ are what it gives, byte for byte, and what the tool exports fits
 * them, checked with zod from the files as read from docs/, not from the definition.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--window', '2022-04-01..2022-06-30', '--ratio', '10%', '--town', '恒州镇', '--no-input'];
const FIXTURE_PACKAGE = join(ROOT, 'test', 'fixtures', 'draw-core-1', 'package.json');

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stdout}${r.stderr}`);
  return r;
};
const readDoc = (name: string) => JSON.parse(readFileSync(join(ROOT, 'docs', name), 'utf8'));
const issuesOf = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

/** A drawn draw with a replacement and a rejection that brought in a substitute: every kind of entry a package holds. */
async function exported(): Promise<{ t: ReturnType<typeof countyDb>; file: string; pkg: any; run: any }> {
  const t = countyDb();
  ok(await t.run(PLAN));
  const run = JSON.parse(ok(await seeded(t, ['--json', 'run', '2022-001', '--seed', '2022-04-01 公开摇号 73915'])).stdout);
  const cert = sqlite(t.db, "SELECT json_extract(team, '$[0][1]') FROM sheets WHERE draw_id = 1 AND number = 2");
  ok(await t.run(['replace', '1/2', '--inspector', cert, '--reason', '依法回避', '--approved-by', '王局长']));
  ok(await t.run(['confirm', '1', '--department', 'SCJG', '--reject', '1=not_found', '--note', '实地核查无此户']));
  const file = join(t.dir, 'package.json');
  ok(await t.run(['export', 'package', '1', '--out', file]));
  return { t, file, pkg: JSON.parse(readFileSync(file, 'utf8')), run };
}

describe('the published schemas', () => {
  it('are what their one definition gives (npm run schemas rewrites them)', () => {
    for (const [path, text] of Object.entries(publishedSchemaFiles())) {
      expect(readFileSync(join(ROOT, path), 'utf8'), `${path} differs from src/core/package-schema.ts: run npm run schemas`).toBe(text);
    }
  });

  it('every exported package, the draw-core/1 fixture included, and its audit entries fit the files in docs/', async () => {
    const packageSchema = z.fromJSONSchema(readDoc('replay-package.schema.json'));
    const entryDoc = readDoc('audit-entry.schema.json');
    const entrySchema = z.fromJSONSchema(entryDoc);
    const detailSchema = (action: string) => z.fromJSONSchema({ $ref: `#/$defs/${action}`, $defs: entryDoc.$defs });
    const { t, pkg } = await exported();
    // the office's own log, private fields as text: its entries of the draw fit the same shapes
    const log = JSON.parse(ok(await t.run(['--json', 'audit', 'log', '--draw', '1'])).stdout) as any[];
    expect(log.length).toBeGreaterThanOrEqual(4);
    for (const e of log) {
      expect(issuesOf(entrySchema, { ...e, detail: JSON.stringify(e.detail) })).toEqual([]);
      if (e.action in entryDoc.$defs) expect(issuesOf(detailSchema(e.action), e.detail), e.action).toEqual([]);
    }
    const fixture = JSON.parse(readFileSync(FIXTURE_PACKAGE, 'utf8'));
    const actions = new Set<string>();
    for (const p of [pkg, fixture]) {
      expect(issuesOf(packageSchema, p)).toEqual([]);
      for (const e of p.audit.entries) {
        expect(issuesOf(entrySchema, e)).toEqual([]);
        if (e.action in entryDoc.$defs) {
          actions.add(e.action);
          expect(issuesOf(detailSchema(e.action), JSON.parse(e.detail)), `${e.action} ${e.detail}`).toEqual([]);
        }
      }
    }
    // every shape published was exercised
    expect([...actions].sort()).toEqual(['draw.commit', 'draw.confirm', 'draw.run', 'sheet.replace']);
    expect(pkg.classification).toBe('internal');
    expect(pkg.expected.pools.length).toBe(3);
    // the schema read from docs/ refuses what the reader refuses: a sheet's key that is a number
    const broken = structuredClone(pkg);
    broken.expected.sheets[2].key = 5;
    expect(issuesOf(packageSchema, broken).join()).toContain('expected.sheets.2.key');
  });
});

describe('a package that breaks the schema', () => {
  it('is refused (exit 2), naming the field, in Chinese and in English, and the older fixture still replays', async () => {
    const { t, pkg } = await exported();
    const cases: [(p: any) => void, string][] = [
      [(p) => { p.expected.sheets[2].key = 5; }, 'expected.sheets[2].key'],
      [(p) => { delete p.draw.commitment; }, 'draw.commitment'],
      [(p) => { p.parameters.strata[0].ppm = 1.5; }, 'parameters.strata[0].ppm'],
      [(p) => { p.audit.entries[1].hash = 'X'.repeat(64); }, 'audit.entries[1].hash'],
      [(p) => { p.expected.pools[0].order = 'SCJG-001'; }, 'expected.pools[0].order'],
      [(p) => { p.draw.ceremony = { parts: [], witnesses: [{ name: '张某' }], oneStep: false }; }, 'draw.ceremony.witnesses[0].role'],
    ];
    for (const [change, field] of cases) {
      const p = structuredClone(pkg);
      change(p);
      const { integrity: _, ...rest } = p;
      const file = join(t.dir, 'broken.json');
      writeFileSync(file, JSON.stringify(sealPackage(rest)));
      const zh = await draw(['replay', '--package', file]);
      expect(zh.code, field).toBe(2);
      expect(zh.stderr).toContain(`字段 ${field} `);
      const en = await draw(['--lang', 'en', 'replay', '--package', file]);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain(`field ${field} `);
    }
    expect(JSON.parse(ok(await draw(['--json', 'replay', '--package', FIXTURE_PACKAGE])).stdout)).toMatchObject({ match: true });
  });
});

describe('the pool orders', () => {
  it('are in the package and show draw --json as drawn, compared on replay from the database and from the package', async () => {
    const { t, file, pkg, run } = await exported();
    const shown = JSON.parse(ok(await t.run(['--json', 'show', 'draw', '1'])).stdout);
    expect(shown.pools).toEqual(JSON.parse(sqlite(t.db, 'SELECT pools FROM draws WHERE id = 1')));
    // the draw run that made them says the same, not null
    expect(run.pools).toEqual(shown.pools);
    expect(pkg.expected.pools).toEqual(shown.pools);
    expect(pkg.expected.pools.find((p: any) => p.department === 'SCJG').order.length).toBeGreaterThan(3);
    expect(JSON.parse(ok(await draw(['--json', 'replay', '--package', file])).stdout)).toMatchObject({ match: true });
    expect(JSON.parse(ok(await t.run(['--json', 'replay', '1'])).stdout)).toMatchObject({ match: true });

    // two inspectors swapped in SCJG's recorded order: the package, resealed, disagrees at that position
    const swapped = structuredClone(pkg);
    const order = swapped.expected.pools.find((p: any) => p.department === 'SCJG').order;
    [order[1], order[2]] = [order[2], order[1]];
    const { integrity: _, ...rest } = swapped;
    const changed = join(t.dir, 'swapped.json');
    writeFileSync(changed, JSON.stringify(sealPackage(rest)));
    const r = await draw(['--json', 'replay', '--package', changed]);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).differences).toContainEqual({ what: 'pool', department: 'SCJG', position: 2, expected: order[2], found: order[1] });
    expect((await draw(['replay', '--package', changed])).stdout).toContain('部门 SCJG 的执法人员顺序（第十节）第 2 位');

    // the same in the database, changed with the sqlite3 CLI
    sqlite(t.db, `UPDATE draws SET pools = '${JSON.stringify(swapped.expected.pools)}' WHERE id = 1`);
    const fromDb = await t.run(['--json', 'replay', '1']);
    expect(fromDb.code).toBe(4);
    expect(JSON.parse(fromDb.stdout).differences.map((d: any) => `${d.what} ${d.department}`)).toEqual(['pool SCJG']);

    // a package without pools (made before issue 13) still verifies; a draw whose row has none too
    const older = structuredClone(pkg);
    delete older.expected.pools;
    delete older.classification;
    const { integrity: __, ...olderRest } = older;
    const olderFile = join(t.dir, 'older.json');
    writeFileSync(olderFile, JSON.stringify(sealPackage(olderRest)));
    expect(JSON.parse(ok(await draw(['--json', 'replay', '--package', olderFile])).stdout)).toMatchObject({ match: true });
    sqlite(t.db, 'UPDATE draws SET pools = NULL WHERE id = 1');
    expect(JSON.parse(ok(await t.run(['--json', 'replay', '1'])).stdout)).toMatchObject({ match: true });
  });
});
