import type { Context } from '../context.js';
import type { Db } from '../../store/db.js';
import { DrawError, EXIT } from '../../errors.js';
import { drawnByStratum, getDraw, loadSheets, loadSheetsNumbered, namesFor, drawsOfPlan, sheetNumbers, snapshotChunks, type DrawRow } from '../../store/draws.js';
import type { ChangedSheet, PoolOrder, StratumResult } from '../../core/draw/index.js';
import { parseJsonOr } from '../../core/canonical.js';
import { getPlan, type PlanRow } from '../../store/plans.js';
import { auditHead } from '../../store/audit.js';
import { stratumSizesOf, type DrawParameters } from '../../core/snapshot.js';
import { rejectionsOf } from '../../store/rejections.js';
import { fmt, table } from '../render.js';
import { filedReplacements } from '../../store/replacements.js';
import { recordedOn } from '../../store/draw-records.js';
import { ACTIONS, FINDINGS, labelOf } from '../../core/findings.js';
import { drawCeremony } from '../../app/seed-ceremony.js';

/** Reading a draw: what `draw show draw ID` and `draw run` print. */
export type DrawView = ReturnType<typeof drawView>;

/** The view of draw `id`; `paged`: without its sheets, which are then read a page at a time (sheetPages). */
export function drawView(db: Db, id: number, paged = false) {
  const d = getDraw(db, id);
  if (!d) throw DrawError.of(EXIT.usage, 'draw.notFound', { id });
  const plan = getPlan(db, d.planId)!;
  const parameters = JSON.parse(d.parameters) as DrawParameters;
  const sheets = paged ? [] : loadSheets(db, id);
  const sizes = snapshotSizes(db, id);
  // a substitute sheet came in after the draw: the strata count what was drawn
  const drawn = drawnByStratum(db, id);
  const strata = parameters.strata.map((s) => ({ stratum: s.stratum, size: sizes[s.stratum] ?? 0, drawn: drawn[s.stratum] ?? 0 }));
  return { ...drawViewOf(db, d, plan, parameters, { strata, sheets }), replacements: replacementsView(db, id), records: recordsView(db, d) };
}

/** The sheets of a draw as the view shows them, a page at a time (a province's draw has 200,000). */
export function sheetPages(db: Db, id: number, size = 1000): { total: number; pages: Iterable<DrawView['sheets']> } {
  const numbers = sheetNumbers(db, id);
  function* pages() {
    for (let i = 0; i < numbers.length; i += size) yield sheetViews(db, loadSheetsNumbered(db, id, numbers.slice(i, i + size)));
  }
  return { total: numbers.length, pages: pages() };
}

/** Sheets with the names of their subjects and inspectors. */
function sheetViews(db: Db, sheets: readonly ChangedSheet[]) {
  const names = namesFor(db, sheets);
  return sheets.map((s) => ({
    ...s, cancelledBy: s.cancelledBy ?? null, substituteFor: s.substituteFor ?? null,
    subjectName: names.subjects.get(s.key)?.name ?? '',
    inspectors: s.inspectors.map((i) => ({ ...i, name: names.inspectors.get(i.certificate)?.name ?? '' })),
  }));
}

/** Each replacement (art. 16): who for whom, why, who approved it, when it was filed. */
function replacementsView(db: Db, drawId: number) {
  return filedReplacements(db, { draw: drawId }).map((r) => ({
    seq: r.seq, sheet: r.number, department: r.department, replaced: { certificate: r.replaced, name: r.replacedName },
    substitute: { certificate: r.substitute, name: r.substituteName }, reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn, at: r.at, operator: r.operator,
  }));
}

/**
 * What departments recorded on the draw, every row; on a voided draw each is marked voided: it
 * stays on record (art. 31) but counts for nothing.
 */
function recordsView(db: Db, d: DrawRow) {
  const voided = d.status === 'voided';
  const r = recordedOn(db, d.id);
  return {
    voided,
    confirmations: r.confirmations.map((c) => ({ ...c, voided })),
    results: r.results.map((x) => ({ ...x, corrected: x.supersededBy !== null, voided })),
    dispositions: r.dispositions.map((x) => ({ ...x, corrected: x.supersededBy !== null, voided })),
  };
}

/** The view of a draw and of its first `named` sheets, with their names (people read names; the draw keeps keys). */
export function drawViewOf(db: Db, d: DrawRow, plan: PlanRow, parameters: DrawParameters, result: { strata: StratumResult[]; sheets: ChangedSheet[] }, named = Infinity) {
  const others = drawsOfPlan(db, d.planId).filter((x) => x.id !== d.id).map((x) => ({ id: x.id, status: x.status, voidReason: x.voidReason }));
  const ceremony = drawCeremony(d);
  return {
    draw: d.id, plan: plan.number, planName: plan.name, status: d.status, commitment: d.commitment, committedAt: d.committedAt,
    seed: d.seed, seedSource: d.seedSource, drawnAt: d.drawnAt, resultHash: d.resultHash, operator: d.operator,
    // issue 13: the pool orders as drawn (docs/ALGORITHM.md §10), null for a draw made before they were recorded
    pools: parseJsonOr<PoolOrder[] | null>(d.pools ?? 'null', null),
    // issue 13: where the seed was declared to come from, and its parts, witnesses and one-step mark (null when not on record)
    seedDeclaration: ceremony.declaration, ceremony: ceremony.record,
    voided: d.status === 'voided' ? { at: d.voidedAt, reason: d.voidReason, approvedBy: d.voidApprovedBy } : null,
    parameters, snapshots: parameters.snapshots,
    strata: result.strata.map((s) => ({ ...s, ppm: parameters.strata.find((x) => x.stratum === s.stratum)?.ppm ?? 0 })),
    otherDraws: others,
    // art. 17: departments' rejections, in the order made; a cancelled sheet and its substitute are marked
    rejections: rejectionsOf(db, d.id).map((r) => ({
      seq: r.seq, sheet: r.number, department: r.department, reason: r.reason, note: r.note, cancels: r.cancels, substitute: r.substitute, at: r.at, operator: r.operator,
    })),
    // only the sheets named are shown: `draw run` prints 10 of a province's 200,000, and builds no view of the others
    sheets: sheetViews(db, named < result.sheets.length ? result.sheets.slice(0, named) : result.sheets),
    auditHead: auditHead(db),
  };
}

/** Stratum sizes come from the stored snapshot, not from today's registry. */
function snapshotSizes(db: Db, drawId: number): Record<string, number> {
  // a chunk at a time: a million subjects' snapshot is never whole in memory just to be counted
  const chunks = snapshotChunks(db, drawId, 'subjects');
  const sizes: Record<string, number> = {};
  for (const chunk of chunks.chunks()) {
    for (const [stratum, n] of Object.entries(stratumSizesOf(chunk))) sizes[stratum] = (sizes[stratum] ?? 0) + n;
  }
  return sizes;
}

/** The ceremony's rows (issue 13): declared source and parties, the draw's time, parts, witnesses, and the one-step warning. */
function ceremonyRows(ctx: Context, d: ReturnType<typeof drawViewOf>): [string, string][] {
  const { t } = ctx;
  const rows: [string, string][] = [];
  const declared = d.seedDeclaration;
  const parties = declared?.parties.map((p) => (p.sha256 ? t('ceremony.partyHashed', { name: p.name }) : p.name)).join('、');
  rows.push([t('draw.seedDeclared'), declared ? [declared.source, parties].filter(Boolean).join('：') : t('draw.noCeremony')]);
  if (d.drawnAt) rows.push([t('draw.drawnAt'), d.drawnAt]);
  const record = d.ceremony;
  if (d.status !== 'committed') {
    if (!record) rows.push([t('draw.witnesses'), t('draw.noCeremony')]);
    else {
      if (record.parts.length) rows.push([t('draw.seedParts'), record.parts.map((p) => t('ceremony.part', { ...p })).join('、')]);
      rows.push([t('draw.witnesses'), record.witnesses.map((w) => (w.role ? t('ceremony.witness', { ...w }) : w.name)).join('、') || t('paper.ceremony.none')]);
      if (record.oneStep) rows.push(['!', t('draw.oneStepWarning')]);
    }
  }
  return rows;
}

export function renderDrawSummary(ctx: Context, d: ReturnType<typeof drawViewOf>, maxSheets = 10, total = d.sheets.length, pages?: Iterable<DrawView['sheets']>): void {
  const { t } = ctx;
  ctx.out(table(ctx, [t('field.field'), t('field.value')], [
    [t('draw.id'), d.draw], [t('plan.number'), d.plan], [t('draw.status'), t(`drawStatus.${d.status}`)],
    [t('draw.commitment'), d.commitment], [t('draw.committedAt'), d.committedAt], ...ceremonyRows(ctx, d),
    [t('draw.seed'), d.seed ? `${d.seed}（${t(`seedSource.${d.seedSource}`)}）` : ''],
    [t('draw.resultHash'), d.resultHash ?? ''],
    ...(['subjects', 'inspectors', 'conflicts'] as const).map((k) => [t(`snapshot.${k}`), `${fmt(d.snapshots[k].rows)}  ${d.snapshots[k].sha256}`]),
  ]));
  ctx.out(table(ctx, [t('plan.stratum'), t('plan.population'), t('draw.drawn')], d.strata.map((s) => [t(`stratum.${s.stratum}`), fmt(s.size), fmt(s.drawn)])));
  // The sheets as plain lines: a table of multi-line cells is slow to lay out for a long list.
  const shown = d.sheets.slice(0, maxSheets);
  if (shown.length || (pages && total)) ctx.out(`${t('sheet.number')}  ${t('field.credit_code')}  ${t('field.subject_name')}`);
  for (const s of pages ? flat(pages) : shown) {
    ctx.out(`${String(s.number).padStart(4)}  ${s.key}  ${s.subjectName}`);
    const byDept = new Map<string, string[]>();
    for (const i of s.inspectors) byDept.set(i.department, [...(byDept.get(i.department) ?? []), `${i.name} ${i.certificate}`]);
    ctx.out(`      ${[...byDept].map(([dept, people]) => `${dept} ${people.join('、')}`).join('；')}`);
    if (s.cancelledBy !== null) ctx.out(t('draw.sheetCancelled', { seq: s.cancelledBy }));
    if (s.substituteFor !== null) ctx.out(t('draw.sheetSubstitute', { for: s.substituteFor }));
  }
  if (!pages && total > shown.length) ctx.out(t('draw.moreSheets', { shown: shown.length, total: fmt(total), draw: d.draw }));
  renderRejections(ctx, d);
  ctx.out(t('audit.head', { hash: d.auditHead }));
}

export function* flat<T>(pages: Iterable<T[]>): Generator<T> {
  for (const page of pages) yield* page;
}

/** Every sheet of the draw: those of the view, or, for a view made `paged`, its pages (sheetPages). */
export function renderDrawFull(ctx: Context, v: DrawView, pages?: Iterable<DrawView['sheets']>, total?: number): void {
  const { t } = ctx;
  ctx.out(`${t('plan.name')}: ${v.planName}`);
  renderDrawSummary(ctx, v, Infinity, total ?? v.sheets.length, pages);
  if (v.replacements.length) {
    ctx.out(t('draw.replacementsTitle', { n: v.replacements.length }));
    ctx.out(table(ctx, [t('sheet.number'), t('field.department'), t('draw.replaced'), t('draw.substitute'), t('field.reason'), t('opt.approvedBy'), t('draw.filedOn')],
      v.replacements.map((r) => [r.sheet, r.department, `${r.replaced.name} ${r.replaced.certificate}`, `${r.substitute.name} ${r.substitute.certificate}`,
        r.reason, r.approvedBy, r.filedOn])));
  }
  renderRecords(ctx, v.records);
  if (v.voided) ctx.out(t('draw.voidedNote', { at: v.voided.at, reason: v.voided.reason, approvedBy: v.voided.approvedBy }));
  for (const o of v.otherDraws) ctx.out(t('draw.otherDraw', { id: o.id, status: t(`drawStatus.${o.status}`), reason: o.voidReason ?? '' }));
}

function renderRejections(ctx: Context, d: ReturnType<typeof drawViewOf>): void {
  const { t } = ctx;
  if (!d.rejections.length) return;
  ctx.out(t('draw.rejections'));
  for (const r of d.rejections) {
    const effect = !r.cancels ? t('draw.rejectionRemoves') : r.substitute !== null ? t('draw.rejectionCancels', { substitute: r.substitute }) : t('draw.rejectionCancelsNone');
    ctx.out(`  ${t('draw.rejectionLine', { seq: r.seq, sheet: r.sheet, department: r.department, reason: t(`reason.${r.reason}`), note: r.note ? t('rejection.note', { note: r.note }) : '', effect, at: r.at, operator: r.operator })}`);
  }
}

/** The records on the draw; under a voided draw each line says so. */
function renderRecords(ctx: Context, r: DrawView['records']): void {
  const { t } = ctx;
  if (r.confirmations.length + r.results.length + r.dispositions.length === 0) return;
  const mark = (corrected: boolean) => [corrected ? t('draw.recordCorrected') : '', r.voided ? t('draw.recordVoided') : ''].filter(Boolean).join(' ');
  ctx.out(t(r.voided ? 'draw.recordsKeptTitle' : 'draw.recordsTitle'));
  if (r.confirmations.length) {
    ctx.out(table(ctx, [t('field.department'), t('status.confirmed'), t('status.due'), t('draw.recordMark')],
      r.confirmations.map((c) => [c.department, `${c.confirmedAt}${c.late ? ` ${t('status.late')}` : ''}`, c.dueOn, mark(false)])));
  }
  if (r.results.length) {
    ctx.out(table(ctx, [t('sheet.number'), '#', t('field.department'), t('paper.col.inspectedOn'), t('paper.col.findings'), t('field.operator'), t('draw.recordMark')],
      r.results.map((x) => [x.number, x.id, x.department ?? t('draw.jointResult'), x.inspectedOn, x.findings.map((f) => labelOf(FINDINGS, f)).join('、'), x.enteredBy, mark(x.corrected)])));
  }
  if (r.dispositions.length) {
    ctx.out(table(ctx, [t('sheet.number'), '#', t('field.department'), t('draw.dispositionAction'), t('draw.decidedOn'), t('draw.recordMark')],
      r.dispositions.map((x) => [x.number, x.id, x.department ?? '', labelOf(ACTIONS, x.action), x.decidedOn, mark(x.corrected)])));
  }
}
