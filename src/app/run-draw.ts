import { DrawError, EXIT } from '../errors.js';
import { MessageList, type Message } from '../i18n/index.js';
import { appendAudit, auditHead } from '../store/audit.js';
import { getPlan, readPopulation, type PlanRow } from '../store/plans.js';
import { deadlineRules, yearCaps } from '../store/settings.js';
import {
  declaredConflicts, effectiveDraw, inspectorPools, insertCommittedDraw, loadSnapshot, markDrawn, PendingChunks, snapshotChunks, storeSheets, storeSnapshot,
  storeSnapshotChunks, type DrawRow,
} from '../store/draws.js';
import {
  checkFeasible, checkSeed, drawChunked, runDraw, SubjectsScan, textDrawInput, wholeText, DRAW_ALGORITHM, DRAW_PRNG,
  type Arranged, type ChunkedInput, type ChunkSource, type DrawOutput,
} from '../core/draw/index.js';
import { strataOf } from '../core/plan.js';
import { commitmentOf, digests, inputOfTexts, resultHash, toTexts, type DrawParameters } from '../core/snapshot.js';
import { STALE_EXAMPLES, StaleTally } from '../core/stale-grades.js';
import { TOOL_VERSION } from '../version.js';
import { canonicalJson } from '../core/canonical.js';
import { inTransaction, type App } from './context.js';
import { refusalMessage } from './messages.js';
import { departmentsOfPairs } from './plan-reach.js';
import { staleRule, staleWarning, type StaleWarning } from './stale-grades.js';
import { SnapshotMaking, type MadeSnapshot } from './snapshot-thread.js';
import { chinaDate } from '../core/deadlines.js';
import type { SeedDeclaration, SeedPart, Witness } from '../core/ceremony.js';
import { declarationMessage, declarationOf, declarationProblems, delayRefusal, oneStepRefusal, seedNotBefore, seedOf, type SeedRefusal } from './seed-ceremony.js';

export interface RunInput {
  /** the plan's id or number */
  plan: string;
  /** a public seed; one is generated when none is given */
  seed?: string;
  /** log the commitment and stop: the seed comes later (a ceremony) */
  commitOnly: boolean;
  /** at commitment: where the seed will come from (required with commitOnly) and the parties who give its parts */
  declaration?: SeedDeclaration;
  /** at the draw: the parts of the seed (instead of `seed`) and the witnesses present */
  seedParts?: SeedPart[];
  witnesses?: Witness[];
  /** `--party` was given (parties belong to a commitment made with commitOnly) */
  partiesGiven?: boolean;
}

export type RunOutcome =
  | { kind: 'committed'; plan: PlanRow; draw: DrawRow; parameters: DrawParameters; auditHead: string; declaration: SeedDeclaration;
      /** when the seed may be given, if `seed_delay_minutes` is above 0 */
      seedNotBefore: { at: string; minutes: number } | null; staleGrades?: StaleWarning }
  | { kind: 'drawn'; plan: PlanRow; draw: DrawRow; parameters: DrawParameters; output: DrawOutput; staleGrades?: StaleWarning };

/**
 * Runs a plan (art. 15–17): snapshot, commitment, seed, draw. The commitment (parameters and
 * snapshot hashes) is logged before any seed exists; a plan has one effective draw; every
 * attempt, refused ones included, is in the audit log.
 */
export async function runPlan(app: App, input: RunInput): Promise<RunOutcome> {
  const { db } = app;
  const plan = getPlan(db, input.plan);
  if (!plan) throw DrawError.of(EXIT.usage, 'plan.notFound', { id: input.plan });
  const existing = effectiveDraw(db, plan.id);
  if (existing?.status === 'drawn') refuse(app, plan, 'run.alreadyDrawn', { draw: existing.id }, 'run.alreadyDrawnHint');
  if (existing && input.commitOnly) refuse(app, plan, 'run.alreadyCommitted', { draw: existing.id, commitment: existing.commitment });
  checkCeremonyBefore(app, plan, input, existing);
  // A fresh commitment draws from the snapshot chunks it has just made; a commitment made earlier
  // (--commit-only) draws from the stored chunks. Both are the same input.
  const fresh = existing ? undefined : await commit(app, plan, input.declaration);
  const committed = existing ?? fresh!.row;
  const parameters = JSON.parse(committed.parameters) as DrawParameters;
  // the stale grades are told when the commitment is made, not again when a later `draw run` draws on it
  const stale = fresh?.stale ? { staleGrades: fresh.stale } : {};
  if (input.commitOnly) {
    return { kind: 'committed', plan, draw: committed, parameters, auditHead: auditHead(db), declaration: declarationOf(committed), seedNotBefore: seedNotBefore(db, committed.committedAt), ...stale };
  }

  const made = seedOf(declarationOf(committed), { seed: input.seed, parts: input.seedParts ?? [], witnesses: input.witnesses ?? [] }, !existing);
  if (!made.ok) refuseRule(app, plan, made.refusal);
  const { seed, seedSource, ceremony } = made;
  const seedProblems = checkSeed(seed);
  if (seedProblems.length) refuse(app, plan, 'run.badSeed', { reason: new MessageList(seedProblems.map(refusalMessage), 'inline') });
  const output = fresh ? drawOf(fresh.chunks, fresh.input, fresh.arranged, seed) : drawStored(app, committed, parameters, seed);
  const hash = resultHash(output.strata, output.sheets);
  // The time stored with the draw, returned as it is stored (not read back, not taken twice).
  let drawnAt: string | null = null;
  // Another clerk's `draw run` may have drawn on this commitment meanwhile: look again under the write lock.
  const taken = inTransaction(app, () => {
    const now = effectiveDraw(db, plan.id);
    if (now?.id !== committed.id || now.status !== 'committed') return now ?? committed;
    storeSheets(db, committed.id, output.sheets);
    drawnAt = app.now().toISOString();
    markDrawn(db, committed.id, { seed, seedSource, resultHash: hash, at: drawnAt, pools: output.pools, ceremony });
    appendAudit(db, app.now(), app.operator, 'draw.run', {
      draw: committed.id, plan: plan.id, commitment: committed.commitment, seed, seedSource, result: hash, sheets: output.sheets.length, ceremony,
    });
    return null;
  });
  if (taken) refuse(app, plan, 'run.alreadyDrawn', { draw: taken.id }, 'run.alreadyDrawnHint');
  return { kind: 'drawn', plan, draw: { ...committed, status: 'drawn', seed, seedSource, resultHash: hash, drawnAt, ceremony: canonicalJson(ceremony), pools: canonicalJson(output.pools) }, parameters, output, ...stale };
}

/**
 * The ceremony's rules that hold before anything is committed or drawn: a commitment declares
 * the seed's source (and a declaration of bad text is refused, logged); a one-step draw is allowed
 * only by the office's setting; a seed on a commitment only `seed_delay_minutes` after it.
 */
function checkCeremonyBefore(app: App, plan: PlanRow, input: RunInput, existing: DrawRow | undefined): void {
  if (existing && (input.declaration || input.partiesGiven)) throw DrawError.of(EXIT.usage, 'run.declaredAlready', { plan: plan.number });
  if (!input.commitOnly && input.partiesGiven) throw DrawError.of(EXIT.usage, 'run.partiesNeedCommitment', { plan: plan.number });
  if (input.commitOnly && !input.declaration) throw DrawError.of(EXIT.usage, 'run.seedSourceRequired', { plan: plan.number });
  const problems = input.declaration ? declarationProblems(input.declaration) : [];
  if (problems.length) refuse(app, plan, 'run.badDeclaration', { reasons: new MessageList(problems.map(declarationMessage)) });
  if (input.commitOnly) return;
  const refusal = existing ? delayRefusal(app.db, existing.committedAt, app.now()) : oneStepRefusal(app.db);
  if (refusal) refuseRule(app, plan, refusal);
  // parts need parties declared at a commitment made before: a one-step draw has none
  if (!existing && input.seedParts?.length) refuseRule(app, plan, { key: 'run.noPartiesDeclared', params: { source: input.declaration?.source ?? '-' } });
}

/** A refusal of the ceremony's rules (exit 5), logged like every refused attempt. */
function refuseRule(app: App, plan: PlanRow, r: SeedRefusal): never {
  const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, Array.isArray(v) ? new MessageList(v as Message[]) : v]));
  refuse(app, plan, r.key, params, r.hint, EXIT.refused);
}

/**
 * The draw of a canonical snapshot, chunk by chunk (core/draw/chunked.ts); of any other, from its
 * whole text by the general path, which gives the same result or the refusals.
 */
function drawOf(chunks: ChunkSource, input: ChunkedInput, arranged: Arranged | null, seed: string): DrawOutput {
  return (arranged && drawChunked(seed, arranged, chunks)) ?? runDraw(textDrawInput(wholeText(chunks), { ...input, seed }));
}

/** The draw on a commitment made earlier, from its stored snapshots. */
function drawStored(app: App, committed: DrawRow, parameters: DrawParameters, seed: string): DrawOutput {
  const { db } = app;
  const input = inputOfTexts(loadSnapshot(db, committed.id, 'inspectors')?.text ?? '', loadSnapshot(db, committed.id, 'conflicts')?.text ?? '', parameters);
  const chunks = snapshotChunks(db, committed.id, 'subjects');
  const scan = new SubjectsScan(input.conflicts.map((c) => c.key));
  for (const chunk of chunks.chunks()) scan.add(chunk);
  return drawOf(chunks, input, scan.check(input), seed);
}

/** Builds the snapshot, checks every rule before anything is drawn, and logs the commitment. */
async function commit(app: App, plan: PlanRow, seedDeclaration?: SeedDeclaration): Promise<{
  row: DrawRow; chunks: PendingChunks; input: ChunkedInput; arranged: Arranged | null; stale: StaleWarning | null;
}> {
  const { db } = app;
  const strata = strataOf(plan);
  const graded = plan.gradePpm !== null;
  const caps = yearCaps(db);
  // draw-core/2: each subject's sheet carries the departments one of whose plan items applies to it
  // (core/applicability); a subject none of the plan's items applies to is left out of the population.
  // The rule is the one the plan's expected draw and reach count by (app/plan-reach.ts), so the plan
  // says what the draw takes; the stratum is the snapshot's own, so they need not be split by it here.
  const departments = inspectorPools(db, plan);
  const declared = declaredConflicts(db, new Set(departments.flatMap((d) => d.inspectors)));
  // The snapshot a chunk at a time: hashed and checked, kept gzipped (chunks; a large one on a second
  // thread, app/snapshot-thread.ts), its stale grades counted (tally).
  const rule = staleRule(db, chinaDate(app.now().toISOString()));
  const chunks = new PendingChunks(db);
  const making = new SnapshotMaking(chunks, declared, app.threads !== false);
  const tally = new StaleTally();
  let made: MadeSnapshot;
  try {
    await readPopulation(db, [db, plan.scope, graded, plan.year, caps, departmentsOfPairs(db, plan), rule.before, STALE_EXAMPLES], (c) => {
      tally.add(c.stale, c.staleTowns, c.staleExamples);
      return making.add(c.text, c.lines);
    });
    made = await making.finish({ algorithm: DRAW_ALGORITHM, strata, departments });
  } finally {
    await making.close();
  }
  const stale = staleWarning(db, tally.grades(rule.days, rule.before));
  const subjects = made.digest;
  const conflicts = declared.filter((c) => made.has(c.key));
  const input: ChunkedInput = { algorithm: DRAW_ALGORITHM, strata, departments, conflicts };
  const { arranged } = made;
  // The 3% floor is the year's (art. 17), checked when the annual plan is filed, not on each draw.
  // A canonical snapshot the scan accepts has nothing to refuse; any other is checked whole.
  const refusals: Message[] = arranged ? [] : checkFeasible(textDrawInput(wholeText(chunks), input)).map(refusalMessage);
  if (refusals.length) refuse(app, plan, 'run.refused', { reasons: new MessageList(refusals) });
  const texts = toTexts({ subjects: [], departments, conflicts }, '');
  const parameters: DrawParameters = {
    format: 'draw-parameters/1', algorithm: DRAW_ALGORITHM, prng: DRAW_PRNG, tool: TOOL_VERSION,
    plan: { id: plan.id, number: plan.number, year: plan.year, name: plan.name, windowStart: plan.windowStart, windowEnd: plan.windowEnd,
      items: plan.items.map((i) => ({ code: i.code, version: i.version })) },
    strata, departments: departments.map((d) => ({ code: d.code, teamSize: d.teamSize })), yearCap: caps.others, yearCaps: caps,
    snapshots: { ...digests(texts), subjects },
  };
  const commitment = commitmentOf(parameters);
  const at = app.now().toISOString();
  try {
    return inTransaction(app, () => {
      // the deadlines in force now hold for this draw whatever `draw config` says later
      const deadlines = deadlineRules(db);
      const id = insertCommittedDraw(db, { planId: plan.id, parameters: JSON.stringify(parameters), commitment, at, operator: app.operator, deadlines, seedDeclaration });
      storeSnapshotChunks(db, id, 'subjects', chunks, parameters.snapshots.subjects);
      for (const kind of ['inspectors', 'conflicts'] as const) storeSnapshot(db, id, kind, texts[kind], parameters.snapshots[kind]);
      appendAudit(db, app.now(), app.operator, 'draw.commit', {
        draw: id, plan: plan.id, commitment, snapshots: parameters.snapshots, deadlines,
        ...(stale ? { staleGrades: stale.record } : {}), ...(seedDeclaration ? { seedDeclaration } : {}),
      });
      const row: DrawRow = { id, planId: plan.id, status: 'committed', parameters: JSON.stringify(parameters), commitment, seed: null, seedSource: null,
        resultHash: null, committedAt: at, drawnAt: null, operator: app.operator, voidedAt: null, voidReason: null, voidApprovedBy: null,
        seedDeclaration: seedDeclaration ? canonicalJson(seedDeclaration) : null, ceremony: null, pools: null };
      return { row, chunks, input, arranged, stale };
    });
  } catch (error) {
    // Another clerk's `draw run` of the same plan got there first: one plan, one effective draw.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') refuse(app, plan, 'run.alreadyDrawn', { draw: effectiveDraw(db, plan.id)?.id ?? '?' }, 'run.alreadyDrawnHint');
    throw error;
  }
}

/** Logs the refused attempt (its reasons as catalog keys and values), then stops with the reason (exit 2, or `code`). */
function refuse(app: App, plan: PlanRow, key: string, params: Record<string, unknown>, hint?: string, code: typeof EXIT.usage | typeof EXIT.refused = EXIT.usage): never {
  const logged = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v instanceof MessageList ? v.messages : v]));
  appendAudit(app.db, app.now(), app.operator, 'draw.refused', { plan: plan.id, reason: key, ...logged });
  throw DrawError.of(code, key, { plan: plan.number, ...params }, hint);
}
