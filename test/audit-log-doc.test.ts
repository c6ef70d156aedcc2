// Keeps docs/AUDIT-LOG.md honest.
//
// 1. An implementation of canonical JSON, of D and of the entry hash written from the document
//    alone (test/reference/audit-log.ts: its own escaping, its own key order, node:crypto for
//    SHA-256 and nothing of src/):
//    it must give the document's bytes and hashes, and agree with the code on random values.
// 2. Every example is also checked against the code (src/core/canonical.ts, audit-chain.ts).
// 3. The members the document lists for each entry are the ones the tool writes today: a real
//    draw is made, replaced and confirmed, and its entries' members compared with the tables.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import { digestOf, entryHash, hashedDetail } from '../src/core/audit-chain.js';
import { PRIVATE_FIELDS } from '../src/core/audit-events.js';
import { ANCHOR_META } from '../src/io/anchor-meta.js';
import { zhPapers } from '../src/i18n/zh-papers.js';
import { enPapers } from '../src/i18n/en-papers.js';
import { countyDb, sqlite } from './helpers.js';
import { refB, refCanonical, refD, refHash, refKeyOrder, refSha, type Row } from './reference/audit-log.js';

const DOC = readFileSync(fileURLToPath(new URL('../docs/AUDIT-LOG.md', import.meta.url)), 'utf8');

function blocks(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of DOC.matchAll(new RegExp('```(?:json|text) ' + tag + '(?: (\\S+))?\\n([\\s\\S]*?)\\n```', 'g'))) out.set(m[1] ?? '', m[2]!);
  return out;
}
const one = (tag: string) => {
  const b = blocks(tag).get('');
  if (b === undefined) throw new Error(`docs/AUDIT-LOG.md has no block tagged ${tag}`);
  return b;
};

// ---------------------------------------------------------------------------
// From the document only (section 2, 3)

// The implementation from the document only: test/reference/audit-log.ts

// ---------------------------------------------------------------------------

describe('canonical JSON (section 2)', () => {
  const input = JSON.parse(one('canonical-input'));
  const expected = one('canonical-hex').replace(/\s+/g, '');

  it('the example\'s bytes are the code\'s and the document\'s', () => {
    expect(Buffer.from(canonicalJson(input), 'utf8').toString('hex')).toBe(expected);
    expect(Buffer.from(refCanonical(input), 'utf8').toString('hex')).toBe(expected);
  });

  it('the example exercises what an implementer could get wrong', () => {
    const keys = Object.keys(input);
    // UTF-16 order and code point order differ on its keys
    const byCodePoint = [...keys].sort((a, b) => ([...a][0]?.codePointAt(0) ?? -1) - ([...b][0]?.codePointAt(0) ?? -1));
    expect([...keys].sort(refKeyOrder)).not.toEqual(byCodePoint);
    const text = Buffer.from(expected, 'hex').toString('utf8');
    for (const s of ['\\u0000', '\\u000b', '\\u001f', '\\b', '\\t', '\\n', '\\f', '\\r', '\\ud800', '\\"', '\\\\', '1e+21', '\u007f', '\u2028', '/']) expect(text).toContain(s);
    expect(text).not.toContain('-0');
    expect(text.replace('\u2028', '')).not.toMatch(/\s/); // no whitespace but the U+2028 in a string
  });

  it('the implementation from the document agrees with the code on random values, lone surrogates and all', () => {
    const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) });
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constant(-0), units, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(units, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(fc.property(value, (v) => refCanonical(v) === canonicalJson(v)), { numRuns: 2000 });
  });
});

describe('the worked example (section 6)', () => {
  const rows = [...blocks('audit-entry').entries()].map(([seq, text]) => ({ seq: Number(seq), row: JSON.parse(text) as Row }));
  const ds = blocks('audit-d');
  const bs = blocks('audit-hashed');

  it('has the entries of a draw: commit, run, replacement, confirmation, in consecutive order', () => {
    expect(rows.map((r) => r.row.action)).toEqual(['draw.commit', 'draw.run', 'sheet.replace', 'draw.confirm']);
    for (const [i, r] of rows.entries()) {
      expect(r.row.seq).toBe(r.seq);
      if (i > 0) {
        expect(r.row.seq).toBe(rows[i - 1]!.row.seq + 1);
        expect(r.row.prev_hash).toBe(rows[i - 1]!.row.hash);
      }
    }
  });

  it.each(['draw.commit', 'draw.run', 'sheet.replace', 'draw.confirm'])('%s: detail, D, B and hash, by the code and from the document', (action) => {
    const { row: e } = rows.find((r) => r.row.action === action)!;
    // the stored detail is canonical
    expect(canonicalJson(JSON.parse(e.detail))).toBe(e.detail);
    expect(refCanonical(JSON.parse(e.detail))).toBe(e.detail);
    const d = ds.get(String(e.seq)) ?? e.detail;
    expect(ds.has(String(e.seq))).toBe(e.detail.includes('"private":'));
    expect(hashedDetail(e.detail)).toBe(d);
    expect(refD(e.detail)).toBe(d);
    const b = bs.get(String(e.seq));
    expect(b).toBeDefined();
    expect(canonicalJson({ seq: e.seq, at: e.at, operator: e.operator, action: e.action, detail: hashedDetail(e.detail) })).toBe(b);
    expect(refB(e)).toBe(b);
    expect(entryHash(e.prev_hash, e)).toBe(e.hash);
    expect(refHash(e)).toBe(e.hash);
    expect(refSha(`${e.prev_hash}\n${b}`)).toBe(e.hash);
  });

  it('D of details the tool never writes (hand-edited): section 3\'s steps, by the code and from the document', () => {
    const cases: [string, 'as stored' | 'redacted'][] = [
      ['{"note":"x","private" : ["note"]}', 'as stored'], // no `"private":` in the text: not parsed (step 1)
      ['{"note":"x","private":["note"]', 'as stored'], // not JSON
      ['["private":1]', 'as stored'],
      ['{"note":"x","private":"note"}', 'as stored'], // not an array of strings
      ['{"note":"x","private":["note",1]}', 'as stored'],
      ['{"a":{"private":["note"]},"note":"x"}', 'as stored'], // a nested `private` is no member of the detail
      ['{ "note": "x", "private":[] }', 'redacted'], // an empty list: re-written canonical, nothing replaced
      ['{"private":["note","note","gone"],"note":"x","note":"y"}', 'redacted'], // twice listed, absent, a repeated key
    ];
    for (const [detail, how] of cases) {
      expect(refD(detail), detail).toBe(hashedDetail(detail));
      expect(refD(detail) === detail, detail).toBe(how === 'as stored');
    }
    expect(JSON.parse(refD(cases[7]![0])).note).toEqual({ sha256: refSha('"y"') });
    expect(refD(cases[6]![0])).toBe('{"note":"x","private":[]}');
  });

  it('the digest of a private member that is not a string (audit-digest): of its canonical JSON, by the code and from the document', () => {
    const [value, sha] = one('audit-digest').split('\n').map((l) => l.replace(/^\S+\s+/, '')) as [string, string];
    const parsed = JSON.parse(value) as unknown;
    expect(Array.isArray(parsed)).toBe(true);
    expect(refCanonical(parsed)).toBe(value);
    expect(refSha(value)).toBe(sha);
    expect(digestOf(parsed)).toEqual({ sha256: sha });
    // as D sees it in a detail that lists it in `private`
    const detail = canonicalJson({ draw: 1, private: ['rejectionNotes'], rejectionNotes: parsed });
    expect(JSON.parse(hashedDetail(detail)).rejectionNotes).toEqual({ sha256: sha });
    expect(JSON.parse(refD(detail)).rejectionNotes).toEqual({ sha256: sha });
  });

  it('a redacted entry (the package\'s form) hashes as the full one, and a changed digest does not', () => {
    const { row: e } = rows.find((r) => r.row.action === 'sheet.replace')!;
    const redacted = { ...e, detail: ds.get(String(e.seq))! };
    expect(refHash(redacted)).toBe(e.hash);
    expect(entryHash(redacted.prev_hash, redacted)).toBe(e.hash);
    const changed = { ...e, detail: redacted.detail.replace(/"sha256":"(.)/, (_m, c: string) => `"sha256":"${c === '0' ? '1' : '0'}`) };
    expect(refHash(changed)).not.toBe(e.hash);
    expect(entryHash(changed.prev_hash, changed)).not.toBe(e.hash);
  });
});

/** The member names of the table under a section 4 heading (`**`action`**`), backticked in its first column. */
function documentedMembers(action: string): string[] {
  const at = DOC.indexOf(`**\`${action}\`**`);
  expect(at, `docs/AUDIT-LOG.md §4 describes ${action}`).toBeGreaterThan(0);
  const table = DOC.slice(at).split('\n\n')[1]!;
  return table.split('\n').slice(2).flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)).sort();
}

/**
 * The members of a nested object as the table of `action` spells them, in the first code span of
 * `member`'s row when it is an object or a list of objects (`{"a": …, "b": …}`, `[{"a", "b"}]`); null otherwise.
 */
function documentedNested(action: string, member: string): string[] | null {
  const table = DOC.slice(DOC.indexOf(`**\`${action}\`**`)).split('\n\n')[1]!;
  const row = table.split('\n').slice(2).find((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].some((m) => m[1] === member));
  const span = /`([^`]+)`/.exec(row!.split('|')[2]!)?.[1];
  if (!span || !/^\[?\{"/.test(span)) return null;
  return [...span.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]!).sort();
}

describe('the members of each entry (section 4) are the ones the tool writes', () => {
  it('a real draw, replacement, rejection with a substitute and confirmations, made now, write exactly the documented members', async () => {
    const t = countyDb();
    const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
    await ok(['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ', '--items', 'all',
      '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']);
    await ok(['run', '2022-001', '--commit-only', '--seed-source', '公开摇号']);
    const drawn = JSON.parse((await ok(['--json', 'run', '2022-001', '--seed', 'doc'])).stdout);
    const cert = drawn.sheets[0].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
    await ok(['replace', '1/1', '--inspector', cert, '--reason', '回避', '--approved-by', '王局长']);
    await ok(['confirm', '1', '--department', 'SWJ', '--note', '已通知']);
    // SCJG finds sheet 2's subject deregistered: the sheet is cancelled and a substitute comes in,
    // which SCJG confirms later (`again`)
    const rejected = JSON.parse((await ok(['--json', 'confirm', '1', '--department', 'SCJG', '--reject', '2=gone:已注销', '--note', '已比对'])).stdout);
    expect(rejected.substitutes).toHaveLength(1);
    await ok(['confirm', '1', '--department', 'SCJG']);
    for (const action of ['draw.commit', 'draw.run', 'sheet.replace', 'draw.confirm']) {
      const details = sqlite(t.db, `SELECT detail FROM audit_log WHERE action = '${action}' ORDER BY seq`).split('\n').map((d) => JSON.parse(d) as Record<string, unknown>);
      const doc = documentedMembers(action);
      // every member documented is written by one of the entries (`again` by a later confirmation only), and no other
      expect([...new Set(details.flatMap((d) => Object.keys(d)))].sort(), `${action}: update docs/AUDIT-LOG.md §4 and §6`).toEqual(doc);
      for (const d of details) expect(doc, action).toEqual(expect.arrayContaining(Object.keys(d)));
      // the members of the nested objects, where the table spells them out
      for (const member of doc) {
        const nested = documentedNested(action, member);
        if (nested === null) continue;
        const values = details.map((d) => d[member]).filter((v) => v !== undefined).flatMap((v) => (Array.isArray(v) ? v : [v]));
        expect(values.length, `${action}.${member}`).toBeGreaterThan(0);
        for (const v of values) expect(Object.keys(v as object).sort(), `${action}.${member}`).toEqual(nested);
      }
      // the worked example's members are documented (an older entry may have fewer: events gain members)
      const example = JSON.parse([...blocks('audit-entry').values()].map((x) => JSON.parse(x) as Row).find((r) => r.action === action)!.detail);
      expect(doc, action).toEqual(expect.arrayContaining(Object.keys(example)));
    }
    // the rejection's own nested members, and the substitute's team as pairs
    const confirm = JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'draw.confirm' AND detail LIKE '%\"cancels\":true%'"));
    expect(Object.keys(confirm.rejections[0].excluded).sort()).toEqual(['conflicts', 'inactive']);
    expect(confirm.rejections[0]).toMatchObject({ seq: 2, sheet: 2, reason: 'gone', cancels: true, substitute: confirm.substitutes[0].sheet });
    for (const pair of confirm.substitutes[0].team) expect(pair).toEqual([expect.any(String), expect.any(String)]);
    expect(confirm.rejectionNotes).toEqual(['已注销']);
    // the replacement's seq is the change seq, shared with the rejection that came after it
    expect(JSON.parse(sqlite(t.db, "SELECT detail FROM audit_log WHERE action = 'sheet.replace'")).seq).toBe(1);
    // and every entry of that log, init and imports included, checks by the document's rule
    const all = JSON.parse(sqlite(t.db, "SELECT json_group_array(json_object('seq',seq,'at',at,'operator',operator,'action',action,'detail',detail,'prev_hash',prev_hash,'hash',hash)) FROM (SELECT * FROM audit_log ORDER BY seq)")) as Row[];
    let prev = '0'.repeat(64);
    for (const e of all) {
      expect(e.prev_hash).toBe(prev);
      expect(refHash(e), `entry ${e.seq} (${e.action})`).toBe(e.hash);
      prev = e.hash;
    }
  });

  it('the private fields of section 3 are the code\'s', () => {
    const table = DOC.slice(DOC.indexOf('| action | `private` |')).split('\n\n')[0]!.split('\n').slice(2);
    const documented: Record<string, string[]> = {};
    for (const line of table) {
      const [, actions, fields] = line.split('|');
      // the fields written today: an "(older entries: …)" note is left out
      const today = fields!.replace(/\(older entries:[^)]*\)/, '');
      for (const a of actions!.matchAll(/`([^`]+)`/g)) documented[a[1]!] = [...today.matchAll(/"([^"]+)"|`([A-Za-z]+)`/g)].map((m) => m[1] ?? m[2]!).sort();
    }
    const code = Object.fromEntries(Object.entries(PRIVATE_FIELDS).map(([a, f]) => [a, [...f!].sort()]));
    expect(documented).toEqual(code);
  });
});

describe('anchors (section 5)', () => {
  it('names the meta tag and the column the papers carry', () => {
    expect(DOC).toContain(`<meta name="${ANCHOR_META}" content="SEQ:HASH">`);
    expect(DOC).toContain(`the column \`${zhPapers['paper.col.auditHead']}\` (\`${enPapers['paper.col.auditHead']}\`)`);
  });
});
