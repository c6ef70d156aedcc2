import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPackageFile, type PackageReadOptions } from '../src/io/package-reader.js';
import { readParts } from '../src/core/package-parts.js';
import { integrityOf, packageShapeProblem, sealPackage, type ReplayPackage } from '../src/core/package.js';
import { countyDb, draw, tmp } from './helpers.js';

/**
 * The replay package read in parts (issue 14: io/package-reader.ts, io/json-layout.ts,
 * core/package-parts.ts) against the package parsed whole with JSON.parse, which is what the
 * reader replaced: for real packages, re-indented, re-ordered and changed, and for malformed ones,
 * at many piece sizes, so that every token, escape, UTF-8 sequence and surrogate pair is split
 * across a read somewhere. The same verdict every time: not JSON, the same shape problem, or the
 * same values and the same integrity hash.
 */

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];

let text: string;
let work: string;

beforeAll(async () => {
  const t = countyDb();
  const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
  await ok(PLAN);
  await ok(['config', 'one_step_draw', '1']);
  await ok(['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']);
  const out = join(t.dir, 'package.json');
  await ok(['export', 'package', '1', '--out', out]);
  text = readFileSync(out, 'utf8');
  work = tmp();
}, 60_000);

/** Piece sizes that split everything somewhere, with snapshot pieces cut small. */
const SIZES: PackageReadOptions[] = [
  { piece: 1, cutEvery: 1, pageSheets: 1 }, { piece: 2, cutEvery: 3, pageSheets: 2 }, { piece: 3, cutEvery: 5, pageSheets: 3 },
  { piece: 7, cutEvery: 40, pageSheets: 5 }, { piece: 64, cutEvery: 100, pageSheets: 7 }, { piece: 4099, cutEvery: 700 }, {},
];

let n = 0;
function fileOf(body: string | Buffer): string {
  const file = join(work, `p${n++}.json`);
  writeFileSync(file, body);
  return file;
}

type Verdict = { json: false } | { json: true; shape: string | null; integrity?: string; subjects?: string; sheets?: unknown; rest?: unknown };

/** What JSON.parse of the whole file makes of it (the reader of before). */
function wholeVerdict(body: string | Buffer): Verdict {
  let pkg: ReplayPackage;
  try {
    pkg = JSON.parse((typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, ''));
  } catch {
    return { json: false };
  }
  const shape = packageShapeProblem(pkg);
  if (shape) return { json: true, shape: `${shape.path} ${shape.expected}` };
  const rest = { ...pkg, snapshots: { ...pkg.snapshots, subjects: '' }, expected: { ...pkg.expected, sheets: [] } };
  return { json: true, shape: null, integrity: integrityOf(pkg), subjects: pkg.snapshots.subjects, sheets: pkg.expected.sheets, rest };
}

/** What the reader in parts makes of it, with these piece sizes; its pieces checked as they come. */
function partsVerdict(file: string, options: PackageReadOptions): Verdict {
  const opened = readPackageFile(file, options);
  if (opened.problem === 'noFile') throw new Error('no file');
  if (opened.problem === 'json') {
    const { byte, line, column } = opened.detail;
    expect(byte).toBeLessThanOrEqual(statSync(file).size);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(column).toBeGreaterThanOrEqual(1);
    return { json: false };
  }
  const read = readParts(opened.parts);
  if (read.shape) return { json: true, shape: `${read.shape.path} ${read.shape.expected}` };
  const pieces = [...opened.parts.subjects!.chunks()];
  // replayChunks reads lines whole: every piece but the last ends after a LF
  for (const p of pieces.slice(0, -1)) expect(p.endsWith('\n')).toBe(true);
  const sheets = [...opened.parts.sheets!.pages()].flat();
  expect(read.sheets.count).toBe(sheets.length);
  return { json: true, shape: null, integrity: read.integrity, subjects: pieces.join(''), sheets, rest: read.pkg };
}

function sameVerdicts(body: string | Buffer, sizes = SIZES): Verdict {
  const whole = wholeVerdict(body);
  const file = fileOf(body);
  for (const options of sizes) expect(partsVerdict(file, options), JSON.stringify(options)).toEqual(whole);
  return whole;
}

/** The package's members in reverse order, at every level, re-indented: another text of the same values. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)]));
}

const reseal = (pkg: ReplayPackage) => {
  const { integrity: _, ...rest } = pkg;
  return JSON.stringify(sealPackage(rest), null, 1);
};

describe('a replay package read in parts', () => {
  it('gives the values and the integrity hash JSON.parse and integrityOf give, at every piece size', () => {
    const v = sameVerdicts(text);
    expect(v).toMatchObject({ json: true, shape: null });
    if (v.json && !v.shape) expect(v.integrity).toBe(JSON.parse(text).integrity);
  });

  it('re-indented, re-ordered, with a BOM, CRLF line ends or all on one line: the same package, and the CLI says it matches', async () => {
    const pkg = JSON.parse(text);
    const variants = [
      JSON.stringify(reordered(pkg), null, '\t'),
      JSON.stringify(pkg),
      `\uFEFF${text}`,
      text.replace(/\n/g, '\r\n'),
      ` \n\t${JSON.stringify(reordered(pkg), null, 7)}\r\n  `,
    ];
    for (const body of variants) {
      const v = sameVerdicts(body, SIZES.slice(2));
      expect(v).toMatchObject({ json: true, shape: null, integrity: pkg.integrity });
      const r = await draw(['--json', 'replay', '--package', fileOf(body)]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ match: true, source: 'package' });
    }
  }, 60_000);

  it('a member given twice counts as JSON.parse counts it: the last one', () => {
    const pkg = JSON.parse(text);
    const inner = text.slice(1, text.lastIndexOf('}'));
    // the first copy of snapshots and of expected emptied, the package's own after them
    const body = `{"snapshots": {"subjects": "x\\n", "inspectors": 1}, "expected": {"sheets": [1, 2]}, ${inner}}`;
    expect(sameVerdicts(body)).toMatchObject({ json: true, shape: null, integrity: pkg.integrity });
    // and the other way round: the package's own first, then a wrong one
    const wrong = `{${inner}, "snapshots": {"subjects": 5}}`;
    expect(sameVerdicts(wrong)).toEqual({ json: true, shape: 'snapshots.subjects string' });
  });

  it('a changed sheet, subject line, strata table or small member changes the hash as it does whole, and the CLI reports it (exit 4)', async () => {
    const pkg = JSON.parse(text);
    const changes: [string, (p: ReplayPackage) => void, string][] = [
      ['a sheet', (p) => { p.expected.sheets[2]!.inspectors.reverse(); }, 'sheet'],
      ['a subject line', (p) => { const lines = p.snapshots.subjects.split('\n'); lines[5] = lines[5]!.replace(/\t[^\t]*/, '\tD'); p.snapshots.subjects = lines.join('\n'); }, 'snapshot'],
      ['the strata table', (p) => { p.expected.strata[0]!.drawn += 1; }, 'stratum'],
      ['a small member', (p) => { p.draw.drawnAt = '2022-04-01T02:00:01.000Z'; }, 'integrity'],
    ];
    for (const [what, change, difference] of changes) {
      const p = structuredClone(pkg);
      change(p);
      const body = JSON.stringify(p, null, 1);
      const v = sameVerdicts(body, SIZES.slice(3));
      expect(v, what).toMatchObject({ json: true, shape: null });
      if (v.json && !v.shape) expect(v.integrity, what).not.toBe(pkg.integrity);
      const r = await draw(['--json', 'replay', '--package', fileOf(body)]);
      expect(r.code, what).toBe(4);
      const found = JSON.parse(r.stdout).differences.map((d: { what: string }) => d.what);
      expect(found, what).toContain('integrity');
      expect(found, what).toContain(difference);
      // resealed, the integrity holds and the difference is still found
      if (difference !== 'integrity') {
        const again = await draw(['--json', 'replay', '--package', fileOf(reseal(p))]);
        expect(again.code, what).toBe(4);
        const differences = JSON.parse(again.stdout).differences.map((d: { what: string }) => d.what);
        expect(differences, what).toContain(difference);
        expect(differences, what).not.toContain('integrity');
      }
    }
  }, 60_000);

  it('non-ASCII text, escapes and surrogate pairs in the snapshot, split at every byte: decoded and hashed as whole', () => {
    const pkg = JSON.parse(text);
    const lines = pkg.snapshots.subjects.split('\n');
    lines[1] = `${lines[1]}测试😀`;
    lines[2] = `${lines[2]}\u2028\u007f`;
    const p = { ...pkg, snapshots: { ...pkg.snapshots, subjects: lines.join('\n') } };
    const raw = JSON.stringify(p, null, 1);
    // the same text escaped as an editor might: \u escapes (a surrogate pair as two), \/ and a lone surrogate
    const escapedText = raw.replace('测试😀', '\\u6d4b\\u8bd5\\ud83d\\ude00').replace('\u2028', '\\u2028\\/').replace('\u007f', '\\ud800');
    const smallest = [{ piece: 1, cutEvery: 1 }, { piece: 2, cutEvery: 2 }, { piece: 3, cutEvery: 3 }, { piece: 5, cutEvery: 4 }, { piece: 11, cutEvery: 9 }];
    for (const body of [raw, escapedText]) expect(sameVerdicts(body, smallest)).toMatchObject({ json: true, shape: null });
    // bytes that are not UTF-8 read as U+FFFD, as readFileSync read them
    const bytes = Buffer.from(raw);
    const at = bytes.indexOf(Buffer.from('测试'));
    const broken = Buffer.concat([bytes.subarray(0, at + 1), Buffer.from([0xff]), bytes.subarray(at + 4)]);
    expect(sameVerdicts(broken, smallest)).toMatchObject({ json: true, shape: null });
  });

  it('malformed anywhere (cut short, a bad escape, a control character, trailing text, a bad number or word): not JSON, at every piece size', () => {
    const inSubjects = text.indexOf('\\t', text.indexOf('"subjects"'));
    const inSheets = text.indexOf('"key"', text.indexOf('"sheets"'));
    const bad = [
      text.slice(0, inSubjects + 1), // cut inside an escape of the snapshot
      text.slice(0, inSubjects + 20), // inside the snapshot
      text.slice(0, inSheets + 3), // inside a sheet
      text.slice(0, -1), text.slice(0, 1), '', '\uFEFF', ' ',
      `${text.slice(0, inSubjects)}\\q${text.slice(inSubjects + 2)}`, // a bad escape
      `${text.slice(0, inSubjects)}\\u12g4${text.slice(inSubjects + 2)}`, // a bad \u escape
      `${text.slice(0, inSubjects)}\t${text.slice(inSubjects + 2)}`, // a raw TAB in a string
      `${text}x`, `${text}{}`, `${text},`,
      text.replace('"id": 1', '"id": 01'), text.replace('"id": 1', '"id": 1.'), text.replace('"id": 1', '"id": -'), text.replace('"id": 1', '"id": 1e'),
      text.replace('"id": 1', '"id": tru'), text.replace('"id": 1', '"id": nul'),
      text.replace('"format"', '"format" "x"'), text.replace(/,\n "tool"/, ',,\n "tool"'), text.replace(/\n}$/, ',\n}'),
      text.replace('"sheets": [', '"sheets": [,'), `[${text}`, `${text}]`, `\uFEFF\uFEFF${text}`,
    ];
    for (const body of bad) expect(sameVerdicts(body, SIZES.slice(0, 5).concat([{}])), JSON.stringify(body.slice(-40))).toEqual({ json: false });
  });

  it('on the command line: not JSON is exit 2 naming the file, line and column, in Chinese and English; a folder or a missing file is exit 2', async () => {
    const cut = fileOf(text.slice(0, text.indexOf('"sheets"') + 40));
    const line = text.slice(0, text.indexOf('"sheets"') + 40).split('\n').length;
    const zh = await draw(['replay', '--package', cut]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(cut);
    expect(zh.stderr).toMatch(new RegExp(`不是有效的复核包（JSON 无法解析：[A-Za-z ]+，在第 ${line} 行第 \\d+ 列（第 \\d+ 字节）`));
    const en = await draw(['--lang', 'en', 'replay', '--package', fileOf(`${text}\n}`)]);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(new RegExp(`Unexpected non-whitespace character after JSON \\('}'\\) at line ${text.split('\n').length + 1} column 1 `));
    for (const path of [work, join(work, 'missing.json')]) {
      const r = await draw(['replay', '--package', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('JSON that is not a package: the same field named as packageShapeProblem names it, too deep included', () => {
    const pkg = JSON.parse(text);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    const cases: [unknown, string][] = [
      [[pkg], '(root) object'], ['x', '(root) object'], [null, '(root) object'],
      [{ ...pkg, expected: { ...pkg.expected, sheets: [...pkg.expected.sheets.slice(0, 3), { ...pkg.expected.sheets[3], key: 5 }] } }, 'expected.sheets[3].key string'],
      [{ ...pkg, expected: { ...pkg.expected, sheets: 'none' } }, 'expected.sheets array'],
      [{ ...pkg, snapshots: { ...pkg.snapshots, subjects: [1] } }, 'snapshots.subjects string'],
      // a sheet wrong and a later member wrong: the sheet, as zod orders them; an earlier member wrong: that one
      [{ ...pkg, replacements: 5, expected: { ...pkg.expected, sheets: [{ ...pkg.expected.sheets[0], number: 'x' }] } }, 'expected.sheets[0].number number'],
      [{ ...pkg, tool: 5, expected: { ...pkg.expected, sheets: [{ ...pkg.expected.sheets[0], number: 'x' }] } }, 'tool string'],
      [{ ...pkg, replacements: 5 }, 'replacements array'],
      [{ ...pkg, extra: deep }, 'extra depth ≤ 32'],
      [{ ...pkg, expected: { ...pkg.expected, sheets: [{ ...pkg.expected.sheets[0], x: deep }] } }, 'expected depth ≤ 32'],
    ];
    for (const [value, shape] of cases) expect(sameVerdicts(JSON.stringify(value, null, 1), SIZES.slice(3)), shape).toEqual({ json: true, shape });
  });

  it('sheets out of number order, and members unknown to the schema, are read and hashed as whole', async () => {
    const pkg = JSON.parse(text);
    const swapped = { ...pkg, note: { 文: '注' }, expected: { ...pkg.expected, sheets: [pkg.expected.sheets[1], pkg.expected.sheets[0], ...pkg.expected.sheets.slice(2)].map((s: object) => ({ ...s, extra: true })) } };
    const body = reseal(swapped);
    expect(sameVerdicts(body, SIZES.slice(3))).toMatchObject({ json: true, shape: null });
    // a member holding the text the hash stands in for the snapshot and the sheets: hashed whole, the same hash
    const colliding = reseal({ ...pkg, x: ['\u0000subjects snapshot\u0000', '\u0000expected sheets\u0000'] });
    expect(sameVerdicts(colliding, SIZES.slice(4))).toMatchObject({ json: true, shape: null, integrity: JSON.parse(colliding).integrity });
    // compared by number, as the whole package was: the same sheets, so a match
    const r = await draw(['--json', 'replay', '--package', fileOf(body)]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('a package written to or replaced between its reads is refused, naming the file (exit 2), never read half old, half new', () => {
    const opened = (file: string) => {
      const r = readPackageFile(file);
      if (r.problem !== null) throw new Error(r.problem);
      return r.parts;
    };
    const refused = (f: () => unknown, file: string) => {
      try { f(); } catch (error) {
        expect(error).toMatchObject({ exitCode: 2, key: 'replay.packageChanged', params: { file } });
        return;
      }
      throw new Error('read on');
    };
    // appended to after the layout was read: the sheets, the members and the last check all see it
    const grown = fileOf(text);
    const a = opened(grown);
    writeFileSync(grown, `${text} `);
    refused(() => [...a.sheets!.pages()], grown);
    refused(() => a.skeleton(), grown);
    refused(() => a.stillSame(), grown);
    // the same bytes written again (a new modification time) while its sheets were being read
    const rewritten = fileOf(text);
    const b = opened(rewritten);
    const pages = b.sheets!.pages()[Symbol.iterator]();
    pages.next();
    writeFileSync(rewritten, text);
    // as a write a moment later stamps it (the kernel's clock ticks in milliseconds: within one tick the two would look alike)
    utimesSync(rewritten, new Date(), new Date(Date.now() + 2000));
    refused(() => b.stillSame(), rewritten);
    // untouched: nothing to say
    const kept = fileOf(text);
    const c = opened(kept);
    expect([...c.sheets!.pages()].flat().length).toBe(c.sheets!.count);
    expect(() => c.stillSame()).not.toThrow();
  });

  it('random bytes changed: the same verdict as JSON.parse, at small pieces', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
    const bytes = Buffer.from(text);
    const alphabet = Buffer.from('"\\{}[],:0 \nu-.etfn\u00e9');
    for (let k = 0; k < 60; k++) {
      const b = Buffer.from(bytes);
      for (let c = 0; c < 1 + Math.floor(random() * 3); c++) b[Math.floor(random() * b.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
      sameVerdicts(b, [{ piece: 3, cutEvery: 5, pageSheets: 2 }, { piece: 97, cutEvery: 61 }]);
    }
  });
});
