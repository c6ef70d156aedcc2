// The draw ceremony (issue 13): commitment with a declared seed source, seed parts and witnesses at
// the draw, the one-step draw refused unless the office allows it, the least time between
// commitment and seed, and the replay re-deriving a seed from its parts. Real SQLite files, the
// built CLI where an exit code is asserted.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countyDb, drawProcess, onDay, readCsvText, sqlite, type Db } from './helpers.js';
import { combineSeedParts } from '../src/core/ceremony.js';
import { integrityOf } from '../src/core/package.js';

const PLAN = ['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ,STHJ', '--items', 'all',
  '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const ONE_STEP_WARNING = '注意：本次抽取一步完成，种子不是在公开承诺之后选定的';
const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
/** The built bin/draw on the test's database, in its own process: the exit code as the shell sees it. */
const cli = (t: Db, args: string[], lang?: string) => drawProcess(['--db', t.db, ...(lang ? ['--lang', lang] : []), ...args]);
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

// ---- an independent implementation of docs/ALGORITHM.md §19, written from its text alone ----
const DOC = readFileSync(fileURLToPath(new URL('../docs/ALGORITHM.md', import.meta.url)), 'utf8');
function docBlock(tag: string): string {
  const m = new RegExp('```(?:json|text) ' + tag + '\\n([\\s\\S]*?)\\n```').exec(DOC);
  if (!m) throw new Error(`docs/ALGORITHM.md has no block tagged ${tag}`);
  return m[1]!;
}
/** "A string is the unsigned 32-bit big-endian length in bytes of its UTF-8 encoding followed by those bytes." */
function docString(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  const n = bytes.length;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...bytes];
}
/** Sorted by the names' UTF-8 bytes; the label, the count, then name and value of each. */
function docSeedBytes(parts: { name: string; value: string }[]): Buffer {
  const utf8 = (s: string) => Buffer.from(new TextEncoder().encode(s));
  const sorted = [...parts].sort((a, b) => Buffer.compare(utf8(a.name), utf8(b.name)));
  const n = sorted.length;
  return Buffer.from([...docString('draw-seed-parts/1'), (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255,
    ...sorted.flatMap((p) => [...docString(p.name), ...docString(p.value)])]);
}
const docSeed = (parts: { name: string; value: string }[]) => sha256(docSeedBytes(parts));

describe('docs/ALGORITHM.md §19: the seed-part combination', () => {
  it('the worked example: the bytes, the party\'s hash and the seed as the document prints them, and the code agrees', () => {
    const parts = JSON.parse(docBlock('seed-parts-input')) as { name: string; value: string }[];
    const bytes = docBlock('seed-parts-bytes').split(/\s+/).filter(Boolean).join('');
    expect(docSeedBytes(parts).toString('hex')).toBe(bytes);
    expect(bytes.length / 2).toBe(81);
    expect(sha256(Buffer.from('73915', 'utf8'))).toBe(docBlock('seed-parts-party-hash').trim());
    expect(docSeed(parts)).toBe(docBlock('seed-parts-seed').trim());
    expect(combineSeedParts(parts)).toBe(docBlock('seed-parts-seed').trim());
    // the order typed does not matter
    expect(combineSeedParts([...parts].reverse())).toBe(combineSeedParts(parts));
  });

  it('is unambiguous: parts that concatenate alike, or a name moved into a value, give different seeds', () => {
    const seeds = [
      [{ name: 'ab', value: 'c' }], [{ name: 'a', value: 'bc' }],
      [{ name: 'a', value: 'b' }, { name: 'c', value: 'd' }], [{ name: 'a', value: 'bcd' }],
      [{ name: 'a', value: '=b' }], [{ name: 'a=', value: 'b' }],
      // 𠀀 (U+20000) is a surrogate pair in UTF-16 and sorts after U+FFFD only in UTF-8 order
      [{ name: '\uFFFD', value: '1' }, { name: '𠀀', value: '2' }],
    ].map((p) => combineSeedParts(p));
    expect(new Set(seeds).size).toBe(seeds.length);
    // the code sorts as the document says (UTF-8 bytes), not as JavaScript compares strings
    const astral = [{ name: '𠀀', value: '2' }, { name: '\uFFFD', value: '1' }];
    expect(combineSeedParts(astral)).toBe(docSeed(astral));
  });
});

async function planned(): Promise<Db> {
  const t = countyDb();
  expect((await t.run(PLAN)).code).toBe(0);
  return t;
}
const actions = (t: Db) => sqlite(t.db, "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE action LIKE 'draw.%' ORDER BY seq)");

describe('a one-step `draw run --seed`', () => {
  it('is refused by default (exit 5) in both languages with the hint to commit first; nothing is drawn, the attempt is logged', async () => {
    const t = await planned();
    const zh = cli(t, ['run', '2022-001', '--seed', '2022-04-01 公开摇号 73915']);
    expect(zh.code).toBe(5);
    expect(zh.stderr).toContain('计划 2022-001 还没有公布的承诺');
    expect(zh.stderr).toContain('draw run 2022-001 --commit-only --seed-source');
    const en = cli(t, ['run', '2022-001', '--seed', 'x'], 'en');
    expect(en.code).toBe(5);
    expect(en.stderr).toContain('plan 2022-001 has no published commitment');
    // a bare run (the seed would be generated) is one step too
    expect(cli(t, ['run', '2022-001']).code).toBe(5);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
    expect(actions(t)).toBe('draw.refused,draw.refused,draw.refused');
    expect(sqlite(t.db, "SELECT DISTINCT json_extract(detail, '$.reason') FROM audit_log WHERE action = 'draw.refused'")).toBe('run.oneStepRefused');
    expect(cli(t, ['audit', 'verify']).code).toBe(0);
  });

  it('allowed by the office\'s setting, is recorded as one step, and every paper of the draw says the seed was not chosen after a published commitment', async () => {
    const t = await planned();
    expect(cli(t, ['config', 'one_step_draw', '1']).code).toBe(0);
    const drawn = json(cli(t, ['--json', 'run', '2022-001', '--seed', '一步', '--witness', '张三:办公室']));
    expect(drawn.ceremony).toEqual({ parts: [], witnesses: [{ name: '张三', role: '办公室' }], oneStep: true });
    const shown = cli(t, ['show', 'draw', '1']);
    expect(shown.stdout).toContain('注意：一步抽取，种子不是在公开承诺之后选定的');
    const cert = drawn.sheets[2].inspectors[0].certificate;
    expect(cli(t, ['replace', '1/3', '--inspector', cert, '--reason', '回避', '--approved-by', '王局长']).code, 'replace').toBe(0);
    const out = t.dir;
    for (const args of [['export', 'sheets', '1', '--out', out], ['export', 'sheets', '1', '--out', out, '--format', 'csv'], ['export', 'drawn', '1', '--out', join(out, 'drawn.csv')],
      ['export', 'replacements', '--year', '2022', '--out', join(out, 'repl.html')], ['export', 'replacements', '--year', '2022', '--out', join(out, 'repl.csv')]]) {
      expect(cli(t, args).code, args.join(' ')).toBe(0);
    }
    // the HTML sheets: on every sheet, not once per file
    const html = readFileSync(join(out, 'sheets-1.html'), 'utf8');
    expect(html.split(ONE_STEP_WARNING).length - 1).toBe(html.split('<section class="sheet">').length - 1);
    expect(readFileSync(join(out, 'repl.html'), 'utf8')).toContain(ONE_STEP_WARNING);
    // the CSV papers: on every row
    for (const file of ['sheets-1.csv', 'drawn.csv', 'repl.csv']) {
      const [header, ...rows] = readCsvText(readFileSync(join(out, file), 'utf8')).filter((r) => r.length > 1);
      const col = header!.indexOf('抽取过程');
      expect(col, file).toBeGreaterThan(-1);
      expect(rows.length, file).toBeGreaterThan(0);
      for (const r of rows) expect(r[col], file).toContain(ONE_STEP_WARNING);
    }
  });
});

describe('a ceremony with two parties and witnesses', () => {
  const office = { name: '县双随机办', value: '4 1 6 2 5' };
  const commission = { name: '县纪委 监委', value: '73915=封存' };
  const declare = (t: Db) => cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方各给一个分量',
    '--party', office.name, '--party', `${commission.name}=${sha256(commission.value).toUpperCase()}`]);

  it('draws with the seed the document\'s rule makes of the parts, and records times, source, parts and witnesses everywhere', async () => {
    const t = await planned();
    const c = json(declare(t));
    expect(c.seedDeclaration).toEqual({ source: '两方各给一个分量', parties: [{ name: office.name }, { name: commission.name, sha256: sha256(commission.value) }] });
    const d = json(cli(t, ['--json', 'run', '2022-001', '--seed-part', `${commission.name}=${commission.value}`, '--seed-part', `${office.name}=${office.value}`,
      '--witness', '王五:县纪委监委', '--witness', '赵六']));
    expect(d.seed).toBe(docSeed([office, commission]));
    expect(d.ceremony).toEqual({ parts: [commission, office], witnesses: [{ name: '王五', role: '县纪委监委' }, { name: '赵六', role: '' }], oneStep: false });
    // logged: the declaration with the commitment, before the seed; the parts and witnesses with the draw
    const commit = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.commit'"));
    const run = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.run'"));
    expect(commit.seedDeclaration).toEqual(c.seedDeclaration);
    expect(run.ceremony).toEqual(d.ceremony);
    expect(run.seed).toBe(d.seed);
    // show draw: both times, the source, the parts and the witnesses
    const shown = cli(t, ['show', 'draw', '1']);
    for (const text of [c.committedAt, d.drawnAt, '两方各给一个分量', `${office.name}=${office.value}`, '王五（县纪委监委）', '赵六']) expect(shown.stdout).toContain(text);
    expect(shown.stdout).not.toContain('一步抽取');
    const view = json(cli(t, ['--json', 'show', 'draw', '1']));
    expect([view.committedAt, view.drawnAt, view.seedDeclaration, view.ceremony]).toEqual([c.committedAt, d.drawnAt, c.seedDeclaration, d.ceremony]);
    // the package and a paper
    const pkg = join(t.dir, 'p.json');
    expect(cli(t, ['export', 'package', '1', '--out', pkg]).code).toBe(0);
    const p = JSON.parse(readFileSync(pkg, 'utf8'));
    expect([p.draw.seedDeclaration, p.draw.ceremony, p.draw.committedAt]).toEqual([c.seedDeclaration, d.ceremony, c.committedAt]);
    expect(cli(t, ['export', 'sheets', '1', '--out', t.dir]).code).toBe(0);
    const html = readFileSync(join(t.dir, 'sheets-1.html'), 'utf8');
    expect(html).toContain(`承诺：${c.committedAt}；抽取：${d.drawnAt}；种子来源：两方各给一个分量`);
    expect(html).not.toContain(ONE_STEP_WARNING);
    expect(cli(t, ['replay', '1']).code).toBe(0);
    expect(cli(t, ['replay', '--package', pkg]).code).toBe(0);
  });

  it('refuses parts that do not match the declaration (a committed hash, a missing or an extra party), exit 5, logged, nothing drawn', async () => {
    const t = await planned();
    json(declare(t));
    const wrong = cli(t, ['run', '2022-001', '--seed-part', `${commission.name}=73916=封存`, '--seed-part', `${office.name}=${office.value}`]);
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain(`“${commission.name}”的分量与其事先公布的哈希不符：公布的是 ${sha256(commission.value)}`);
    const en = cli(t, ['run', '2022-001', '--seed-part', `${office.name}=${office.value}`, '--seed-part', `某人=1`], 'en');
    expect(en.code).toBe(5);
    expect(en.stderr).toContain(`the part of "${commission.name}" is missing`);
    expect(en.stderr).toContain('"某人" is not a party declared at commitment');
    // a seed given whole where parts were declared
    expect(cli(t, ['run', '2022-001', '--seed', 'x']).code).toBe(5);
    expect(sqlite(t.db, 'SELECT status FROM draws')).toBe('committed');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM sheets')).toBe('0');
    expect(actions(t)).toBe('draw.commit,draw.refused,draw.refused,draw.refused');
    expect(sqlite(t.db, "SELECT group_concat(json_extract(detail, '$.reason'), ',') FROM audit_log WHERE action = 'draw.refused'")).toBe('run.badParts,run.badParts,run.partsExpected');
    // a declaration is required at commitment (a usage error, before anything is written)
    const u = await planned();
    const bare = cli(u, ['run', '2022-001', '--commit-only']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('承诺时须声明种子的来源');
    expect(sqlite(u.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
  });
});

describe('seed_delay_minutes', () => {
  it('refuses a seed given sooner than the setting after the commitment (exit 5), and takes it after', async () => {
    const t = await planned();
    expect(cli(t, ['config', 'seed_delay_minutes', '30']).code).toBe(0);
    const c = await onDay('2022-04-01T02:00:00Z', () => t.run(['--json', 'run', '2022-001', '--commit-only', '--seed-source', '现场掷骰二十位']));
    expect(JSON.parse(c.stdout).seedNotBefore).toEqual({ at: '2022-04-01T02:30:00.000Z', minutes: 30 });
    const early = await onDay('2022-04-01T02:29:59Z', () => t.run(['run', '2022-001', '--seed', '20 位骰子']));
    expect(early.code).toBe(5);
    expect(early.stderr).toContain('最早在承诺后 30 分钟给出（承诺于 2022-04-01T02:00:00.000Z，最早 2022-04-01T02:30:00.000Z）');
    // now, in a process at the real time, long after: drawn
    expect(cli(t, ['run', '2022-001', '--seed', '20 位骰子']).code).toBe(0);
    // a one-step draw has no time between: refused with a delay set, even where the office allows one step
    const u = await planned();
    expect(cli(u, ['config', 'one_step_draw', '1']).code).toBe(0);
    expect(cli(u, ['config', 'seed_delay_minutes', '5']).code).toBe(0);
    expect(cli(u, ['run', '2022-001', '--seed', 'x']).code).toBe(5);
    expect(sqlite(u.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
  });
});

describe('the replay re-derives the seed from its parts', () => {
  it('catches a part changed in the database or in a resealed package (exit 4)', async () => {
    const t = await planned();
    json(cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲', '--party', '乙']));
    const d = json(cli(t, ['--json', 'run', '2022-001', '--seed-part', '甲=111', '--seed-part', '乙=222', '--witness', '丙']));
    const pkg = join(t.dir, 'p.json');
    expect(cli(t, ['export', 'package', '1', '--out', pkg]).code).toBe(0);
    // the package: one part changed and the integrity hash recomputed, so only the ceremony can tell
    const p = JSON.parse(readFileSync(pkg, 'utf8'));
    p.draw.ceremony.parts[0].value = '112';
    p.integrity = integrityOf(p);
    const forged = join(t.dir, 'forged.json');
    writeFileSync(forged, JSON.stringify(p));
    const fromPackage = cli(t, ['replay', '--package', forged]);
    expect(fromPackage.code).toBe(4);
    expect(fromPackage.stdout).toContain(`种子与其分量不符：按分量合成的种子是 ${docSeed([{ name: '甲', value: '112' }, { name: '乙', value: '222' }])}，记录的种子是 ${d.seed}`);
    expect(fromPackage.stdout).toContain('抽取程序记录（分量、见证人）与审计日志中抽取时的记载不符');
    // the database: the part changed behind the tool's back
    sqlite(t.db, "UPDATE draws SET ceremony = replace(ceremony, '\"111\"', '\"110\"')");
    const fromDb = cli(t, ['replay', '1']);
    expect(fromDb.code).toBe(4);
    expect(fromDb.stdout).toContain('种子与其分量不符');
    // a ceremony column that is no longer JSON is named, not trusted
    sqlite(t.db, "UPDATE draws SET ceremony = 'x'");
    expect(cli(t, ['replay', '1']).stdout).toContain('抽取的种子来源声明或抽取程序记录无法读取');
  });
});

describe('the replay holds the seed declaration to the commitment\'s log entry', () => {
  it('catches a party\'s published hash removed from the database before the draw, and a declaration changed in a resealed package (exit 4)', async () => {
    const t = await planned();
    const committed = sha256(Buffer.from('222', 'utf8'));
    json(cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲', '--party', `乙=${committed}`]));
    // the package of an honest draw, kept before any change
    const u = await planned();
    json(cli(u, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲', '--party', `乙=${committed}`]));
    json(cli(u, ['--json', 'run', '2022-001', '--seed-part', '甲=111', '--seed-part', '乙=222']));
    const pkg = join(u.dir, 'p.json');
    expect(cli(u, ['export', 'package', '1', '--out', pkg]).code).toBe(0);
    expect(cli(u, ['replay', '--package', pkg]).code).toBe(0);
    const p = JSON.parse(readFileSync(pkg, 'utf8'));
    p.draw.seedDeclaration.source = '现场掷骰';
    p.integrity = integrityOf(p);
    const forged = join(u.dir, 'forged.json');
    writeFileSync(forged, JSON.stringify(p));
    const fromPackage = cli(u, ['replay', '--package', forged]);
    expect(fromPackage.code).toBe(4);
    expect(fromPackage.stdout).toContain('种子来源声明与审计日志中承诺时的记载不符');
    // the database: 乙's committed hash dropped from the row, so that 乙 may give any part it likes
    sqlite(t.db, `UPDATE draws SET seed_declaration = replace(seed_declaration, ',"sha256":"${committed}"', '')`);
    json(cli(t, ['--json', 'run', '2022-001', '--seed-part', '甲=111', '--seed-part', '乙=999']));
    const fromDb = cli(t, ['replay', '1']);
    expect(fromDb.code).toBe(4);
    expect(fromDb.stdout).toContain('种子来源声明与审计日志中承诺时的记载不符');
    expect(cli(t, ['--lang', 'en', 'replay', '1']).stdout).toContain('the seed declaration does not match the audit log\'s entry of the commitment');
  });
});

describe('audit verify holds the draw row\'s ceremony columns to the log', () => {
  it('names seed_declaration and ceremony edited behind the tool\'s back (exit 4), and passes the untouched draw', async () => {
    const t = await planned();
    json(cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲', '--party', '乙']));
    expect(cli(t, ['audit', 'verify']).code).toBe(0);
    const declared = sqlite(t.db, 'SELECT seed_declaration FROM draws WHERE id = 1');
    sqlite(t.db, "UPDATE draws SET seed_declaration = replace(seed_declaration, '两方', '三方')");
    const edited = cli(t, ['audit', 'verify']);
    expect(edited.code).toBe(4);
    expect(edited.stdout + edited.stderr).toContain('draws 表的记录 1 与审计日志第');
    expect(edited.stdout + edited.stderr).toContain('（seed_declaration）');
    sqlite(t.db, `UPDATE draws SET seed_declaration = '${declared}'`);
    json(cli(t, ['--json', 'run', '2022-001', '--seed-part', '甲=111', '--seed-part', '乙=222', '--witness', '丙:群众代表']));
    expect(cli(t, ['audit', 'verify']).code).toBe(0);
    sqlite(t.db, "UPDATE draws SET ceremony = replace(ceremony, '群众代表', '县纪委监委')");
    const witness = cli(t, ['audit', 'verify']);
    expect(witness.code).toBe(4);
    expect(witness.stdout + witness.stderr).toContain('（ceremony）');
  });
});

describe('the ceremony\'s texts are refused when argv held bytes that are not UTF-8', () => {
  it('--seed-source, --party and --witness with such bytes: exit 2 naming the flag, in both languages; nothing committed or drawn', async () => {
    const t = await planned();
    // Node decodes argv as UTF-8 and turns a byte that is not UTF-8 into U+FFFD: what the tool sees is typed here
    const source = cli(t, ['run', '2022-001', '--commit-only', '--seed-source', 's\uFFFDe']);
    expect(source.code).toBe(2);
    expect(source.stderr).toContain('--seed-source 的值“s\uFFFDe”含无法识别的字符');
    const party = cli(t, ['--lang', 'en', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲\uFFFD']);
    expect(party.code).toBe(2);
    expect(party.stderr).toContain('--party: "甲\uFFFD" holds a character that is not valid text');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
    json(cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '现场掷骰']));
    const witness = cli(t, ['run', '2022-001', '--seed', '12345', '--witness', '王\uFFFD:纪委']);
    expect(witness.code).toBe(2);
    expect(witness.stderr).toContain('--witness 的值“王\uFFFD:纪委”含无法识别的字符');
    expect(sqlite(t.db, "SELECT status FROM draws")).toBe('committed');
  });
});

describe('a one-step draw where a seed delay is set', () => {
  it('is refused (exit 5) saying why and what to do, in both languages, not with a commitment time of "-"', async () => {
    const u = await planned();
    expect(cli(u, ['config', 'one_step_draw', '1']).code).toBe(0);
    expect(cli(u, ['config', 'seed_delay_minutes', '5']).code).toBe(0);
    const zhRun = cli(u, ['run', '2022-001', '--seed', 'x']);
    expect(zhRun.code).toBe(5);
    expect(zhRun.stderr).toContain('计划 2022-001 还没有承诺：本办设定种子须在承诺后至少 5 分钟给出（seed_delay_minutes），一步抽取做不到');
    expect(zhRun.stderr).toContain('draw run 2022-001 --commit-only --seed-source');
    expect(zhRun.stderr).not.toContain('承诺于 -');
    const enRun = cli(u, ['run', '2022-001', '--seed', 'x'], 'en');
    expect(enRun.code).toBe(5);
    expect(enRun.stderr).toContain('plan 2022-001 has no commitment yet: the office gives the seed at least 5 minutes after the commitment (seed_delay_minutes), which one step cannot do');
    expect(sqlite(u.db, 'SELECT COUNT(*) FROM draws')).toBe('0');
  });
});

describe('the replay does not take a ceremony record emptied behind the tool\'s back as that of a draw made before issue 13', () => {
  it('a ceremony column set to NULL on a draw whose run entry records parts and witnesses: exit 4', async () => {
    const t = await planned();
    json(cli(t, ['--json', 'run', '2022-001', '--commit-only', '--seed-source', '两方', '--party', '甲', '--party', '乙']));
    json(cli(t, ['--json', 'run', '2022-001', '--seed-part', '甲=111', '--seed-part', '乙=222', '--witness', '丙']));
    expect(cli(t, ['replay', '1']).code).toBe(0);
    sqlite(t.db, 'UPDATE draws SET ceremony = NULL');
    const r = cli(t, ['replay', '1']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('抽取程序记录（分量、见证人）与审计日志中抽取时的记载不符');
  });
});
