/**
 * The draw ceremony (art. 15–17, issue 13): what the office declares at commitment about the seed,
 * and what is recorded when the seed is given. Data only; the rule that combines seed parts and
 * the checks live beside it in core, the storing in store/draws.ts.
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
