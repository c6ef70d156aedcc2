// Keeps docs/AUDIT-LOG.md honest.
//
// 1. An implementation of canonical JSON, of D and of the entry hash written from the document
//    alone (its own escaping, its own key order, node:crypto for SHA-256 and nothing of src/):
//    it must give the document's bytes and hashes, and agree with the code on random values.
// 2. Every example is also checked against the code (src/core/canonical.ts, audit-chain.ts).
// 3. The members the document lists for each entry are the ones the tool writes today: a real
//    draw is made, replaced and confirmed, and its entries' members compared with the tables.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical.js';
import { entryHash, hashedDetail } from '../src/core/audit-chain.js';
import { PRIVATE_FIELDS } from '../src/core/audit-events.js';
import { ANCHOR_META } from '../src/io/anchor-meta.js';
import { zhPapers } from '../src/i18n/zh-papers.js';
import { enPapers } from '../src/i18n/en-papers.js';
import { countyDb, sqlite } from './helpers.js';

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

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const SHORT: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };

function refString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (SHORT[u] !== undefined) out += SHORT[u];
    else if (u < 0x20) out += `\\u${hex4(u)}`;
    else if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += s[i]! + s[i + 1]!; i++; } else out += `\\u${hex4(u)}`;
    } else if (u >= 0xdc00 && u <= 0xdfff) out += `\\u${hex4(u)}`; // a low surrogate with no high one before it
    else out += s[i]!;
  }
  return out + '"';
}

/** Keys by UTF-16 code units, unsigned, the shorter first on a common prefix. */
function refKeyOrder(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
  return a.length - b.length;
}

function refNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('refused');
  // the integers of an entry (at most 2^53 − 1): their digits, `-` when negative, -0 as 0
  if (Number.isSafeInteger(n)) return (n < 0 ? '-' : '') + BigInt(Math.abs(n)).toString(10);
  return String(n); // any other number: ECMAScript Number::toString, as the document says
}

function refCanonical(v: unknown): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return refNumber(v);
  if (typeof v === 'string') return refString(v);
  if (Array.isArray(v)) return '[' + v.map(refCanonical).join(',') + ']';
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort(refKeyOrder);
  return '{' + keys.map((k) => refString(k) + ':' + refCanonical((v as Record<string, unknown>)[k])).join(',') + '}';
}

const refSha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

function refD(detail: string): string {
  let d: unknown;
  try { d = JSON.parse(detail); } catch { return detail; }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return detail;
  const o = d as Record<string, unknown>;
  if (!Array.isArray(o.private) || !o.private.every((f) => typeof f === 'string')) return detail;
  const isDigest = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 1 && typeof (x as { sha256?: unknown }).sha256 === 'string';
  const out = { ...o };
  for (const f of o.private as string[]) if (Object.hasOwn(out, f) && !isDigest(out[f])) out[f] = { sha256: refSha(refCanonical(out[f])) };
  return refCanonical(out);
}

type Row = { seq: number; at: string; operator: string; action: string; detail: string; prev_hash: string; hash: string };
const refB = (e: Row) => refCanonical({ action: e.action, at: e.at, detail: refD(e.detail), operator: e.operator, seq: e.seq });
const refHash = (e: Row) => refSha(`${e.prev_hash}\n${refB(e)}`);

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

describe('the members of each entry (section 4) are the ones the tool writes', () => {
  it('a real draw, replacement and confirmation, made now, write exactly the documented members', async () => {
    const t = countyDb();
    const ok = async (args: string[]) => { const r = await t.run(args); expect(r.code, r.stderr).toBe(0); return r; };
    await ok(['plan', '--year', '2022', '--name', '2022年第一批', '--departments', 'SCJG,SWJ', '--items', 'all',
      '--initiator', 'SCJG', '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input']);
    await ok(['run', '2022-001', '--commit-only']);
    const drawn = JSON.parse((await ok(['--json', 'run', '2022-001', '--seed', 'doc'])).stdout);
    const cert = drawn.sheets[0].inspectors.find((i: { department: string }) => i.department === 'SWJ').certificate;
    await ok(['replace', '1/1', '--inspector', cert, '--reason', '回避', '--approved-by', '王局长']);
    await ok(['confirm', '1', '--department', 'SWJ', '--note', '已通知']);
    for (const action of ['draw.commit', 'draw.run', 'sheet.replace', 'draw.confirm']) {
      const detail = JSON.parse(sqlite(t.db, `SELECT detail FROM audit_log WHERE action = '${action}'`));
      const doc = documentedMembers(action);
      expect(Object.keys(detail).sort(), `${action}: update docs/AUDIT-LOG.md §4 and §6`).toEqual(doc);
      // the worked example's members are documented (an older entry may have fewer: events gain members)
      const example = JSON.parse([...blocks('audit-entry').values()].map((x) => JSON.parse(x) as Row).find((r) => r.action === action)!.detail);
      expect(doc, action).toEqual(expect.arrayContaining(Object.keys(example)));
      // the entry checks by the document's rule
      const row = JSON.parse(sqlite(t.db, `SELECT json_object('seq',seq,'at',at,'operator',operator,'action',action,'detail',detail,'prev_hash',prev_hash,'hash',hash) FROM audit_log WHERE action = '${action}'`)) as Row;
      expect(refHash(row)).toBe(row.hash);
    }
    // and every entry of that log, init and imports included
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
