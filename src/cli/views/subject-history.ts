import type { Context } from '../context.js';
import type { HistoryEntry } from '../../app/subject-history.js';
import { ACTIONS, FINDINGS, labelOf } from '../../core/findings.js';
import { table } from '../render.js';

/** `draw show subject`'s history section: one block per sheet, newest first. */
export function renderHistory(ctx: Context, history: HistoryEntry[]): void {
  const { t } = ctx;
  if (history.length === 0) {
    ctx.out(t('history.none'));
    return;
  }
  ctx.out(t('history.title', { n: history.length }));
  for (const h of history) {
    ctx.out('');
    ctx.out(t('history.sheet', {
      sheet: h.sheet, sheets: h.sheets, plan: h.plan.number, name: h.plan.name, status: t(`drawStatus.${h.drawStatus}`),
      date: h.drawStatus === 'voided' ? h.voidedOn ?? '' : h.drawnOn ?? '',
    }));
    const rows = h.departments.flatMap((d) => d.items.map((i) => [
      d.name, d.inspectors.map((x) => `${x.name}（${x.certificate}）`).join('、'), i.code, [i.project, i.subitem].filter(Boolean).join(' / '),
      i.outcome ? t(`paper.outcome.${i.outcome}`) : '',
    ]));
    ctx.out(table(ctx, [t('field.department'), t('paper.col.inspectors'), t('paper.col.itemCode'), t('field.project'), t('paper.col.itemOutcome')], rows));
    const r = h.result;
    if (!r) {
      if (h.drawStatus === 'drawn') ctx.out(t('history.noResult'));
    } else {
      ctx.out(t('history.result', {
        date: r.inspectedOn, findings: r.findings.map((f) => labelOf(FINDINGS, f)).join('、'),
        signature: r.signed ? t('paper.sheet.signed') : `${t('paper.sheet.refused')}（${r.refusalNote}；${t('paper.sheet.witness')}：${r.witness}）`,
        by: r.enteredBy, corrections: r.corrections,
      }));
    }
    for (const d of h.dispositions) {
      ctx.out(t('history.disposition', {
        text: t('paper.disposition', { action: labelOf(ACTIONS, d.action), date: d.decidedOn, state: t(d.complete ? 'paper.complete' : 'paper.incomplete') }),
      }));
    }
    for (const p of h.publications) {
      ctx.out(t(p.current ? 'history.published' : 'history.publishedEarlier', { disclosure: p.disclosure, date: p.at.slice(0, 10), file: p.file }));
    }
    if (r && h.publications.length === 0) ctx.out(t('history.notPublished'));
  }
}
