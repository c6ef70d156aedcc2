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
    const team = (d: (typeof h.departments)[number]) => d.inspectors.map((x) => `${x.name}（${x.certificate}）`).join('、');
    // a department none of whose items applies to the subject keeps its row (and team), saying so
    const rows = h.departments.flatMap((d) => d.items.length === 0 ? [[d.name, team(d), '', t('history.noItems'), '']] : d.items.map((i) => [
      d.name, team(d), i.code, [i.project, i.subitem].filter(Boolean).join(' / '),
      i.outcome ? t(`paper.outcome.${i.outcome}`) : '',
    ]));
    ctx.out(table(ctx, [t('field.department'), t('paper.col.inspectors'), t('paper.col.itemCode'), t('field.project'), t('paper.col.itemOutcome')], rows));
    // each department's own result (art. 6), then the sheet's visit once (art. 18)
    const entered = h.departments.some((d) => d.result);
    if (!entered) {
      if (h.drawStatus === 'drawn') ctx.out(t('history.noResult'));
    } else {
      for (const d of h.departments) {
        const r = d.result;
        if (!r) ctx.out(t('history.departmentNoResult', { department: d.name }));
        else ctx.out(t('history.departmentResult', {
          department: d.name, date: r.inspectedOn, findings: r.findings.map((f) => labelOf(FINDINGS, f)).join('、'), by: r.enteredBy, corrections: r.corrections,
        }) + (r.joint ? t('history.joint') : '') + (r.lateReason ? t('history.lateReason', { reason: r.lateReason }) : ''));
      }
    }
    const v = h.visit;
    if (v) ctx.out(t('history.visit', { signature: v.signed ? t('paper.sheet.signed') : `${t('paper.sheet.refused')}（${v.refusalNote}；${t('paper.sheet.witness')}：${v.witness}）` }));
    const nameOf = (code: string | null) => h.departments.find((d) => d.code === code)?.name ?? code ?? '';
    for (const d of h.dispositions) {
      const text = t('paper.disposition', { action: labelOf(ACTIONS, d.action), date: d.decidedOn, state: t(d.complete ? 'paper.complete' : 'paper.incomplete') });
      ctx.out(d.department ? t('history.departmentDisposition', { department: nameOf(d.department), text }) : t('history.disposition', { text }));
    }
    // one line per disclosure, naming whose results it carried
    const byDisclosure = new Map<string, { p: (typeof h.publications)[number]; whose: string[] }>();
    for (const p of h.publications) {
      const k = `${p.disclosure} ${p.current}`;
      if (!byDisclosure.has(k)) byDisclosure.set(k, { p, whose: [] });
      if (p.department) byDisclosure.get(k)!.whose.push(nameOf(p.department));
    }
    for (const { p, whose } of byDisclosure.values()) {
      ctx.out(t(p.current ? 'history.published' : 'history.publishedEarlier', { disclosure: p.disclosure, date: p.at.slice(0, 10), file: p.file })
        + (whose.length ? t('history.of', { department: whose.join('、') }) : ''));
    }
    if (entered && h.publications.length === 0) ctx.out(t('history.notPublished'));
  }
}
