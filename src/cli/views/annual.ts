import type { Context } from '../context.js';
import type { YearView } from '../../app/annual-plan.js';
import type { Scope } from '../../core/plan.js';
import { formatPpm } from '../../core/draw/index.js';
import { chinaDate } from '../../core/deadlines.js';
import { label } from '../labels.js';
import { fmt, table } from '../render.js';

/** A task's scope in a clerk's words: statuses; townships; classes; industries; authorities; units. */
export function scopeText(ctx: Context, scope: Scope): string {
  const { t } = ctx;
  return [
    scope.statuses.map((s) => label(t, 'status', s)).join('、'), scope.townships.join('、'),
    scope.typeClasses.map((s) => label(t, 'typeClass', s)).join('、'), scope.industryPrefixes.map((x) => `${x}*`).join('、'),
    scope.authorities.join('、'), scope.units.join('、'),
  ].filter(Boolean).join('；');
}

/** A task's ratio: the task's, and per grade where it has them. */
export function ratioText(p: { ratioPpm: number; gradePpm: Partial<Record<string, number>> | null }): string {
  const grades = p.gradePpm ? Object.entries(p.gradePpm).map(([g, ppm]) => `${g}=${formatPpm(ppm!)}`).join('、') : '';
  return grades ? `${formatPpm(p.ratioPpm)}（${grades}）` : formatPpm(p.ratioPpm);
}

/** `draw plan show YEAR` and `draw plan file YEAR`: the annual plan, its tasks, and the year against the floor. */
export function renderYear(ctx: Context, y: YearView): void {
  const { t } = ctx;
  const a = y.annual;
  ctx.out(t('annual.title', { year: y.year }));
  ctx.out(a?.filedAt ? t('annual.filed', { at: chinaDate(a.filedAt), by: a.filedBy ?? '' }) : t('annual.notFiled'));
  if (y.tasks.length) {
    ctx.out(table(ctx, [t('annual.col.task'), t('plan.name'), t('annual.col.type'), t('plan.scope'), t('plan.departments'), t('plan.items'), t('plan.ratio'),
      t('plan.window'), t('annual.col.state'), t('annual.col.expected')],
    y.tasks.map((x) => [x.plan.number, x.plan.name, t(x.directed ? 'annual.directed' : 'annual.undirected'), scopeText(ctx, x.plan.scope),
      x.plan.departments.map((d) => t('plan.teamOf', { name: d.code, n: d.teamSize })).join('、'), x.plan.items.map((i) => i.code).join('、'), ratioText(x.plan),
      `${x.plan.windowStart} ~ ${x.plan.windowEnd}`, t(`annual.state.${x.state}`), fmt(x.expected)])));
  }
  const f = y.floor;
  const pct = (n: number) => (f.registry ? ((n * 100) / f.registry).toFixed(2) : '0.00');
  ctx.out(t('annual.expectedLine', { tasks: y.tasks.length, expected: fmt(f.expected), registry: fmt(f.registry), pct: pct(f.expected),
    floor: formatPpm(f.floorPpm), needed: fmt(f.needed) }));
  ctx.out(t(f.meetsExpected ? 'annual.expectedMeets' : 'annual.expectedShort', { short: fmt(Math.max(0, f.needed - f.expected)) }));
  ctx.out(t('annual.achievedLine', { achieved: fmt(f.achieved), registry: fmt(f.registry), pct: pct(f.achieved), needed: fmt(f.needed) }));
}

/** What `plan show YEAR --json` gives: the year's figures and each task's. */
export function yearData(y: YearView) {
  return {
    year: y.year, annualPlan: y.annual ? { id: y.annual.id, createdAt: y.annual.createdAt, createdBy: y.annual.createdBy, filedAt: y.annual.filedAt, filedBy: y.annual.filedBy } : null,
    tasks: y.tasks.map((x) => ({
      id: x.plan.id, number: x.plan.number, name: x.plan.name, type: x.directed ? 'directed' : 'undirected', state: x.state, initiator: x.plan.initiator,
      scope: x.plan.scope, departments: x.plan.departments.map((d) => d.code), items: x.plan.items.map((i) => i.code), ratioPpm: x.plan.ratioPpm,
      gradePpm: x.plan.gradePpm, windowStart: x.plan.windowStart, windowEnd: x.plan.windowEnd, population: x.today.population, expected: x.expected, drawn: x.drawn,
    })),
    registry: y.floor.registry, floorPpm: y.floor.floorPpm, needed: y.floor.needed, expected: y.floor.expected, achieved: y.floor.achieved,
    meetsFloor: y.floor.meetsExpected, achievedMeetsFloor: y.floor.meetsAchieved,
  };
}
