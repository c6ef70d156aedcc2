import { drawArg } from '../../app/refs.js';
import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { auditHeadEntry, listAudit } from '../../store/audit.js';
import { loadSnapshot, sheetsByPage, snapshotChunks } from '../../store/draws.js';
import { replacementsOf } from '../../store/replacements.js';
import { rejectionsOf } from '../../store/rejections.js';
import { runDraw, stratumCount, SubjectsScan, type ChunkedInput } from '../../core/draw/index.js';
import { fromTexts, inputOfTexts, type DrawParameters } from '../../core/snapshot.js';
import { PACKAGE_CLASSIFICATION, PACKAGE_FORMAT, packageEntry, sealPackageChunked } from '../../core/package.js';
import { parseJsonOr } from '../../core/canonical.js';
import type { PoolOrder } from '../../core/draw/index.js';
import { TOOL_VERSION } from '../../version.js';
import { drawCeremony } from '../../app/seed-ceremony.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';

/**
 * `draw export package DRAW --out FILE`: a self-contained replay package (see docs/ALGORITHM.md),
 * marked internal: it holds the credit grades, so it goes to auditors, never to the public.
 */
interface Options { out: string; force?: boolean }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  return withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (!draw.seed || !draw.drawnAt || !draw.resultHash) throw usageError('replay.notDrawn', { id });
    const parameters = JSON.parse(draw.parameters) as DrawParameters;
    const ceremony = drawCeremony(draw);
    const inspectors = loadSnapshot(db, draw.id, 'inspectors')?.text ?? '';
    const conflicts = loadSnapshot(db, draw.id, 'conflicts')?.text ?? '';
    // the subjects a chunk at a time and the sheets a page at a time, never whole (core/package.ts sealPackageChunked)
    const chunks = snapshotChunks(db, draw.id, 'subjects');
    const subjects = () => chunks.chunks();
    // The expected strata are the draw's own (sizes from the snapshot); the sheets are as recorded.
    const strata = strataOf(subjects, inputOfTexts(inspectors, conflicts, parameters))
      ?? runDraw(fromTexts({ subjects: [...subjects()].join(''), inspectors, conflicts }, parameters, draw.seed)).strata;
    // the head with its seq: the package is an anchor for `draw audit verify --anchor`
    const head = auditHeadEntry(db);
    // the pool orders as drawn (stored since issue 13): left out for an older draw, never recomputed here,
    // since a replay compares the recorded orders with its own
    const pools = draw.pools === null ? undefined : parseJsonOr<PoolOrder[] | undefined>(draw.pools, undefined);
    const pkg = sealPackageChunked({
      // internal (内部): the snapshot holds every subject's credit grade; the public papers are the notices
      format: PACKAGE_FORMAT, tool: TOOL_VERSION, classification: PACKAGE_CLASSIFICATION,
      draw: { id: draw.id, status: draw.status, seed: draw.seed, seedSource: draw.seedSource ?? 'given', commitment: draw.commitment,
        committedAt: draw.committedAt, drawnAt: draw.drawnAt, resultHash: draw.resultHash,
        // issue 13: the declared seed source and the ceremony record, when on record (the replay re-derives a seed given in parts)
        ...(ceremony.declaration ? { seedDeclaration: ceremony.declaration } : {}), ...(ceremony.record ? { ceremony: ceremony.record } : {}) },
      parameters, snapshots: { subjects: '', inspectors, conflicts }, expected: { strata, sheets: [], ...(pools ? { pools } : {}) },
      replacements: replacementsOf(db, draw.id).map((r) => ({
        seq: r.seq, number: r.number, department: r.department, replaced: r.replaced, substitute: r.substitute,
        conflicts: r.conflicts, inactive: r.inactive, approvedBy: r.approvedBy, filedOn: r.filedOn,
      })),
      // without the notes: free text, personal (the audit entries carry their digests)
      rejections: rejectionsOf(db, draw.id).map((r) => ({
        seq: r.seq, number: r.number, department: r.department, reason: r.reason, cancels: r.cancels, substitute: r.substitute,
        skipped: r.skipped, excluded: r.excluded,
      })),
      audit: { head: head.hash, headSeq: head.seq, entries: listAudit(db, { draw: draw.id }).map(packageEntry) },
    }, subjects, () => sheetsByPage(db, draw.id));
    // the audit entries name people: the database's mode
    const { path } = writeFileSafelySync(opts.out, pkg.text, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.private });
    const data = { draw: draw.id, out: path, integrity: pkg.integrity, auditHead: head.hash };
    return { data, render: (c) => { c.out(c.t('package.written', { out: path, draw: draw.id })); c.out(c.t('package.howTo', { out: path })); } };
  });
};

/**
 * The strata a draw of this snapshot gives (as runDraw would: sizes, and what each draws), from a
 * pass over its chunks; null when the text is not canonical (the caller then draws it whole).
 */
function strataOf(subjects: () => Iterable<string>, input: ChunkedInput): { stratum: string; size: number; drawn: number }[] | null {
  const scan = new SubjectsScan(input.conflicts.map((c) => c.key));
  for (const chunk of subjects()) scan.add(chunk);
  const arranged = scan.check(input);
  return arranged && arranged.base.strata.map((s, i) => ({ stratum: s.stratum, size: arranged.sizes[i]!, drawn: stratumCount(arranged.sizes[i]!, s.ppm) }));
}
