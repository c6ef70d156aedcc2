import { normaliseIdentifier } from './text.js';

/**
 * The unified social credit code (GB 32100-2015), the organisation code inside it
 * (GB 11714-1997) and the legacy 15-digit registration number (GS15-2006, ISO 7064 MOD 11,10).
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 32100-2015 table 1 (with the 2018 amendment adding A): registration authorities.
const AUTHORITIES = '123456789ANY';

export type CodeProblem =
  | 'length'
  | 'characters'
  | 'authority'
  | 'region'
  | 'check'
  | 'check-fujian-pilot'
  | 'regno-check';

export interface CodeVerdict {
  code: string;          // normalised
  kind: 'uscc' | 'regno';
  valid: boolean;
  problem?: CodeProblem;
  expected?: string;     // the check character the code should end with
  orgCodeWarning?: boolean; // positions 9–17 fail GB 11714 (a warning, not a rejection)
}

// Each character's value in the alphabet by its code (-1: not in it); looked up twice for every row of a registry.
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) USCC_VALUE[USCC_ALPHABET.charCodeAt(i)] = i;
const usccValue = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c < 128 ? USCC_VALUE[c] : -1;
};

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(first17, i);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714: 8 characters and a check character (0–9 or X). */
export function orgCodeValid(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code9.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 55; // A = 10 … Z = 35
    sum += v * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  const expected = r === 10 ? 'X' : r === 11 ? '0' : String(r);
  return code9[8] === expected;
}

/** ISO 7064 MOD 11,10 over the 15 digits of a registration number. */
export function regnoValid(code: string): boolean {
  if (!/^\d{15}$/.test(code)) return false;
  let p = 10;
  for (let i = 0; i < 15; i++) {
    let s = (p + (code.charCodeAt(i) - 48)) % 10;
    if (s === 0) s = 10;
    if (i === 14) return s === 1;
    p = (s * 2) % 11;
  }
  return false;
}

export function checkUscc(raw: string): CodeVerdict {
  const code = normaliseIdentifier(raw);
  const verdict = (problem?: CodeProblem, extra: Partial<CodeVerdict> = {}): CodeVerdict => ({
    code, kind: 'uscc', valid: problem === undefined, ...(problem ? { problem } : {}), ...extra,
  });
  if (code.length !== 18) return verdict('length');
  for (let i = 0; i < 18; i++) if (usccValue(code, i) < 0) return verdict('characters');
  if (!AUTHORITIES.includes(code[0])) return verdict('authority');
  if (!/^\d{6}$/.test(code.slice(2, 8))) return verdict('region');
  const expected = usccCheckChar(code.slice(0, 17))!;
  const orgCodeWarning = !orgCodeValid(code.slice(8, 17));
  if (code[17] !== expected) {
    // Early Fujian pilot codes (region 35…, issued before the national standard settled)
    // fail the check character yet are lawful: say so, so an office can accept them knowingly.
    return verdict(code.slice(2, 4) === '35' ? 'check-fujian-pilot' : 'check', { expected });
  }
  return verdict(undefined, orgCodeWarning ? { orgCodeWarning } : {});
}

export function checkRegno(raw: string): CodeVerdict {
  const code = normaliseIdentifier(raw);
  if (code.length !== 15) return { code, kind: 'regno', valid: false, problem: 'length' };
  if (!/^\d{15}$/.test(code)) return { code, kind: 'regno', valid: false, problem: 'characters' };
  return regnoValid(code) ? { code, kind: 'regno', valid: true } : { code, kind: 'regno', valid: false, problem: 'regno-check' };
}

/** A subject key: an 18-character credit code, else a 15-digit registration number. */
export function checkSubjectCode(raw: string): CodeVerdict {
  const code = normaliseIdentifier(raw);
  return code.length === 15 ? checkRegno(code) : checkUscc(code);
}

/** Makes a valid credit code from its first 17 characters (fixtures and tests use it). */
export function completeUscc(first17: string): string {
  const c = usccCheckChar(first17);
  if (!c) throw new Error(`not a credit code body: ${first17}`);
  return first17 + c;
}
