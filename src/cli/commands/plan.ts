import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { appendAudit } from '../../store/audit.js';
import { setting } from '../../store/settings.js';
import {
  insertPlan, nextPlanNumber, planChoices, planNumberTaken, populationSizes, getPlan, type DepartmentChoice,
} from '../../store/plans.js';
import {
  checkPlan, DEFAULT_SCOPE, expectedDraw, parseGradeRatios, parseTeamSizes, strataOf, type PlanDraft, type PlanProblem, type Scope,
} from '../../core/plan.js';
import { parseRatio } from '../../core/draw/index.js';
import { isIsoDate } from '../../core/dates.js';
import { loadTownships } from '../../io/townships.js';
import { fromLabel } from '../labels.js';
import { fmt } from '../render.js';
import { renderPlan } from './plan-show.js';

/**
 * `draw plan --year 2022 [flags]`: creates an annual plan (art. 14). Values the flags leave out
 * are asked for by the wizard on a terminal; without one (or with --no-input) a missing value is
 * an error naming its flag. Every rule is checked before the plan is stored.
 */
const list = (v: unknown): string[] => (typeof v === 'string' ? v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : []);
export const yearCap = (db: Db) => setting(db, 'year_cap');

export const run: CommandFn = async (_args, opts, ctx) =>
  withDb(ctx, async (db) => {
    const choices = planChoices(db);
    let draft = draftFromFlags(opts, ctx, choices);
    const missing = missingFlags(draft);
    if (missing.length > 0) {
      if (!ctx.interactive) throw usageError('plan.missingFlag', { flags: missing.join(', ') }, 'plan.missingFlagHint');
      const { planWizard } = await import('../prompts/plan-wizard.js');
      draft = await planWizard(db, ctx, draft, choices);
    }
    const plan = complete(db, draft as Required<Partial<PlanDraft>> & PlanDraft);
    const sizes = populationSizes(db, plan.scope, plan.gradePpm !== null, plan.year, yearCap(db));
    const problems = checkPlan(plan, sizes);
    if (problems.length > 0) throw usageError('plan.refused', { reasons: problems.map((p) => `\n  - ${problemText(ctx, p)}`).join('') });
    const now = ctx.now().toISOString();
    const { id, head } = db.transaction(() => {
      const id = insertPlan(db, plan, now, ctx.operator);
      const head = appendAudit(db, ctx.now(), ctx.operator, 'plan.create', { plan: id, ...plan }).hash;
      return { id, head };
    }).immediate();
    const stored = getPlan(db, id)!;
    const expected = expectedDraw(sizes, strataOf(plan));
    const data = { ...stored, population: expected.population, expectedDraw: expected.drawn, strata: expected.per, auditHead: head };
    return {
      data,
      render: (c: Context) => {
        c.out(c.t('plan.created', { id, number: plan.number }));
        renderPlan(c, stored, expected);
        c.out(c.t('audit.head', { hash: head }));
      },
    };
  });

/** What the flags give; unknown departments and items are refused here, by name. */
function draftFromFlags(opts: Record<string, any>, ctx: Context, choices: DepartmentChoice[]): Partial<PlanDraft> {
  const d: Partial<PlanDraft> = {};
  if (opts.year !== undefined) {
    const y = Number(opts.year);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw usageError('plan.badValue', { flag: '--year', value: opts.year });
    d.year = y;
  }
  if (opts.name) d.name = String(opts.name).trim();
  if (opts.number) d.number = String(opts.number).trim();
  const known = new Map(choices.map((c) => [c.code, c]));
  const byName = new Map(choices.map((c) => [c.name, c.code]));
  const dept = (text: string) => {
    const code = known.has(text.toUpperCase()) ? text.toUpperCase() : byName.get(text);
    if (!code) throw usageError('plan.unknownDepartment', { value: text, known: choices.map((c) => c.code).join(', ') });
    return code;
  };
  if (opts.departments) d.departments = [...new Set(list(opts.departments).map(dept))].map((code) => ({ code, teamSize: 2 }));
  if (opts.initiator) d.initiator = dept(String(opts.initiator));
  if (opts.items) {
    const chosen = d.departments?.map((x) => x.code) ?? [];
    const wanted = list(opts.items);
    const all = choices.flatMap((c) => c.items.map((i) => ({ ...i, department: c.code })));
    d.items = wanted.flatMap((w) => {
      if (w.toLowerCase() === 'all') return all.filter((i) => chosen.includes(i.department) && i.random);
      const item = all.find((i) => i.code === w.toUpperCase() || i.code === w);
      if (!item) throw usageError('plan.unknownItem', { value: w });
      return [item];
    }).filter((i, at, all) => all.findIndex((x) => x.code === i.code) === at) // an item named twice counts once
      .map((i) => ({ code: i.code, version: i.version, department: i.department, random: i.random }));
  }
  if (opts.ratio !== undefined) {
    const ppm = parseRatio(String(opts.ratio));
    if (ppm === null) throw usageError('plan.badValue', { flag: '--ratio', value: opts.ratio });
    d.ratioPpm = ppm;
  }
  if (opts.ratioByGrade !== undefined) {
    const r = parseGradeRatios(String(opts.ratioByGrade), parseRatio);
    if (!r.ok) throw usageError('plan.badValue', { flag: '--ratio-by-grade', value: r.part });
    d.gradePpm = r.value;
  }
  if (opts.window !== undefined) {
    const m = /^(\S+?)\s*(?:\.\.|~|至|—|–)\s*(\S+)$/.exec(String(opts.window).trim());
    if (!m || !isIsoDate(m[1]) || !isIsoDate(m[2])) throw usageError('plan.badValue', { flag: '--window', value: opts.window });
    d.windowStart = m[1];
    d.windowEnd = m[2];
  }
  d.scope = scopeFromFlags(opts, ctx);
  if (d.departments) {
    const sizes = parseTeamSizes(opts.teamSize, d.departments.map((x) => x.code));
    if (!sizes.ok) throw usageError('plan.badValue', { flag: '--team-size', value: sizes.part });
    d.departments = d.departments.map((x) => ({ ...x, teamSize: sizes.value[x.code] }));
  }
  return d;
}

function scopeFromFlags(opts: Record<string, any>, ctx: Context): Scope {
  const scope: Scope = { ...DEFAULT_SCOPE };
  if (opts.status) {
    scope.statuses = list(opts.status).map((s) => {
      const v = fromLabel(ctx.t, 'status', ['active', 'deregistered', 'revoked', 'moved_out'], s);
      if (!v) throw usageError('plan.badValue', { flag: '--status', value: s });
      return v as Scope['statuses'][number];
    });
  }
  const town = loadTownships(ctx.packageRoot);
  if (opts.town) scope.townships = list(opts.town).map((t) => town(t) ?? t);
  if (opts.type) {
    scope.typeClasses = list(opts.type).map((s) => {
      const v = fromLabel(ctx.t, 'typeClass', ['enterprise', 'individual', 'cooperative'], s);
      if (!v) throw usageError('plan.badValue', { flag: '--type', value: s });
      return v as Scope['typeClasses'][number];
    });
  }
  if (opts.industry) scope.industryPrefixes = list(opts.industry).map((s) => s.toUpperCase());
  if (opts.authority) scope.authorities = list(opts.authority);
  if (opts.unit) scope.units = list(opts.unit);
  return scope;
}

const REQUIRED: [keyof PlanDraft, string][] = [
  ['year', '--year'], ['name', '--name'], ['departments', '--departments'], ['items', '--items'], ['initiator', '--initiator'],
  ['ratioPpm', '--ratio'], ['windowStart', '--window'],
];

export function missingFlags(d: Partial<PlanDraft>): string[] {
  return REQUIRED.filter(([k]) => d[k] === undefined).map(([, flag]) => flag);
}

function complete(db: Db, d: PlanDraft): PlanDraft {
  const number = d.number ?? nextPlanNumber(db, d.year);
  if (planNumberTaken(db, number)) throw usageError('plan.numberTaken', { number });
  return { ...d, number, gradePpm: d.gradePpm ?? null };
}

export function problemText(ctx: Context, p: PlanProblem): string {
  return ctx.t(`plan.problem.${p.code}`, { ...p, needed: 'needed' in p ? fmt(p.needed) : '' });
}

