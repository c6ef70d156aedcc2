import type { CommandFn } from '../command.js';
import { DrawError, EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { getPlan } from '../../store/plans.js';
import { expectedDrawOf } from '../../app/expected-draw.js';
import { formatPpm } from '../../core/draw/index.js';
import { appliesLabel, label } from '../labels.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { mdCell, mdText } from '../../io/markdown.js';
import { anchorComment } from '../../io/anchor-meta.js';
import { auditHeadEntry } from '../../store/audit.js';
import { anchorText } from '../../core/audit-anchor.js';
import { exportAnnualPlan } from './export-annual-plan.js';

/**
 * `draw export plan YEAR --out FILE.html`: the annual plan as filed with the level above
 * (国市监信〔2019〕38号), printable HTML (export-annual-plan.ts). `draw export plan TASK --out FILE`:
 * one task as Markdown text, kept for a clerk who pastes a task into a document.
 */
interface Options { out: string; force?: boolean }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  if (/^\d{4}$/.test(String(id))) return exportAnnualPlan(Number(id), opts, ctx);
  return withDb(ctx, (db) => {
    const p = getPlan(db, id);
    if (!p) throw DrawError.of(EXIT.usage, 'plan.notFound', { id });
    const e = expectedDrawOf(db, p);
    const head = auditHeadEntry(db);
    const { t } = ctx;
    const scope = [
      `${t('field.status')}：${p.scope.statuses.map((s) => label(t, 'status', s)).join('、')}`,
      p.scope.townships.length ? `${t('field.township')}：${p.scope.townships.map(mdText).join('、')}` : '',
      p.scope.typeClasses.length ? `${t('field.type_class')}：${p.scope.typeClasses.map((s) => label(t, 'typeClass', s)).join('、')}` : '',
      p.scope.industryPrefixes.length ? `${t('field.industry_code')}：${p.scope.industryPrefixes.map(mdText).join('、')}` : '',
      p.scope.authorities.length ? `${t('field.registry_authority')}：${p.scope.authorities.map(mdText).join('、')}` : '',
      p.scope.units.length ? `${t('field.supervising_unit')}：${p.scope.units.map(mdText).join('、')}` : '',
    ].filter(Boolean);
    const lines = [
      `# ${mdText(p.name)}`, '',
      `- ${t('plan.number')}：${mdText(p.number)}`, `- ${t('plan.year')}：${p.year}`,
      `- ${t('plan.initiator')}：${mdText(p.departments.find((d) => d.code === p.initiator)?.name ?? p.initiator)}`,
      `- ${t('plan.window')}：${p.windowStart} ~ ${p.windowEnd}`,
      `- ${t('plan.ratio')}：${formatPpm(p.ratioPpm)}`, '',
      `## ${t('plan.departments')}`, '', ...p.departments.map((d) => `- ${mdText(d.name)}（${mdText(d.code)}）×${d.teamSize}`), '',
      `## ${t('plan.items')}`, '',
      `| ${t('field.department')} | ${t('field.code')} | ${t('field.project')} | ${t('field.subitem')} | ${t('field.content')} | ${t('field.basis')} | ${t('field.method')} | ${t('field.industries')} | ${t('field.subject_classes')} |`,
      '|---|---|---|---|---|---|---|---|---|',
      ...p.items.map((i) => `| ${[i.department, `${i.code} v${i.version}`, i.project, i.subitem, i.content, i.basis, i.method,
        appliesLabel(t, 'industries', i.industries), appliesLabel(t, 'subject_classes', i.subject_classes)].map(mdCell).join(' | ')} |`), '',
      `## ${t('plan.scope')}`, '', ...scope.map((s) => `- ${s}`), '',
      `| ${t('plan.stratum')} | ${t('plan.ratio')} | ${t('plan.population')} | ${t('plan.expected')} |`, '|---|---|---|---|',
      ...e.per.map((s) => `| ${t(`stratum.${s.stratum}`)} | ${formatPpm(s.ppm)} | ${s.size} | ${s.drawn} |`),
      `| ${t('plan.sum')} | | ${e.population} | ${e.drawn} |`, '',
      ...(e.leftOut > 0 ? [t('plan.leftOut', { n: String(e.leftOut) }), ''] : []),
      `| ${t('field.department')} | ${t('plan.reach')} |`, '|---|---|',
      ...e.reach.map((r) => `| ${mdCell(`${p.departments.find((d) => d.code === r.department)?.name ?? r.department}（${r.department}）`)} | ${r.subjects} / ${e.population} |`), '',
      // the audit head the plan was exported at, printed and as a comment: the filed plan is an anchor
      t('plan.auditHead', { head: anchorText(head) }), anchorComment(head), '',
    ];
    // filed with the level above and published: no personal data, so readable by all (0644)
    const { path } = writeFileSafelySync(opts.out, lines.join('\n'), { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    return { data: { plan: p.number, out: path }, render: (c) => c.out(c.t('export.written', { out: path })) };
  });
};
