import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { appOf, withDb } from '../db.js';
import { usageError } from '../../errors.js';
import { runPlan } from '../../app/run-draw.js';
import type { SeedParty, SeedPart, Witness } from '../../core/ceremony.js';
import { drawViewOf, renderDrawSummary } from '../views/draw.js';
import { renderStaleGrades } from '../views/stale-grades.js';

interface RunOptions {
  seed?: string; commitOnly?: boolean; seedSource?: string; party?: SeedParty[]; seedPart?: SeedPart[]; witness?: Witness[];
}

/**
 * `draw run TASK --commit-only --seed-source TEXT [--party NAME[=SHA256]]…`, then
 * `draw run TASK (--seed TEXT | --seed-part NAME=VALUE…) [--witness NAME[:ROLE]]…` (art. 15–17):
 * the commitment (parameters, snapshot hashes and where the seed will come from) is logged and
 * published before any seed exists; the seed, or its parts, and the witnesses come at the draw.
 * A task has one effective draw; every attempt, refused ones included, is in the audit log.
 */
export const run: CommandFn<RunOptions> = async ([planRef], opts, ctx) => {
  const parts = opts.seedPart ?? [];
  const witnesses = opts.witness ?? [];
  if (opts.commitOnly && (opts.seed !== undefined || parts.length || witnesses.length)) throw usageError('run.commitOnlyNoSeed');
  if (opts.seed !== undefined && parts.length) throw usageError('run.seedAndParts');
  // a declaration belongs to a commitment: with --commit-only, or a one-step draw's own (no parties there)
  const declaration = opts.seedSource !== undefined ? { source: opts.seedSource, parties: opts.party ?? [] } : undefined;
  return withDb(ctx, async (db) => {
    const outcome = await runPlan(appOf(ctx, db), {
      plan: planRef, seed: opts.seed, commitOnly: Boolean(opts.commitOnly), declaration, seedParts: parts, witnesses, partiesGiven: Boolean(opts.party?.length),
    });
    if (outcome.kind === 'committed') {
      const { draw, plan, parameters, declaration: declared } = outcome;
      const data = {
        draw: draw.id, plan: plan.number, status: 'committed', commitment: draw.commitment, committedAt: draw.committedAt,
        seedDeclaration: declared, seedNotBefore: outcome.seedNotBefore, parameters, auditHead: outcome.auditHead, staleGrades: outcome.staleGrades?.record,
      };
      return {
        data,
        render: (c: Context) => {
          renderStaleGrades(c, outcome.staleGrades);
          c.out(c.t('run.committed', { draw: draw.id, plan: plan.number, commitment: draw.commitment }));
          c.out(c.t('run.committedAt', { at: draw.committedAt }));
          c.out(c.t('run.declared', { source: declared.source }));
          for (const p of declared.parties) c.out(c.t('run.declaredParty', { name: p.name, hash: p.sha256 ? c.t('run.declaredPartyHash', { sha256: p.sha256 }) : '' }));
          if (outcome.seedNotBefore) c.out(c.t('run.seedNotBefore', { earliest: outcome.seedNotBefore.at, minutes: outcome.seedNotBefore.minutes }));
          c.out(c.t('run.noticeHint', { draw: draw.id }));
          if (declared.parties.length) c.out(c.t('run.nextParts', { plan: plan.number, parts: declared.parties.map((p) => `--seed-part ${quoted(p.name)}=…`).join(' ') }));
          else c.out(c.t('run.nextSeedWitness', { plan: plan.number }));
          c.out(c.t('audit.head', { hash: data.auditHead }));
        },
      };
    }
    const view = drawViewOf(db, outcome.draw, outcome.plan, outcome.parameters, outcome.output, ctx.json ? Infinity : 10);
    return { data: { ...view, staleGrades: outcome.staleGrades?.record }, render: (c: Context) => { renderStaleGrades(c, outcome.staleGrades); renderDrawSummary(c, view, 10, outcome.output.sheets.length); } };
  });
};

/** A name as a shell line would need it: quoted when it holds a space or a quote. */
const quoted = (name: string) => (/[\s"'$`\\]/.test(name) ? `"${name.replace(/["$`\\]/g, '\\$&')}"` : name);
