import Database from 'better-sqlite3';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import { SPECS } from '../src/io/columns.js';
import { countyDb, draw, readCsvText, type Run, seeded } from './helpers.js';

/**
 * Issue 5, "nobody fooled", hostile input: whatever a file or a flag holds, every command ends
 * with a deliberate exit code (0, 2 or 3 for an import; 2 or 4 for a replay package; 2 for a bad
 * flag value), a message naming the line where a line is involved, never a stack trace, and the
 * database unchanged where the command failed. Bounded runs: each property at most 30.
 */

const SEED = 20220401; // fixed, so a failure here is reproducible; fast-check prints the case
const STACK = /^\s+at /m;

/** Everything a failed command must leave as it was: every table's row count and the audit head. */
function fingerprint(db: string): string {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const tables = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const counts = tables.map((t) => `${t}:${d.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get()}`);
    return `${counts.join(' ')} head:${d.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get()}`;
  } finally {
    d.close();
  }
}

let county: ReturnType<typeof countyDb>;
let work: string;
let n = 0;
beforeAll(() => {
  county = countyDb();
  work = join(county.dir, 'inputs');
  mkdirSync(work);
});

const KINDS = ['departments', 'items', 'inspectors', 'subjects', 'conflicts'] as const;
type Kind = (typeof KINDS)[number];

/** Imports one file and checks what every import must do, whatever the file holds. */
async function importChecked(kind: Kind, bytes: Uint8Array | string, flags: string[] = []): Promise<Run> {
  const file = join(work, `f${n++}.csv`);
  writeFileSync(file, bytes);
  const before = fingerprint(county.db);
  const r = await county.run(['import', kind, file, ...flags]);
  expect(r.stderr, `exit ${r.code}`).not.toMatch(STACK);
  expect([0, 2, 3], `exit ${r.code}: ${r.stderr.slice(0, 500)}`).toContain(r.code);
  const rejects = file.replace(/\.csv$/, '.rejects.csv');
  if (r.code === 2) {
    expect(r.stderr).toMatch(/^错误: /);
    // a message about the CSV names its line; one about the encoding names its byte
    if (/CSV 格式错误|超过 4 MB/.test(r.stderr)) expect(r.stderr).toMatch(/第 \d+ 行/);
    if (/无法解码/.test(r.stderr)) expect(r.stderr).toMatch(/第 \d+ 字节/);
    expect(fingerprint(county.db), 'a failed import changed the database').toBe(before);
    expect(existsSync(rejects)).toBe(false);
  }
  if (r.code === 3) {
    // every rejected row is named by its line, inside the file
    const lines = String(bytes).split(/\r\n|\r|\n/).length + 1;
    const rows = readCsvText(readFileSync(rejects, 'utf8')).slice(1).filter((row) => row.length > 1 || row[0] !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row[0]).toMatch(/^\d+$/);
      expect(Number(row[0])).toBeGreaterThanOrEqual(2);
      if (typeof bytes === 'string') expect(Number(row[0])).toBeLessThanOrEqual(lines);
    }
  }
  rmSync(file, { force: true });
  rmSync(rejects, { force: true });
  return r;
}

/** Each kind's header as a clerk's spreadsheet would have it (the first Chinese alias of every column). */
const header = (kind: Kind) => SPECS[kind].columns.map((c) => c.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? c.aliases[0]);

const awkward = fc.constantFrom('"', '""', 'a"b', '"未闭合', '\n', '\r\n', '\r', '\0', '\uFEFF', '\u0085', '\u2028', ',', '甲,乙', '\t', ' ', '=1+1', '\\', '\u001b[31m');
const fieldArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', 'SCJG', 'SWJ', '曲阳县市场监督管理局', '91130634MA0A1B2C3D', '91110000600037341L', '130634001001', '2022-02-30', '2022/3/1', '44621', '存续', '注销', '是', '否', 'A', '高风险', '实地核查', '重点') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: awkward },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 3 }), awkward, fc.string({ maxLength: 3 })).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((k) => '长'.repeat(k * 500)) },
);
/** A field written raw (quotes and all) or quoted the way CSV says. */
const cellArb = fc.tuple(fieldArb, fc.boolean()).map(([f, quote]) => (quote ? `"${f.replace(/"/g, '""')}"` : f));
const eolArb = fc.constantFrom('\n', '\r\n', '\r');

describe('CSV importers fed hostile files', () => {
  it('random bytes, with or without a real header', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), fc.boolean(), fc.uint8Array({ maxLength: 4000 }), async (kind, withHeader, bytes) => {
      const head = withHeader ? Buffer.from(`${header(kind).join(',')}\n`) : Buffer.alloc(0);
      await importChecked(kind, Buffer.concat([head, bytes]));
    }), { numRuns: 25, seed: SEED });
  });

  it('unbalanced quotes, embedded newlines, NUL bytes, BOMs, long fields, ragged rows, mixed encodings', async () => {
    const fileArb = fc.record({
      kind: fc.constantFrom(...KINDS),
      headerStyle: fc.constantFrom('real', 'real', 'real+extra', 'random'),
      extra: fc.array(cellArb, { maxLength: 3 }),
      randomHeader: fc.array(cellArb, { minLength: 1, maxLength: 5 }),
      rows: fc.array(fc.tuple(fc.array(cellArb, { maxLength: 20 }), eolArb), { maxLength: 12 }),
      encoding: fc.constantFrom('utf8', 'utf8', 'utf8-bom', 'gb18030', 'mixed'),
      strict: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(fileArb, async (f) => {
      const head = f.headerStyle === 'random' ? f.randomHeader : [...header(f.kind), ...(f.headerStyle === 'real+extra' ? f.extra : [])];
      const lines = [`${head.join(',')}\n`, ...f.rows.map(([cells, eol]) => cells.join(',') + eol)];
      const text = lines.join('');
      let bytes: Uint8Array | string = text;
      if (f.encoding === 'utf8-bom') bytes = `\uFEFF${text}`;
      if (f.encoding === 'gb18030') bytes = iconv.encode(text, 'gb18030');
      if (f.encoding === 'mixed') {
        const half = Math.ceil(lines.length / 2);
        bytes = Buffer.concat([Buffer.from(lines.slice(0, half).join('')), iconv.encode(lines.slice(half).join(''), 'gbk')]);
      }
      await importChecked(f.kind, bytes, f.strict ? ['--strict'] : []);
    }), { numRuns: 30, seed: SEED });
  });

  const depHeader = '部门编码,部门名称\n';
  it.each<[string, () => Uint8Array | string, number[], RegExp?]>([
    ['an empty file', () => '', [2], /空文件/],
    ['a BOM and nothing else', () => '\uFEFF', [2], /空文件/],
    ['blank lines only', () => '\n\r\n\n', [2], /空文件|缺少必需的列/],
    ['a header only', () => depHeader, [0]],
    ['a 1 MB field', () => `${depHeader}A,${'甲'.repeat(350_000)}\nB,乙\n`, [3]],
    ['a 5 MB record', () => `${depHeader}A,${'x'.repeat(5 << 20)}\nB,乙\n`, [2], /第 2 行/],
    ['10,000 columns', () => `${Array.from({ length: 10_000 }, (_, i) => `列${i}`).join(',')}\n${Array(10_000).fill('v').join(',')}\n`, [2], /缺少必需的列/],
    ['10,000 columns with the real ones among them', () => `部门编码,部门名称,${Array.from({ length: 10_000 }, (_, i) => `列${i}`).join(',')}\nA,甲,${Array(10_000).fill('v').join(',')}\n`, [0]],
    ['a BOM in the middle (two files joined)', () => `\uFEFF${depHeader}A,甲\n\uFEFF${depHeader}B,乙\n`, [0, 3]],
    ['NUL bytes in fields and in the header', () => `部门\0编码,部门名称\nA\0,甲\n`, [2, 3]],
    ['an unbalanced quote on the last line', () => `${depHeader}A,甲\nB,"乙\n`, [2], /第 3 行/],
    ['an unbalanced quote in the middle', () => `${depHeader}A,"甲\nB,乙\nC,丙\n`, [2], /第 \d+ 行/],
    ['a quote inside a raw field', () => `${depHeader}A,甲"乙"\n`, [0, 3]],
    ['embedded newlines of every kind', () => `${depHeader}A,"甲\r\n乙"\nB,"丙\r丁"\nC#,戊\n`, [3]],
    ['CR line endings only', () => `部门编码,部门名称\rA,甲\rB,乙\r`, [0]],
    ['UTF-16', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${depHeader}A,甲\n`, 'utf16le')]), [2], /UTF-16/],
    ['a GBK row added to a UTF-8 file', () => Buffer.concat([Buffer.from(`${depHeader}A,曲阳县市场监督管理局\n`), iconv.encode('B,曲阳县公安局\n', 'gbk')]), [2], /混用了 UTF-8 和 GBK 两种编码（第 \d+ 字节/],
    ['an ASCII header, UTF-8 rows, then a GBK row', () => Buffer.concat([Buffer.from('code,name\nA,曲阳县市场监督管理局\n'), iconv.encode('B,曲阳县公安局\n', 'gbk')]), [2], /混用了 UTF-8 和 GBK/],
    ['a UTF-8 header over GBK rows', () => Buffer.concat([Buffer.from(depHeader), iconv.encode('A,曲阳县市场监督管理局\nB,曲阳县公安局\n', 'gbk')]), [2], /混用了 UTF-8 和 GBK/],
    ['a GBK row, then UTF-8 rows', () => Buffer.concat([Buffer.from('code,name\n'), iconv.encode('B,曲阳县公安局\n', 'gbk'), Buffer.from('A,曲阳县市场监督管理局\n')]), [2], /混用了 UTF-8 和 GBK/],
    ['GBK after the first megabyte of UTF-8', () => Buffer.concat([Buffer.from(depHeader), Buffer.from(Array.from({ length: 80_000 }, (_, i) => `D${i},部门${i}\n`).join('')), iconv.encode('Z,曲阳县\n', 'gbk')]), [2], /混用了 UTF-8 和 GBK 两种编码（第 \d+ 字节/],
  ])('%s', async (_name, make, codes, message) => {
    const r = await importChecked('departments', make());
    expect(codes).toContain(r.code);
    if (message) expect(r.stderr).toMatch(message);
  });

  it('a folder or a missing file instead of a CSV', async () => {
    for (const path of [work, join(work, 'missing.csv')]) {
      const before = fingerprint(county.db);
      const r = await county.run(['import', 'departments', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).toContain(path);
      expect(fingerprint(county.db)).toBe(before);
    }
  });
});

describe('the replay package reader fed hostile packages', () => {
  let text: string;
  let original: Record<string, unknown>;
  beforeAll(async () => {
    const plan = ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all', '--initiator', 'SCJG', '--ratio', '5%',
      '--window', '2022-04-01..2022-06-30', '--number', 'P', '--no-input'];
    expect((await county.run(plan)).code).toBe(0);
    const r = await seeded(county, ['--json', 'run', 'P', '--seed', '公开摇号']);
    expect(r.code, r.stderr).toBe(0);
    const out = join(county.dir, 'package.json');
    expect((await county.run(['export', 'package', String(JSON.parse(r.stdout).draw), '--out', out])).code).toBe(0);
    text = readFileSync(out, 'utf8');
    original = JSON.parse(text);
  });

  /** Replays a package text (no database at all) and checks what every replay must do. */
  async function replayChecked(body: string | Uint8Array): Promise<Run> {
    const file = join(work, `p${n++}.json`);
    writeFileSync(file, body);
    const r = await draw(['replay', '--package', file]);
    rmSync(file, { force: true });
    expect(r.stderr, `exit ${r.code}`).not.toMatch(STACK);
    let same = false;
    try { same = canonicalJson(JSON.parse(String(body).replace(/^\uFEFF/, ''))) === canonicalJson(original); } catch { /* not JSON */ }
    expect(same ? [0] : [2, 4], `exit ${r.code}: ${r.stdout.slice(0, 300)}${r.stderr.slice(0, 300)}`).toContain(r.code);
    if (r.code === 2) expect(r.stderr).toMatch(/^错误: .*不是有效的复核包/);
    if (r.code === 4) expect(r.stdout).toMatch(/复核不一致/);
    return r;
  }

  it('the package as exported replays (exit 0)', async () => {
    expect((await replayChecked(text)).code).toBe(0);
  });

  it('truncated anywhere', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: text.length - 1 }), async (at) => { await replayChecked(text.slice(0, at)); }), { numRuns: 15, seed: SEED });
  });

  it('one byte changed anywhere', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: text.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, delta) => {
      const bytes = Buffer.from(text);
      bytes[at] = (bytes[at] + delta) % 256;
      await replayChecked(bytes);
    }), { numRuns: 20, seed: SEED });
  });

  /** Every path to a value in the package. */
  function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    out.push(prefix);
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => paths(x, [...prefix, i], out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
    return out;
  }

  it('wrong types, huge numbers, extra fields, anywhere', async () => {
    const all = paths(original).filter((p) => p.length > 0);
    const hostile = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(1e308, -1e308, 2 ** 53, -(2 ** 53), 1.5, -1, 0, '', '\u0000', null, [], {}, [null], 'x'.repeat(100_000)),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...all), hostile, fc.boolean(), async (path, value, add) => {
      const pkg = structuredClone(original) as Record<string, unknown>;
      let at: any = pkg;
      for (const k of path.slice(0, -1)) at = at[k];
      const last = path[path.length - 1];
      if (add && at && typeof at === 'object' && !Array.isArray(at)) at[`extra_${String(last)}`] = value;
      else at[last] = value;
      await replayChecked(JSON.stringify(pkg));
    }), { numRuns: 30, seed: SEED });
  });

  it.each<[string, () => string, number]>([
    ['a BOM before the JSON (as Notepad saves it): read as the package it is', () => `\uFEFF${text}`, 0],
    ['an empty file', () => '', 2],
    ['JSON that is not an object', () => '[1,2,3]', 2],
    ['nested a hundred thousand deep', () => text.replace(/^\{/, `{"extra":${'['.repeat(100_000)}${']'.repeat(100_000)},`), 2],
    ['a sheet whose team holds null', () => JSON.stringify({ ...original, expected: { ...(original.expected as object), sheets: [{ number: 1, key: 'K', stratum: 'A', inspectors: [null] }] } }), 2],
    ['a stratum that is null', () => JSON.stringify({ ...original, expected: { ...(original.expected as object), strata: [null] } }), 2],
    ['no audit entries at all', () => JSON.stringify({ ...original, audit: null }), 2],
  ])('%s', async (_name, make, code) => {
    expect((await replayChecked(make())).code).toBe(code);
  });
});

describe('flags that take values, given hostile values', () => {
  const PLAN: [string, string][] = [['--year', '2022'], ['--name', '批次'], ['--departments', 'SCJG,SWJ,STHJ'], ['--items', 'all'], ['--initiator', 'SCJG'],
    ['--ratio', '5%'], ['--window', '2022-04-01..2022-06-30']];
  const planArgs = (flag: string, value: string, number: string) =>
    ['plan', ...PLAN.flatMap(([f, v]) => (f === flag ? [f, value] : [f, v])), ...(PLAN.some(([f]) => f === flag) ? [] : [flag, value]), '--number', number, '--no-input'];
  const plans = () => {
    const d = new Database(county.db, { readonly: true });
    try { return d.prepare('SELECT COUNT(*) FROM plans').pluck().get() as number; } finally { d.close(); }
  };

  it.each<[string[], string]>([
    [planArgs('--window', '2022-02-30..2022-03-31', 'F1'), '--window'],
    [planArgs('--window', '2022-04-01..2022-13-01', 'F2'), '--window'],
    [planArgs('--window', '2022-06-30..2022-04-01', 'F3'), '检查时间的开始'],
    [planArgs('--ratio', '150%', 'F4'), '--ratio'],
    [planArgs('--ratio', '-5%', 'F5'), '--ratio'],
    [planArgs('--ratio', 'NaN', 'F6'), '--ratio'],
    [planArgs('--ratio', '1e400', 'F7'), '--ratio'],
    [planArgs('--ratio-by-grade', 'A=150%', 'F8'), '--ratio-by-grade'],
    [planArgs('--team-size', '-1', 'F9'), '--team-size'],
    [planArgs('--team-size', '0', 'F10'), '--team-size'],
    [planArgs('--team-size', '2.5', 'F11'), '--team-size'],
    [planArgs('--team-size', 'SCJG=-2', 'F12'), '--team-size'],
    [planArgs('--year', '-2022', 'F13'), '--year'],
    [planArgs('--year', '99999999999999999999', 'F14'), '--year'],
    [['list', 'subjects', '--limit', '-1'], '--limit'],
    [['list', 'subjects', '--limit', '0'], '--limit'],
    [['list', 'subjects', '--limit', '1e99'], '--limit'],
    [['list', 'subjects', '--limit', '99999999999999999999'], '--limit'],
    [['list', 'subjects', '--limit', 'abc'], '--limit'],
    [['import', 'departments', 'x.csv', '--encoding', 'latin1'], '--encoding'],
    [['--journal', 'memory', 'list', 'departments'], '--journal'],
    [['audit', 'log', '--draw', 'abc'], '--draw'],
    [['audit', 'log', '--draw', '-1'], '--draw'],
  ])('%j is refused (exit 2) naming %s', async (args, named) => {
    const before = fingerprint(county.db);
    const r = await county.run(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stderr).not.toMatch(STACK);
    expect(fingerprint(county.db)).toBe(before);
  });

  it.each([[''], ['a\u0007b'], ['\u001b[2J'], ['x'.repeat(10_000)]])('a seed of %j is refused (exit 2), the attempt logged, nothing drawn', async (seed) => {
    const number = `S${n++}`;
    expect((await county.run(planArgs('--name', '种子', number))).code).toBe(0);
    const draws = () => { const d = new Database(county.db, { readonly: true }); try { return d.prepare('SELECT COUNT(*) FROM sheets').pluck().get(); } finally { d.close(); } };
    const before = draws();
    const r = await seeded(county, ['run', number, '--seed', seed]);
    expect(r.stderr).not.toMatch(STACK);
    if (seed.length > 1000 && r.code === 0) return; // a long seed may be lawful
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('种子');
    expect(draws()).toBe(before);
  });

  it('random values for the plan\'s flags: a plan, or exit 2 naming the flag and no plan', async () => {
    const dateArb = fc.tuple(fc.integer({ min: -1, max: 10_000 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const valueFor: Record<string, fc.Arbitrary<string>> = {
      '--ratio': fc.oneof(fc.double().map(String), fc.integer({ min: -200, max: 200 }).map((k) => `${k}%`), fc.string({ maxLength: 6 })),
      '--window': fc.oneof(fc.tuple(dateArb, dateArb).map(([a, b]) => `${a}..${b}`), fc.string({ maxLength: 12 })),
      '--team-size': fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 9 }).map((k) => `SCJG=${k}`)),
      '--year': fc.oneof(fc.integer({ min: -3000, max: 30_000 }).map(String), fc.string({ maxLength: 6 })),
      '--ratio-by-grade': fc.oneof(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E', ''), fc.integer({ min: -10, max: 200 })).map(([g, k]) => `${g}=${k}%`), fc.string({ maxLength: 8 })),
    };
    let k = 0;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...Object.keys(valueFor)).chain((flag) => fc.tuple(fc.constant(flag), valueFor[flag])), async ([flag, value]) => {
      const before = plans();
      const r = await county.run(planArgs(flag, value, `R${k++}`));
      expect(r.stderr).not.toMatch(STACK);
      expect([0, 2], `${flag} ${JSON.stringify(value)}: exit ${r.code} ${r.stderr}`).toContain(r.code);
      if (r.code === 0) expect(plans()).toBe(before + 1);
      else {
        expect(plans()).toBe(before);
        expect(r.stderr).toMatch(/^错误: /);
      }
    }), { numRuns: 25, seed: SEED });
  });
});
