import { readPackageFile } from '../../io/package-reader.js';
import { drawArg } from '../../app/refs.js';
import type { CommandFn, CommandOutput } from '../command.js';
import type { Context } from '../context.js';
import { EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { listAudit, verifyAudit } from '../../store/audit.js';
import { eventOf } from '../../core/audit-events.js';
import { loadSnapshot, recordedSheets, snapshotChunks, substituteSheets } from '../../store/draws.js';
import { replacementsOf } from '../../store/replacements.js';
import { rejectionsOf } from '../../store/rejections.js';
import { runDraw } from '../../core/draw/index.js';
import { canonicalJson, parseJsonOr } from '../../core/canonical.js';
import { ceremonyProblems } from '../../core/ceremony.js';
import { drawLogProblems, replayChunks, resultHash, type Difference, type DrawParameters } from '../../core/snapshot.js';
import { packageAuditProblems } from '../../core/package.js';
import { packageSheets, readParts } from '../../core/package-parts.js';
import { paint } from '../render.js';
import { poolDifferences, type PoolDifference } from '../../core/pools.js';
import type { PoolOrder } from '../../core/draw/index.js';

/**
 * `draw replay DRAW` recomputes a draw from its stored snapshots and seed; `draw replay --package FILE`
 * does the same from a replay package, with no database at all. Any difference: exit 4.
 */
interface ReplayOptions { package?: string }

export const run: CommandFn<ReplayOptions> = async ([id], opts, ctx) => {
  if (opts.package) return fromPackage(String(opts.package), ctx);
  if (!id) throw usageError('replay.what');
  return withDb(ctx, (db) => fromDb(db, id, ctx));
};

type Problem = Difference | { what: 'audit'; detail: string } | { what: 'integrity'; expected: string; found: string } | ({ what: 'pool' } & PoolDifference);

function fromDb(db: Db, id: string, ctx: Context): CommandOutput {
  const draw = drawArg(db, id);
  if (!draw.seed) throw usageError('replay.notDrawn', { id });
  // A row edited into something that is not JSON is a difference to report, not a crash.
  const parameters = parseJsonOr(draw.parameters, {} as DrawParameters);
  const problems: Problem[] = [];
  // the sheets as recorded, read a row at a time as they are compared (never all held)
  const stored = recordedSheets(db, draw.id);
  const replacements = replacementsOf(db, draw.id);
  const rejections = rejectionsOf(db, draw.id);
  // the subjects a chunk at a time (core/snapshot.ts replayChunks): never whole in memory
  const result = replayChunks({
    parameters, commitment: draw.commitment, subjects: snapshotChunks(db, draw.id, 'subjects'),
    inspectors: loadSnapshot(db, draw.id, 'inspectors')?.text ?? '', conflicts: loadSnapshot(db, draw.id, 'conflicts')?.text ?? '',
    seed: draw.seed, stored, replacements, rejections, run: runDraw,
  });
  problems.push(...result.differences);
  // the pool orders as drawn (stored since issue 13; NULL before): a row edited into something else is a difference
  if (result.replayed && draw.pools !== null) {
    const stored = parseJsonOr<unknown>(draw.pools, null);
    problems.push(...poolDifferences(Array.isArray(stored) ? (stored as PoolOrder[]) : [], result.replayed.pools).map((d) => ({ what: 'pool' as const, ...d })));
  }
  const replayedHash = result.replayed && resultHash(result.replayed.strata, result.replayed.sheets);
  if (replayedHash && draw.resultHash !== replayedHash) {
    problems.push({ what: 'audit', detail: ctx.t('replay.resultHash', { expected: replayedHash, found: draw.resultHash }) });
  }
  // The log is the record that left the machine: the draw's row must agree with its entries.
  const entries = listAudit(db, { draw: draw.id });
  const commitEvent = eventOf(entries, 'draw.commit', draw.id);
  const runEvent = eventOf(entries, 'draw.run', draw.id);
  if (!commitEvent || commitEvent.commitment !== draw.commitment) problems.push({ what: 'audit', detail: ctx.t('replay.commitEntry', { found: commitEvent?.commitment ?? '-', expected: draw.commitment }) });
  if (!runEvent || runEvent.seed !== draw.seed || runEvent.result !== draw.resultHash) {
    problems.push({ what: 'audit', detail: ctx.t('replay.runEntry', { seed: runEvent?.seed ?? '-', result: runEvent?.result ?? '-' }) });
  }
  for (const p of drawLogProblems(entries, replacements, rejections, substituteSheets(db, draw.id))) problems.push({ what: 'audit', detail: ctx.t(`replay.log.${p.problem}`, p) });
  // issue 13: a seed given in parts is their combination, and the parts those of the declared parties
  const declaration = parseJsonOr<unknown>(draw.seedDeclaration ?? 'null', UNREADABLE);
  const ceremony = parseJsonOr<unknown>(draw.ceremony ?? 'null', UNREADABLE);
  problems.push(...ceremonyDetails(ctx, draw.seed, declaration, ceremony));
  // a NULL column is held to the entry too: emptied, it would pass for a draw made before issue 13
  if (runEvent && canonicalJson(runEvent.ceremony ?? null) !== canonicalJson(ceremony ?? null)) problems.push({ what: 'audit', detail: ctx.t('replay.ceremonyEntry') });
  problems.push(...declarationEntryDetails(ctx, commitEvent, declaration));
  const chain = verifyAudit(db);
  if (chain.broken) problems.push({ what: 'audit', detail: ctx.t('audit.broken', { seq: chain.broken.seq, problem: chain.broken.problem }) });
  return report({ draw: draw.id, source: 'database', sheets: stored.count, auditHead: chain.head }, problems);
}

function fromPackage(file: string, ctx: Context): CommandOutput {
  // read in parts (io/package-reader.ts): the subjects snapshot and the sheets are never whole in memory
  const opened = readPackageFile(file);
  if (opened.problem === 'noFile') throw usageError('import.noFile', { file });
  if (opened.problem === 'json') throw usageError('replay.badPackage', { file, detail: ctx.t('replay.jsonAt', { ...opened.detail }) });
  const { parts } = opened;
  const read = readParts(parts);
  if (read.shape) throw usageError('replay.badPackageField', { file, field: read.shape.path, expected: read.shape.expected });
  const { pkg, sheets } = read;
  const problems: Problem[] = [];
  if (read.integrity !== pkg.integrity) problems.push({ what: 'integrity', expected: pkg.integrity, found: read.integrity });
  for (const a of packageAuditProblems(pkg, sheets.substitutes)) problems.push({ what: 'audit', detail: ctx.t(`replay.package.${a.problem}`, a) });
  // issue 13: the seed re-derived from the package's parts, and those parts held to the package's own log
  problems.push(...ceremonyDetails(ctx, pkg.draw.seed, pkg.draw.seedDeclaration, pkg.draw.ceremony));
  const runEntry = eventOf(pkg.audit.entries.filter((e) => e.action === 'draw.run'), 'draw.run', pkg.draw.id);
  if (pkg.draw.ceremony !== undefined && runEntry && canonicalJson(runEntry.ceremony ?? null) !== canonicalJson(pkg.draw.ceremony)) {
    problems.push({ what: 'audit', detail: ctx.t('replay.ceremonyEntry') });
  }
  const commitEntry = eventOf(pkg.audit.entries.filter((e) => e.action === 'draw.commit'), 'draw.commit', pkg.draw.id);
  problems.push(...declarationEntryDetails(ctx, commitEntry, pkg.draw.seedDeclaration ?? null));
  // the subjects snapshot a piece at a time, as the database's chunks are, and the sheets a page at a time
  // as they are compared (core/snapshot.ts replayChunks); sheets out of number order are compared whole
  const stored = packageSheets(parts.sheets!.pages, sheets, pkg.expected.strata);
  const result = replayChunks({ parameters: pkg.parameters, commitment: pkg.draw.commitment, subjects: parts.subjects!,
    inspectors: pkg.snapshots.inspectors, conflicts: pkg.snapshots.conflicts, seed: pkg.draw.seed,
    ...(sheets.ordered ? { stored } : { recorded: { strata: pkg.expected.strata, sheets: stored.all() } }),
    replacements: pkg.replacements, rejections: pkg.rejections ?? [], run: runDraw });
  problems.push(...result.differences);
  if (result.replayed) problems.push(...poolDifferences(pkg.expected.pools, result.replayed.pools).map((d) => ({ what: 'pool' as const, ...d })));
  const replayedHash = result.replayed && resultHash(result.replayed.strata, result.replayed.sheets);
  if (replayedHash && replayedHash !== pkg.draw.resultHash) {
    problems.push({ what: 'audit', detail: ctx.t('replay.resultHash', { expected: replayedHash, found: pkg.draw.resultHash }) });
  }
  // the verdict is about one file: not one written to, or replaced, while it was read again and again
  parts.stillSame();
  return report({ draw: pkg.draw.id, source: 'package', sheets: sheets.count, auditHead: pkg.audit?.head ?? '' }, problems);
}

/** What a ceremony column that is not JSON reads as: a value no reader takes, so the replay names it. */
const UNREADABLE = { unreadable: true };

/**
 * The seed declaration as recorded with the draw must be the one the commitment logged: the parts are
 * checked against the recorded declaration, so a party's published hash dropped from it (or a source
 * reworded) after the commitment would otherwise pass unseen. No entry to hold it to: nothing to say here
 * (a missing commit entry is reported on its own).
 */
function declarationEntryDetails(ctx: Context, commitEntry: { seedDeclaration?: unknown } | undefined, declaration: unknown): Problem[] {
  if (!commitEntry) return [];
  return canonicalJson(commitEntry.seedDeclaration ?? null) === canonicalJson(declaration ?? null)
    ? [] : [{ what: 'audit', detail: ctx.t('replay.declarationEntry') }];
}

/** The ceremony's problems (core/ceremony.ts ceremonyProblems) as the replay's differences. */
function ceremonyDetails(ctx: Context, seed: string, declaration: unknown, ceremony: unknown): Problem[] {
  return ceremonyProblems(seed, declaration, ceremony).map((p) => {
    if (p.problem === 'unreadable') return { what: 'audit', detail: ctx.t('replay.ceremony.unreadable') };
    if (p.problem === 'seed') return { what: 'audit', detail: ctx.t('replay.ceremony.seed', p) };
    return { what: 'audit', detail: ctx.t('replay.ceremony.part', { detail: ctx.t(`run.part.${p.problem}`, p) }) };
  });
}

function report(base: { draw: number; source: string; sheets: number; auditHead: string }, problems: Problem[]): CommandOutput {
  const data = { ...base, match: problems.length === 0, differences: problems };
  return {
    data,
    exitCode: problems.length ? EXIT.mismatch : EXIT.ok,
    render: (c) => {
      const p = paint(c);
      if (!problems.length) {
        c.out(p.green(c.t('replay.match', { draw: base.draw, sheets: base.sheets, source: c.t(`replay.source.${base.source}`) })));
        return;
      }
      c.out(p.red(c.t('replay.mismatch', { draw: base.draw, n: problems.length })));
      for (const d of problems) c.out(`  - ${describe(c, d)}`);
    },
  };
}

function describe(ctx: Context, d: Problem): string {
  switch (d.what) {
    case 'audit': return d.detail;
    case 'sheet': return ctx.t('replay.diff.sheet', { number: d.number, field: ctx.t(`replay.field.${d.field}`), expected: d.expected, found: d.found });
    case 'pool': return ctx.t(d.position === 0 ? 'replay.diff.poolMissing' : 'replay.diff.pool', { ...d });
    case 'replacement': return ctx.t('replay.diff.replacement', { seq: d.seq, number: d.number, expected: d.expected, found: d.found });
    default: return ctx.t(`replay.diff.${d.what}`, d as unknown as Record<string, unknown>);
  }
}
