import { sha256Hex } from './canonical.js';
import { compareUtf8 } from './draw/order.js';
import { textProblem } from './draw/feasible.js';

/**
 * The draw ceremony (art. 15–17, issue 13): what the office declares at commitment about the seed,
 * what is recorded when the seed is given, the one rule that combines seed parts into the seed
 * (docs/ALGORITHM.md §19), and the checks of parts against the declared parties. Pure: the storing
 * is in store/draws.ts, the deciding what may be given when in app/seed-ceremony.ts.
 */

/** A party that gives one part of the seed; `sha256` is the hash of its part, when committed in advance. */
export interface SeedParty { name: string; sha256?: string }

/** Declared at commitment, before any seed exists, and printed on the commitment notice. */
export interface SeedDeclaration {
  /** in the office's words, e.g. "现场掷骰二十位" */
  source: string;
  /** named parties who each give a part; empty when the seed is given whole */
  parties: SeedParty[];
}

/** A seed part as given at the draw. */
export interface SeedPart { name: string; value: string }

/** A person present at the draw, by name and role. */
export interface Witness { name: string; role: string }

/** Recorded when the seed is given. */
export interface CeremonyRecord {
  /** the parts the seed was combined from (empty when given whole or generated) */
  parts: SeedPart[];
  witnesses: Witness[];
  /**
   * true when the seed was given in the same step as the commitment (`draw run --seed` without a
   * published commitment, allowed only by the office's setting): every paper of the draw says so
   */
  oneStep: boolean;
}


/**
 * The label that opens the bytes the seed parts are hashed over (docs/ALGORITHM.md, "Seed parts"):
 * a new label on any change of the rule, so that a seed says which rule made it.
 */
export const SEED_PARTS_RULE = 'draw-seed-parts/1';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Four bytes, big-endian: the length of what follows, so that no name or value can run into the next. */
function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The bytes the seed is the hash of: the rule's label as a length-prefixed UTF-8 string, then the
 * number of parts (four bytes, big-endian), then each part — sorted bytewise by the UTF-8 of its
 * name — as its name and its value, each length-prefixed UTF-8. Unambiguous for any names and
 * values: every string carries its own length.
 */
export function seedPartBytes(parts: readonly SeedPart[]): Buffer {
  const sorted = [...parts].sort((a, b) => compareUtf8(a.name, b.name));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(sorted.length);
  return Buffer.concat([lengthPrefixed(utf8(SEED_PARTS_RULE)), count, ...sorted.flatMap((p) => [lengthPrefixed(utf8(p.name)), lengthPrefixed(utf8(p.value))])]);
}

/** The seed the parts make: the lowercase hex SHA-256 of seedPartBytes (call after partProblems finds none). */
export function combineSeedParts(parts: readonly SeedPart[]): string {
  return sha256Hex(seedPartBytes(parts));
}

/** The hash a party commits to in advance: the lowercase hex SHA-256 of its part's UTF-8 bytes. */
export const partHash = (value: string): string => sha256Hex(utf8(value));

/** What is wrong with the parts given at a draw against the parties declared at commitment. */
export type PartProblem =
  | { problem: 'badName' | 'badValue'; name: string; reason: string }
  | { problem: 'duplicate'; name: string }
  | { problem: 'missing'; name: string }
  | { problem: 'unexpected'; name: string }
  | { problem: 'hash'; name: string; committed: string; found: string };

/**
 * The parts must be the declared parties' exactly: one part per party, no other, each name and
 * value a well-formed text without control characters (one UTF-8 encoding each), and a part whose
 * party committed a hash must hash to it. Every problem is reported, in the order of the parts
 * given, then the missing parties in declared order.
 */
export function partProblems(declared: readonly SeedParty[], parts: readonly SeedPart[]): PartProblem[] {
  const problems: PartProblem[] = [];
  const byName = new Map(declared.map((p) => [p.name, p]));
  const seen = new Set<string>();
  for (const part of parts) {
    const nameProblem = textProblem(part.name);
    if (nameProblem) { problems.push({ problem: 'badName', name: part.name, reason: nameProblem }); continue; }
    const valueProblem = textProblem(part.value);
    if (valueProblem) problems.push({ problem: 'badValue', name: part.name, reason: valueProblem });
    if (seen.has(part.name)) { problems.push({ problem: 'duplicate', name: part.name }); continue; }
    seen.add(part.name);
    const party = byName.get(part.name);
    if (!party) { problems.push({ problem: 'unexpected', name: part.name }); continue; }
    if (!valueProblem && party.sha256 !== undefined && partHash(part.value) !== party.sha256) {
      problems.push({ problem: 'hash', name: part.name, committed: party.sha256, found: partHash(part.value) });
    }
  }
  for (const party of declared) if (!seen.has(party.name)) problems.push({ problem: 'missing', name: party.name });
  return problems;
}

/** What is wrong with a declaration as the office gives it at commitment. */
export type DeclarationProblem =
  | { problem: 'badSource'; reason: string }
  | { problem: 'badParty'; name: string; reason: string }
  | { problem: 'duplicateParty'; name: string };

export function declarationProblems(d: SeedDeclaration): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  const source = textProblem(d.source);
  if (source) problems.push({ problem: 'badSource', reason: source });
  const seen = new Set<string>();
  for (const p of d.parties) {
    const reason = textProblem(p.name);
    if (reason) problems.push({ problem: 'badParty', name: p.name, reason });
    else if (seen.has(p.name)) problems.push({ problem: 'duplicateParty', name: p.name });
    seen.add(p.name);
  }
  return problems;
}

/** `NAME` or `NAME=SHA256` (64 hex digits, kept lowercase); a name holds no `=`. */
export function parseParty(text: string): SeedParty | null {
  const at = text.indexOf('=');
  if (at < 0) return text.trim() ? { name: text.trim() } : null;
  const name = text.slice(0, at).trim();
  const hash = text.slice(at + 1).trim();
  return name && /^[0-9a-fA-F]{64}$/.test(hash) ? { name, sha256: hash.toLowerCase() } : null;
}

/** `NAME=VALUE`: the name up to the first `=` (a name holds none), the value after it exactly as typed. */
export function parseSeedPart(text: string): SeedPart | null {
  const at = text.indexOf('=');
  if (at < 0) return null;
  const name = text.slice(0, at).trim();
  const value = text.slice(at + 1);
  return name && value ? { name, value } : null;
}

/** `NAME` or `NAME:ROLE` (also the full-width `：`); the role is empty when none is given. */
export function parseWitness(text: string): Witness | null {
  const m = /^([^:：]+)(?:[:：](.*))?$/su.exec(text);
  const name = m?.[1]!.trim() ?? '';
  if (!name) return null;
  return { name, role: (m?.[2] ?? '').trim() };
}

/**
 * A declaration or ceremony record read back (from the database or a package): its shape checked,
 * so that a value edited behind the tool's back is reported by the replay, never trusted.
 */
export function readDeclaration(v: unknown): SeedDeclaration | undefined {
  if (!isObj(v) || typeof v.source !== 'string' || !Array.isArray(v.parties)) return undefined;
  const parties: SeedParty[] = [];
  for (const p of v.parties) {
    if (!isObj(p) || typeof p.name !== 'string' || (p.sha256 !== undefined && typeof p.sha256 !== 'string')) return undefined;
    parties.push(p.sha256 === undefined ? { name: p.name } : { name: p.name, sha256: p.sha256 as string });
  }
  return { source: v.source, parties };
}

export function readCeremony(v: unknown): CeremonyRecord | undefined {
  if (!isObj(v) || !Array.isArray(v.parts) || !Array.isArray(v.witnesses) || typeof v.oneStep !== 'boolean') return undefined;
  const parts: SeedPart[] = [];
  for (const p of v.parts) {
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.value !== 'string') return undefined;
    parts.push({ name: p.name, value: p.value });
  }
  const witnesses: Witness[] = [];
  for (const w of v.witnesses) {
    if (!isObj(w) || typeof w.name !== 'string' || typeof w.role !== 'string') return undefined;
    witnesses.push({ name: w.name, role: w.role });
  }
  return { parts, witnesses, oneStep: v.oneStep };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** What a replay finds wrong with a draw's ceremony. */
export type CeremonyProblem =
  | { problem: 'unreadable' }
  | { problem: 'seed'; expected: string; found: string }
  | PartProblem;

/**
 * A drawn seed against its ceremony (for the replay): a seed given in parts must be the
 * combination of those parts, and the parts must still be the declared parties' (names and
 * committed hashes). A draw with no ceremony record (made before issue 13) has nothing to check.
 */
export function ceremonyProblems(seed: string, declaration: unknown, ceremony: unknown): CeremonyProblem[] {
  if (ceremony === undefined || ceremony === null) return [];
  const record = readCeremony(ceremony);
  const declared = declaration === undefined || declaration === null ? { source: '', parties: [] } : readDeclaration(declaration);
  if (!record || !declared) return [{ problem: 'unreadable' }];
  if (record.parts.length === 0 && declared.parties.length === 0) return [];
  const problems: CeremonyProblem[] = partProblems(declared.parties, record.parts);
  const combined = combineSeedParts(record.parts);
  if (combined !== seed) problems.push({ problem: 'seed', expected: combined, found: seed });
  return problems;
}

/** A draw's ceremony as the papers and views show it: the two times, what was declared, what was recorded. */
export interface DrawCeremony {
  committedAt: string;
  drawnAt: string | null;
  /** null: none declared (a draw committed before issue 13, or a one-step draw that declared none) */
  declaration: SeedDeclaration | null;
  /** null: not drawn yet, or drawn before issue 13 */
  record: CeremonyRecord | null;
}
