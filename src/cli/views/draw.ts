import type { Context } from '../context.js';
import type { Db } from '../../store/db.js';
import { DrawError, EXIT } from '../../errors.js';
import { getDraw, loadSheets, loadSnapshot, namesFor, drawsOfPlan, type DrawRow } from '../../store/draws.js';
import type { Sheet, StratumResult } from '../../core/draw/index.js';
import { getPlan, type PlanRow } from '../../store/plans.js';
import { auditHead } from '../../store/audit.js';
import type { DrawParameters } from '../../core/snapshot.js';
import { fmt, table } from '../render.js';

/** Reading a draw: what `draw show draw ID` and `draw run` print. */
export type DrawView = ReturnType<typeof drawView>;

export function drawView(db: Db, id: number) {
  const d = getDraw(db, id);
  if (!d) throw DrawError.of(EXIT.usage, 'draw.notFound', { id });
  const plan = getPlan(db, d.planId)!;
  const parameters = JSON.parse(d.parameters) as DrawParameters;
  const sheets = loadSheets(db, id);
  const sizes = snapshotSizes(db, id);
  const drawn: Record<string, number> = {};
  for (const x of sheets) drawn[x.stratum] = (drawn[x.stratum] ?? 0) + 1;
  const strata = parameters.strata.map((s) => ({ stratum: s.stratum, size: sizes[s.stratum] ?? 0, drawn: drawn[s.stratum] ?? 0 }));
  return drawViewOf(db, d, plan, parameters, { strata, sheets });
}

/** The view of a draw, with names for the first `named` sheets (people read names; the draw keeps keys). */
export function drawViewOf(db: Db, d: DrawRow, plan: PlanRow, parameters: DrawParameters, result: { strata: StratumResult[]; sheets: Sheet[] }, named = Infinity) {
  const names = namesFor(db, result.sheets.slice(0, named));
  const others = drawsOfPlan(db, d.planId).filter((x) => x.id !== d.id).map((x) => ({ id: x.id, status: x.status, voidReason: x.voidReason }));
  return {
    draw: d.id, plan: plan.number, planName: plan.name, status: d.status, commitment: d.commitment, committedAt: d.committedAt,
    seed: d.seed, seedSource: d.seedSource, drawnAt: d.drawnAt, resultHash: d.resultHash, operator: d.operator,
    voided: d.status === 'voided' ? { at: d.voidedAt, reason: d.voidReason, approvedBy: d.voidApprovedBy } : null,
    parameters, snapshots: parameters.snapshots,
    strata: result.strata.map((s) => ({ ...s, ppm: parameters.strata.find((x) => x.stratum === s.stratum)?.ppm ?? 0 })),
    otherDraws: others,
    sheets: result.sheets.map((s) => ({
      ...s, subjectName: names.subjects.get(s.key)?.name ?? '',
      inspectors: s.inspectors.map((i) => ({ ...i, name: names.inspectors.get(i.certificate)?.name ?? '' })),
    })),
    auditHead: auditHead(db),
  };
}

/** Stratum sizes come from the stored snapshot, not from today's registry. */
function snapshotSizes(db: Db, drawId: number): Record<string, number> {
  const sizes: Record<string, number> = {};
  const text = loadSnapshot(db, drawId, 'subjects')?.text ?? '';
  for (let i = 0; i < text.length;) {
    const tab = text.indexOf('\t', i);
    const nl = text.indexOf('\n', tab);
    const stratum = text.slice(tab + 1, nl);
    sizes[stratum] = (sizes[stratum] ?? 0) + 1;
    i = nl + 1;
  }
  return sizes;
}

export function renderDrawSummary(ctx: Context, d: DrawView, maxSheets = 10): void {
  const { t } = ctx;
  ctx.out(table(ctx, [t('field.field'), t('field.value')], [
    [t('draw.id'), d.draw], [t('plan.number'), d.plan], [t('draw.status'), t(`drawStatus.${d.status}`)],
    [t('draw.commitment'), d.commitment], [t('draw.seed'), d.seed ? `${d.seed}（${t(`seedSource.${d.seedSource}`)}）` : ''],
    [t('draw.resultHash'), d.resultHash ?? ''],
    ...(['subjects', 'inspectors', 'conflicts'] as const).map((k) => [t(`snapshot.${k}`), `${fmt(d.snapshots[k].rows)}  ${d.snapshots[k].sha256}`]),
  ]));
  ctx.out(table(ctx, [t('plan.stratum'), t('plan.population'), t('draw.drawn')], d.strata.map((s) => [t(`stratum.${s.stratum}`), fmt(s.size), fmt(s.drawn)])));
  // The sheets as plain lines: a table of multi-line cells is slow to lay out for a long list.
  const shown = d.sheets.slice(0, maxSheets);
  if (shown.length) ctx.out(`${t('sheet.number')}  ${t('field.credit_code')}  ${t('field.subject_name')}`);
  for (const s of shown) {
    ctx.out(`${String(s.number).padStart(4)}  ${s.key}  ${s.subjectName}`);
    const byDept = new Map<string, string[]>();
    for (const i of s.inspectors) byDept.set(i.department, [...(byDept.get(i.department) ?? []), `${i.name} ${i.certificate}`]);
    ctx.out(`      ${[...byDept].map(([dept, people]) => `${dept} ${people.join('、')}`).join('；')}`);
  }
  if (d.sheets.length > shown.length) ctx.out(t('draw.moreSheets', { shown: shown.length, total: fmt(d.sheets.length), draw: d.draw }));
  ctx.out(t('audit.head', { hash: d.auditHead }));
}

export function renderDrawFull(ctx: Context, v: DrawView): void {
  const { t } = ctx;
  ctx.out(`${t('plan.name')}: ${v.planName}`);
  renderDrawSummary(ctx, v, Infinity);
  if (v.voided) ctx.out(t('draw.voidedNote', { at: v.voided.at, reason: v.voided.reason, approvedBy: v.voided.approvedBy }));
  for (const o of v.otherDraws) ctx.out(t('draw.otherDraw', { id: o.id, status: t(`drawStatus.${o.status}`), reason: o.voidReason ?? '' }));
}
