import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { yearOf, type Filing } from '../../app/annual-plan.js';
import { auditHeadEntry } from '../../store/audit.js';
import { setting } from '../../store/settings.js';
import { chinaDate } from '../../core/deadlines.js';
import { formatPpm } from '../../core/draw/index.js';
import { annualPlanHtml, type AnnualPaper } from '../../io/annual-plan-html.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { fmt } from '../render.js';
import { ratioText, scopeText } from '../views/annual.js';

/**
 * `draw export plan YEAR --out FILE.html`: the year's annual plan as filed with the level above,
 * one A4 page for the year and one per task. Once filed, the year's figures are those it was
 * filed on; a task added after the filing is marked so. Public: no subject is named (0644).
 */
export function exportAnnualPlan(year: number, opts: { out: string; force?: boolean }, ctx: Context) {
  return withDb(ctx, (db) => {
    const { t } = ctx;
    const y = yearOf(db, year);
    if (!y.annual) throw DrawError.of(EXIT.usage, 'annual.notFound', { year }, 'annual.notFoundHint');
    const filing = y.annual.filing as Filing | null;
    const figures = filing ?? { registry: y.floor.registry, floorPpm: y.floor.floorPpm, needed: y.floor.needed, expected: y.floor.expected, tasks: [] };
    const filedNumbers = new Set((filing?.tasks ?? []).map((x) => x.number));
    const paper: AnnualPaper = {
      year, office: t('annual.paper.officeName', { division: setting(db, 'division_code') }),
      filed: y.annual.filedAt ? t('annual.paper.filedOn', { date: chinaDate(y.annual.filedAt), by: y.annual.filedBy ?? '' }) : t('annual.paper.notFiled'),
      registry: fmt(figures.registry), floor: formatPpm(figures.floorPpm), needed: fmt(figures.needed), expected: fmt(figures.expected),
      pct: figures.registry ? ((figures.expected * 100) / figures.registry).toFixed(2) : '0.00',
      tasks: y.tasks.map((x) => {
        const name = (code: string) => x.plan.departments.find((d) => d.code === code)?.name ?? code;
        return {
          number: x.plan.number, name: x.plan.name,
          type: t(x.directed ? 'annual.directed' : 'annual.undirected'),
          state: `${t(`annual.state.${x.state}`)}${filing && !filedNumbers.has(x.plan.number) ? t('annual.paper.afterFiling') : ''}`,
          initiator: `${name(x.plan.initiator)}（${x.plan.initiator}）`,
          departments: x.plan.departments.map((d) => t('plan.teamOf', { name: `${d.name}（${d.code}）`, n: d.teamSize })),
          scope: scopeText(ctx, x.plan.scope), ratio: ratioText(x.plan), window: `${x.plan.windowStart} ~ ${x.plan.windowEnd}`,
          items: x.plan.items.map((i) => ({ department: i.department, code: `${i.code} v${i.version}`, name: `${i.project}${i.subitem ? `／${i.subitem}` : ''}`, basis: i.basis, method: i.method })),
          strata: x.today.per.map((s) => ({ stratum: t(`stratum.${s.stratum}`), ratio: formatPpm(s.ppm), size: fmt(s.size), drawn: fmt(s.drawn) })),
          population: fmt(x.today.population), expected: fmt(x.expected),
        };
      }),
      auditHead: auditHeadEntry(db), madeOn: chinaDate(ctx.now().toISOString()),
    };
    // filed with the level above and published: no personal data, so readable by all (0644)
    const { path, sha256 } = writeFileSafelySync(opts.out, annualPlanHtml(t, ctx.lang, paper), { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const data = { year, out: path, sha256, tasks: y.tasks.length, filedAt: y.annual.filedAt, auditHead: paper.auditHead.hash, auditSeq: paper.auditHead.seq };
    return { data, render: (c: Context) => c.out(c.t('annual.paper.written', { out: path, year, tasks: y.tasks.length })) };
  });
}
