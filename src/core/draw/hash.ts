// SHA-256 helpers (node:crypto is used as a pure function: no I/O, no state).

import { createHash } from 'node:crypto';
import { sha256Hex } from '../canonical.js';
import { scanUnits, sortUtf8, sortedIndexWithDuplicates } from './order.js';

/** The unit separator byte that joins the seed and the labels of a derived stream. */
export const UNIT_SEPARATOR = '\u001f';

/** SHA-256 of the UTF-8 encoding of a text, as 64 lowercase hex characters (one helper for all of draw). */
export { sha256Hex };

/**
 * The derived stream key: SHA-256(UTF-8(seed) ‖ 0x1f ‖ label₁ ‖ 0x1f ‖ label₂ …)
 * as 64 lowercase hex characters.
 */
export function deriveStreamHex(seed: string, labels: readonly string[]): string {
  return sha256Hex(seed + UNIT_SEPARATOR + labels.join(UNIT_SEPARATOR));
}

/** A canonical snapshot text's digest and row count. */
export interface SnapshotDigest {
  sha256: string;
  rows: number;
}

/** Digests of the three canonical snapshot texts of a draw's inputs. */
export interface SnapshotHashes {
  subjects: SnapshotDigest;
  inspectors: SnapshotDigest;
  conflicts: SnapshotDigest;
}

/** What `snapshotHashes` reads: the same shapes as `DrawInput`. */
export interface SnapshotInput {
  subjects: readonly { key: string; stratum: string; departments?: readonly string[] }[];
  departments: readonly { code: string; inspectors: readonly string[] }[];
  conflicts: readonly { certificate: string; key: string }[];
}

/** Feeds `count` lines, produced by `line(i)`, each followed by "\n", to SHA-256. */
function hashLines(count: number, line: (i: number) => string): SnapshotDigest {
  const hash = createHash('sha256');
  const CHUNK = 8192;
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    let text = '';
    for (let k = i; k < end; k++) text += line(k) + '\n';
    hash.update(text, 'utf8');
  }
  return { sha256: hash.digest('hex'), rows: count };
}

/**
 * Hashes lines (each without its trailing newline) sorted bytewise on UTF-8,
 * each followed by "\n". The array is sorted in place.
 */
export function hashSortedLines(lines: string[]): SnapshotDigest {
  sortUtf8(lines);
  return hashLines(lines.length, (i) => lines[i]!);
}

/**
 * The subjects' digest. When the keys are distinct and free of control characters,
 * the lines' order is the keys' order (TAB sorts below every other character), so
 * the keys alone are sorted; otherwise the lines are.
 */
function hashSubjects(subjects: SnapshotInput['subjects']): SnapshotDigest {
  const keys = subjects.map((s) => s.key);
  const scan = scanUnits(keys);
  if (!scan.controls) {
    const { order, duplicates } = sortedIndexWithDuplicates(keys, scan);
    if (duplicates.length === 0) {
      return hashLines(order.length, (i) => subjectLine(subjects[order[i]!]!));
    }
  }
  return hashSortedLines(subjectLines(subjects));
}

/**
 * One subject's canonical line: `key\tstratum` (draw-core/1), or `key\tstratum\td1,d2,…` when the
 * subject carries its departments (draw-core/2), those sorted bytewise without repeats.
 */
export function subjectLine(s: SnapshotInput['subjects'][number]): string {
  if (s.departments === undefined) return s.key + '\t' + s.stratum;
  return s.key + '\t' + s.stratum + '\t' + sortUtf8([...new Set(s.departments)]).join(',');
}

/** The canonical subject lines (see subjectLine), unsorted. */
export function subjectLines(subjects: SnapshotInput['subjects']): string[] {
  return subjects.map(subjectLine);
}

/** The canonical inspector lines `department\tcertificate`, unsorted. */
export function inspectorLines(departments: SnapshotInput['departments']): string[] {
  const lines: string[] = [];
  for (const d of departments) for (const c of d.inspectors) lines.push(d.code + '\t' + c);
  return lines;
}

/** The canonical conflict lines `certificate\tkey`, unsorted and without duplicates (a conflict list is a set). */
export function conflictLines(conflicts: SnapshotInput['conflicts']): string[] {
  return [...new Set(conflicts.map((c) => c.certificate + '\t' + c.key))];
}

/**
 * SHA-256 of the canonical snapshot texts, with their row counts:
 * - subjects: one line `key TAB stratum LF` per subject (draw-core/2: `key TAB stratum TAB d1,d2,… LF`);
 * - inspectors: one line `department TAB certificate LF` per pool member;
 * - conflicts: one line `certificate TAB key LF` per distinct conflict;
 * each text's lines sorted bytewise on UTF-8. An empty text hashes to SHA-256("").
 */
export function snapshotHashes(input: SnapshotInput): SnapshotHashes {
  return {
    subjects: hashSubjects(input.subjects),
    inspectors: hashSortedLines(inspectorLines(input.departments)),
    conflicts: hashSortedLines(conflictLines(input.conflicts)),
  };
}
