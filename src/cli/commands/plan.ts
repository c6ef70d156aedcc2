import type { CommandFn } from '../command.js';
import type { Window } from '../flags.js';
import type { Context } from '../context.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { planChoices, type DepartmentChoice } from '../../store/plans.js';
import { DEFAULT_SCOPE, parseTeamSizes, type PlanDraft, type Scope } from '../../core/plan.js';
import { createPlan } from '../../app/create-plan.js';
import { loadTownships } from '../../io/townships.js';
import { fromLabel } from '../labels.js';
import { renderPlan } from '../views/plan.js';
import { TYPE_CLASSES } from '../../core/records.js';

/**
 * `draw plan --year 2022 [flags]`: adds a task to the year's annual plan (art. 14), creating the
 * annual plan if the year has none. Values the flags leave out are asked for by the wizard on a
 * terminal, which may then add more tasks; without one (or with --no-input) a missing value is an
 * error naming its flag. Every rule of the task is checked before it is stored.
 */
const list = (v: unknown): string[] => (typeof v === 'string' ? v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : []);
/** The flags of `draw plan create`; year, ratios and window arrive parsed (src/cli/flags.ts). */
interface PlanOptions {
  year?: number; name?: string; number?: string; initiator?: string; departments?: string; items?: string;
  ratio?: number; ratioByGrade?: NonNullable<PlanDraft['gradePpm']>; teamSize?: string; window?: Window;
  status?: string; town?: string; type?: string; industry?: string; authority?: string; unit?: string;
}

export const run: CommandFn<PlanOptions> = async (_args, opts, ctx) =>
  withDb(ctx, async (db) => {
    const choices = planChoices(db);
    let draft = draftFromFlags(opts, ctx, choices);
    const missing = missingFlags(draft);
    if (missing.length > 0 && !ctx.interactive) throw usageError('plan.missingFlag', { flags: missing.join(', ') }, 'plan.missingFlagHint');
    const created: ReturnType<typeof createPlan>[] = [];
    // The wizard may add several tasks of the year's annual plan in one sitting (art. 14): each is
    // checked and stored as it is saved, and the next starts from the year alone.
    for (;;) {
      if (missingFlags(draft).length > 0) {
        const { planWizard } = await import('../prompts/plan-wizard.js');
        draft = await planWizard(db, ctx, draft, choices);
      }
      created.push(createPlan(appOf(ctx, db), draft as PlanDraft));
      if (missing.length === 0) break;
      const { anotherTask } = await import('../prompts/plan-wizard.js');
      if (!(await anotherTask(ctx, draft.year!))) break;
      draft = { year: draft.year, scope: { ...DEFAULT_SCOPE } };
    }
    const shown = created.map(({ plan: stored, expected, reach, auditHead }) => ({
      stored, expected, reach, auditHead,
      data: { ...stored, population: expected.population, expectedDraw: expected.drawn, strata: expected.per, leftOut: expected.leftOut, reach, auditHead },
    }));
    const last = shown[shown.length - 1]!;
    return {
      // one task: the task; several (the wizard): the last, with every one made in `tasks`
      data: shown.length === 1 ? last.data : { ...last.data, tasks: shown.map((x) => x.data) },
      render: (c: Context) => {
        for (const { stored, expected, reach, auditHead } of shown) {
          c.out(c.t('plan.created', { id: stored.id, number: stored.number }));
          renderPlan(c, stored, expected, reach);
          c.out(c.t('audit.head', { hash: auditHead }));
        }
      },
    };
  });

/** What the flags give; unknown departments and items are refused here, by name. */
function draftFromFlags(opts: PlanOptions, ctx: Context, choices: DepartmentChoice[]): Partial<PlanDraft> {
  const d: Partial<PlanDraft> = {};
  if (opts.year !== undefined) d.year = opts.year;
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
  if (opts.ratio !== undefined) d.ratioPpm = opts.ratio;
  if (opts.ratioByGrade !== undefined) d.gradePpm = opts.ratioByGrade;
  if (opts.window !== undefined) {
    d.windowStart = opts.window.start;
    d.windowEnd = opts.window.end;
  }
  d.scope = scopeFromFlags(opts, ctx);
  if (d.departments) {
    const sizes = parseTeamSizes(opts.teamSize, d.departments.map((x) => x.code));
    if (!sizes.ok) throw usageError('plan.badValue', { flag: '--team-size', value: sizes.part });
    d.departments = d.departments.map((x) => ({ ...x, teamSize: sizes.value[x.code] }));
  }
  return d;
}

function scopeFromFlags(opts: PlanOptions, ctx: Context): Scope {
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
      const v = fromLabel(ctx.t, 'typeClass', TYPE_CLASSES, s);
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
