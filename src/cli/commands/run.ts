import { randomBytes } from 'node:crypto';
import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { appendAudit, auditHead } from '../../store/audit.js';
import { getPlan, populationText, type PlanRow } from '../../store/plans.js';
import {
  conflictsFor, effectiveDraw, insertCommittedDraw, markDrawn, storedTexts, storeSheets, storeSnapshot, type DrawRow,
} from '../../store/draws.js';
import { checkFeasible, checkSeed, runDraw, DRAW_ALGORITHM, DRAW_PRNG, type DrawInput, type Refusal } from '../../core/draw/index.js';
import { belowFloor, expectedDraw, strataOf } from '../../core/plan.js';
import { commitmentOf, digests, fromTexts, resultHash, subjectsOf, toTexts, type DrawParameters } from '../../core/snapshot.js';
import { TOOL_VERSION } from '../../version.js';
import { problemText, yearCap } from './plan.js';
import { inspectorPools } from '../../store/draws.js';
import { drawViewOf, renderDrawSummary } from './draw-show.js';

/**
 * `draw run PLAN [--seed TEXT] [--commit-only]` (art. 15–17): snapshot, commitment, seed, draw.
 * The commitment (parameters and snapshot hashes) is logged before any seed exists; a plan has
 * one effective draw; every attempt, refused ones included, is in the audit log.
 */
interface Options { seed?: string; commitOnly?: boolean }

export const run: CommandFn<Options> = async ([planRef], opts, ctx) =>
  withDb(ctx, async (db) => {
    const plan = getPlan(db, planRef);
    if (!plan) throw new DrawError(EXIT.usage, 'plan.notFound', { id: planRef });
    const existing = effectiveDraw(db, plan.id);
    if (existing?.status === 'drawn') refuse(db, ctx, plan, 'run.alreadyDrawn', { draw: existing.id }, 'run.alreadyDrawnHint');
    if (existing && opts.commitOnly) refuse(db, ctx, plan, 'run.alreadyCommitted', { draw: existing.id, commitment: existing.commitment });

    // A fresh commitment draws from the snapshot still in memory; a commitment made earlier
    // (--commit-only) draws from the stored snapshot texts. Both are the same input.
    const fresh = existing ? undefined : commit(db, ctx, plan);
    const committed = existing ?? fresh!.row;
    const parameters = JSON.parse(committed.parameters) as DrawParameters;
    if (opts.commitOnly) {
      const data = { draw: committed.id, plan: plan.number, status: 'committed', commitment: committed.commitment, parameters, auditHead: auditHead(db) };
      return {
        data,
        render: (c: Context) => {
          c.out(c.t('run.committed', { draw: committed.id, plan: plan.number, commitment: committed.commitment }));
          c.out(c.t('run.nextSeed', { plan: plan.number }));
          c.out(c.t('audit.head', { hash: data.auditHead }));
        },
      };
    }

    const seedSource = opts.seed === undefined ? 'generated' : 'given';
    const seed: string = opts.seed ?? randomBytes(32).toString('hex');
    const seedProblems = checkSeed(seed);
    if (seedProblems.length) refuse(db, ctx, plan, 'run.badSeed', { reason: seedProblems.map((r) => refusalText(ctx, r)).join('；') });

    const input = fresh ? { ...fresh.input, seed } : fromTexts(storedTexts(db, committed.id), parameters, seed);
    const output = runDraw(input);
    const hash = resultHash(output.strata, output.sheets);
    // Another clerk's `draw run` may have drawn on this commitment meanwhile: look again under the write lock.
    const taken = db.transaction(() => {
      const now = effectiveDraw(db, plan.id);
      if (now?.id !== committed.id || now.status !== 'committed') return now ?? committed;
      storeSheets(db, committed.id, output.sheets);
      markDrawn(db, committed.id, seed, seedSource, hash, ctx.now().toISOString());
      appendAudit(db, ctx.now(), ctx.operator, 'draw.run', {
        draw: committed.id, plan: plan.id, commitment: committed.commitment, seed, seedSource, result: hash, sheets: output.sheets.length,
      });
      return null;
    }).immediate();
    if (taken) refuse(db, ctx, plan, 'run.alreadyDrawn', { draw: taken.id }, 'run.alreadyDrawnHint');
    const view = drawViewOf(db, { ...committed, status: 'drawn', seed, seedSource, resultHash: hash }, plan, parameters, output, ctx.json ? Infinity : 10);
    return { data: view, render: (c: Context) => renderDrawSummary(c, view) };
  });

/** Builds the snapshot, checks every rule before anything is drawn, and logs the commitment. */
function commit(db: Db, ctx: Context, plan: PlanRow): { row: DrawRow; input: Omit<DrawInput, 'seed'> } {
  const strata = strataOf(plan);
  const graded = plan.gradePpm !== null;
  const cap = yearCap(db);
  const subjectsText = populationText(db, plan.scope, graded, plan.year, cap);
  const subjects = subjectsOf(subjectsText);
  const departments = inspectorPools(db, plan);
  const certificates = new Set(departments.flatMap((d) => d.inspectors));
  const conflicts = conflictsFor(db, certificates, () => new Set(subjects.map((s) => s.key)));
  const input = { subjects, strata, departments, conflicts };

  const refusals = checkFeasible(input).map((r) => refusalText(ctx, r));
  const sizes: Record<string, number> = {};
  for (const s of subjects) sizes[s.stratum] = (sizes[s.stratum] ?? 0) + 1;
  const e = expectedDraw(sizes, strata);
  const floor = belowFloor(e);
  if (floor) refusals.push(problemText(ctx, floor));
  if (refusals.length) refuse(db, ctx, plan, 'run.refused', { reasons: refusals.map((r) => `\n  - ${r}`).join('') }, undefined, refusals);

  const texts = toTexts(input, subjectsText);
  const parameters: DrawParameters = {
    format: 'draw-parameters/1', algorithm: DRAW_ALGORITHM, prng: DRAW_PRNG, tool: TOOL_VERSION,
    plan: { id: plan.id, number: plan.number, year: plan.year, name: plan.name, windowStart: plan.windowStart, windowEnd: plan.windowEnd,
      items: plan.items.map((i) => ({ code: i.code, version: i.version })) },
    strata, departments: departments.map((d) => ({ code: d.code, teamSize: d.teamSize })), yearCap: cap, snapshots: digests(texts),
  };
  const commitment = commitmentOf(parameters);
  const at = ctx.now().toISOString();
  try {
    return db.transaction(() => {
      const id = insertCommittedDraw(db, { planId: plan.id, parameters: JSON.stringify(parameters), commitment, at, operator: ctx.operator });
      for (const kind of ['subjects', 'inspectors', 'conflicts'] as const) storeSnapshot(db, id, kind, texts[kind], parameters.snapshots[kind].rows);
      appendAudit(db, ctx.now(), ctx.operator, 'draw.commit', { draw: id, plan: plan.id, commitment, snapshots: parameters.snapshots });
      const row: DrawRow = { id, planId: plan.id, status: 'committed', parameters: JSON.stringify(parameters), commitment, seed: null, seedSource: null,
        resultHash: null, committedAt: at, drawnAt: null, operator: ctx.operator, voidedAt: null, voidReason: null, voidApprovedBy: null };
      return { row, input };
    }).immediate();
  } catch (error) {
    // Another clerk's `draw run` of the same plan got there first: one plan, one effective draw.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') refuse(db, ctx, plan, 'run.alreadyDrawn', { draw: effectiveDraw(db, plan.id)?.id ?? '?' }, 'run.alreadyDrawnHint');
    throw error;
  }
}

/** Logs the refused attempt, then stops with the reason (exit 2). */
function refuse(db: Db, ctx: Context, plan: PlanRow, key: string, params: Record<string, unknown>, hint?: string, reasons?: string[]): never {
  appendAudit(db, ctx.now(), ctx.operator, 'draw.refused', { plan: plan.id, reason: key, ...params, ...(reasons ? { reasons } : {}) });
  throw new DrawError(EXIT.usage, key, { plan: plan.number, ...params }, hint);
}

export function refusalText(ctx: Context, r: Refusal): string {
  return ctx.t(`refusal.${r.code}`, r as unknown as Record<string, unknown>);
}
