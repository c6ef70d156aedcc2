import { randomBytes } from 'node:crypto';
import type { Message } from '../i18n/index.js';
import type { Db } from '../store/db.js';
import type { DrawRow } from '../store/draws.js';
import { setting } from '../store/settings.js';
import { parseJsonOr } from '../core/canonical.js';
import {
  combineSeedParts, declarationProblems, partProblems, readCeremony, readDeclaration,
  type CeremonyRecord, type DrawCeremony, type DeclarationProblem, type PartProblem, type SeedDeclaration, type SeedPart, type Witness,
} from '../core/ceremony.js';

/**
 * The seed's side of a draw (art. 15–17, issue 13): what may be given when, and how the seed is made
 * from what was given. Pure decisions on what the database holds; the caller logs and refuses.
 */

/** What the clerk gave at the draw. */
export interface SeedGiven { seed?: string; parts: SeedPart[]; witnesses: Witness[] }

/** Why a seed may not be given now: a catalog key, its values, a hint; each is a refusal of the rules. */
export interface SeedRefusal { key: 'run.oneStepRefused' | 'run.oneStepDelay' | 'run.seedTooEarly' | 'run.partsExpected' | 'run.noPartiesDeclared' | 'run.badParts'; params: Record<string, unknown>; hint?: 'run.oneStepHint' }

/**
 * A one-step draw (no commitment made before this invocation, whether the seed is typed or
 * generated) only when the office's `one_step_draw` is 1, and, like any draw, only when
 * `seed_delay_minutes` have passed since the commitment: for one step none have, so a delay above 0
 * refuses it too. Checked before anything is committed.
 */
export function oneStepRefusal(db: Db): SeedRefusal | null {
  if (setting(db, 'one_step_draw') !== 1) return { key: 'run.oneStepRefused', params: {}, hint: 'run.oneStepHint' };
  const delay = setting(db, 'seed_delay_minutes');
  // no commitment yet, so no time to name: the message says why one step cannot be, and what to do
  return delay > 0 ? { key: 'run.oneStepDelay', params: { minutes: delay } } : null;
}

/** The seed may be given `seed_delay_minutes` after the commitment, not sooner. */
export function delayRefusal(db: Db, committedAt: string, now: Date): SeedRefusal | null {
  const minutes = setting(db, 'seed_delay_minutes');
  const earliest = Date.parse(committedAt) + minutes * 60_000;
  return now.getTime() < earliest ? { key: 'run.seedTooEarly', params: { minutes, committedAt, earliest: new Date(earliest).toISOString() } } : null;
}

/** When the seed of a commitment made at `committedAt` may be given; null when at once (no delay set). */
export function seedNotBefore(db: Db, committedAt: string): { at: string; minutes: number } | null {
  const minutes = setting(db, 'seed_delay_minutes');
  return minutes > 0 ? { at: new Date(Date.parse(committedAt) + minutes * 60_000).toISOString(), minutes } : null;
}

/** The declaration a commitment holds (none before issue 13, or none declared: the seed given whole). */
export function declarationOf(draw: Pick<DrawRow, 'seedDeclaration'>): SeedDeclaration {
  return readDeclaration(parseJsonOr<unknown>(draw.seedDeclaration ?? 'null', null)) ?? { source: '', parties: [] };
}

/**
 * The seed and the ceremony record of a draw on `declared`: the parts combined by the documented
 * rule (core/ceremony.ts) when parties were declared, else the seed given whole, else one generated.
 */
export function seedOf(declared: SeedDeclaration, given: SeedGiven, oneStep: boolean):
  { ok: true; seed: string; seedSource: 'given' | 'generated'; ceremony: CeremonyRecord } | { ok: false; refusal: SeedRefusal } {
  const ceremony: CeremonyRecord = { parts: given.parts, witnesses: given.witnesses, oneStep };
  if (declared.parties.length > 0) {
    if (given.seed !== undefined || given.parts.length === 0) {
      return { ok: false, refusal: { key: 'run.partsExpected', params: { parties: declared.parties.map((p) => p.name).join('、') } } };
    }
    const problems = partProblems(declared.parties, given.parts);
    if (problems.length) return { ok: false, refusal: { key: 'run.badParts', params: { reasons: problems.map(partMessage) } } };
    return { ok: true, seed: combineSeedParts(given.parts), seedSource: 'given', ceremony };
  }
  if (given.parts.length > 0) return { ok: false, refusal: { key: 'run.noPartiesDeclared', params: { source: declared.source || '-' } } };
  if (given.seed !== undefined) return { ok: true, seed: given.seed, seedSource: 'given', ceremony };
  return { ok: true, seed: randomBytes(32).toString('hex'), seedSource: 'generated', ceremony };
}

export function partMessage(p: PartProblem): Message {
  return { key: `run.part.${p.problem}`, params: { ...p } };
}

export function declarationMessage(p: DeclarationProblem): Message {
  return { key: `run.declaration.${p.problem}`, params: { ...p } };
}

export { declarationProblems };

/** The ceremony of a stored draw, for views and papers (a column edited into something unreadable shows as none; the replay names it). */
export function drawCeremony(draw: Pick<DrawRow, 'committedAt' | 'drawnAt' | 'seedDeclaration' | 'ceremony'>): DrawCeremony {
  return {
    committedAt: draw.committedAt, drawnAt: draw.drawnAt,
    declaration: readDeclaration(parseJsonOr<unknown>(draw.seedDeclaration ?? 'null', null)) ?? null,
    record: readCeremony(parseJsonOr<unknown>(draw.ceremony ?? 'null', null)) ?? null,
  };
}
