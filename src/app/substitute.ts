import { runtimeError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { DrawRow } from '../store/draws.js';
import { conflictsInForce, ineligibleSubjects, inactiveInspectors, standingSheets } from '../store/rejections.js';
import { applyChange } from '../core/draw/index.js';
import { changedDraw } from './draw-changes.js';

/** Positions of the stratum's order the first probe of a substitute search reaches. */
const PROBE = 64;

export interface SubstituteRequest { seq: number; sheet: number; department: string; cancels: boolean }

export interface FoundSubstitute {
  sheet: { number: number; key: string; stratum: string; team: [string, string][] } | null;
  /** the candidates passed over because the registry no longer has them active: what the rejection records */
  skipped: string[];
  /** what kept inspectors off the candidates' teams: conflicts in force for the candidates looked at, inactive inspectors */
  excluded: { conflicts: { certificate: string; key: string }[]; inactive: string[] };
}

/**
 * The substitute for a sheet being cancelled (docs/ALGORITHM.md, the substitute rule): the draw is
 * recomputed from its snapshots and seed, the changes so far applied in seq order, then this one.
 * What the core needs from today's records the office supplies here: which candidates the registry
 * no longer has active (passed over), the conflicts in force and the inspectors no longer active.
 * Only what the search actually met is recorded, which is all a replay needs to find the same one.
 */
export function findSubstitute(db: Db, draw: DrawRow, request: SubstituteRequest): FoundSubstitute {
  const notReplayable = () => runtimeError('change.notReplayable', { draw: draw.id, sheet: request.sheet });
  const { output, state, context } = changedDraw(db, draw, request.sheet);
  const sheet = state.sheets.find((s) => s.number === request.sheet);
  const inactive = inactiveInspectors(db, output.pools.flatMap((p) => p.order)).sort();
  // The search meets the stratum's drawn order from its cursor, and stops at the first candidate
  // with a full team: the registry is asked about the candidates a probe of the next positions
  // reaches, the probe widened until the search ends within it (the same outcome as asking about
  // every subject of the stratum: a million lookups and every subject read, 6 s and 427 MB).
  const stratum = sheet && context.strata.get(sheet.stratum);
  const size = stratum?.order.size ?? 0;
  const from = sheet ? (state.strataCursor[sheet.stratum] ?? stratum?.drawn ?? 0) : 0;
  let conflicts: { certificate: string; key: string }[];
  let step: ReturnType<typeof applyChange>;
  for (let probe = PROBE; ; probe *= 4) {
    const upTo = Math.min(size, from + probe);
    const candidates: string[] = [];
    for (let p = from; p < upTo; p++) candidates.push(stratum!.order.at(p));
    conflicts = conflictsInForce(db, new Set(candidates));
    step = applyChange(state, {
      kind: 'reject', seq: request.seq, sheet: request.sheet, department: request.department, cancels: request.cancels,
      skipped: [...ineligibleSubjects(db, candidates)], excluded: { conflicts, inactive },
    }, context);
    const o = step.outcome;
    const reached = o.kind === 'cancelled' ? (o.substitute ? o.substitute.position + 1 : size) : 0;
    if (reached <= upTo || upTo >= size) break;
  }
  const outcome = step.outcome;
  // The stored sheets and the recomputed ones disagree (changed outside the tool): nothing is written.
  if (outcome.kind !== 'cancelled') throw notReplayable();
  const lastNumber = Math.max(...standingSheets(db, draw.id).map((s) => s.number));
  if (outcome.substitute && outcome.substitute.number !== lastNumber + 1) throw notReplayable();
  const met = new Set(outcome.passedOver.map((p) => p.key));
  if (outcome.substitute) met.add(outcome.substitute.key);
  return {
    sheet: outcome.substitute && {
      number: outcome.substitute.number, key: outcome.substitute.key, stratum: outcome.substitute.stratum,
      team: outcome.substitute.inspectors.map((i) => [i.department, i.certificate] as [string, string]),
    },
    skipped: outcome.passedOver.filter((p) => p.why === 'skipped').map((p) => p.key),
    excluded: { conflicts: conflicts.filter((c) => met.has(c.key)), inactive },
  };
}
