import type { Context } from '../context.js';
import type { Db } from '../../store/db.js';
import { nextPlanNumber, scopeCount, type DepartmentChoice } from '../../store/plans.js';
import { poolSizes } from '../../store/draws.js';
import { townshipCounts } from '../../store/queries.js';
import {
  checkPlan, itemProblems, parseTeamSizes, poolProblems, windowProblems, type PlanDraft, type PlanProblem, type Scope,
} from '../../core/plan.js';
import { formatPpm } from '../../core/draw/index.js';
import { dateError } from '../../core/dates.js';
import { expectedDrawOf, type ExpectedDraw } from '../../app/expected-draw.js';
import { yearOf } from '../../app/annual-plan.js';
import { planItemMethods } from '../../app/plan-reach.js';
import { teamRuleProblems } from '../../core/team-rule.js';
import { planProblemMessage } from '../../app/messages.js';
import { parseDay, parseGradeShares, parseShare, parseYear } from '../flags.js';
import { appliesNote, expectedTable, leftOutNote } from '../views/plan.js';
import { fmt, table } from '../render.js';
import { label } from '../labels.js';
import { usageError } from '../../errors.js';
import { asker, type Ask } from './ask.js';

/**
 * The plan wizard: asks only for what the flags left out, and checks each answer as it is given
 * with the rules of src/core/plan.ts (the ones a plan made by flags meets): a department short of
 * inspectors when it is chosen, a window whose end precedes its start at the end date. The 3%
 * floor is the year's (art. 17): the wizard shows the year's running totals, the tasks' expected
 * draws against the floor, as the ratio is answered and in the summary; it refuses no ratio. It ends with a summary of every value, from which the
 * clerk saves, changes any one answer (the others are kept), or gives up. Ctrl-C cancels (exit 130).
 */
/** A parser's number, or null for a refusal (src/cli/flags.ts parsers say why with { bad }). */
const numberOf = (v: number | null | { bad: string }): number | null => (typeof v === 'number' ? v : null);

type Field = 'year' | 'name' | 'departments' | 'items' | 'initiator' | 'scope' | 'ratio' | 'grades' | 'teamSize' | 'window';

export async function planWizard(db: Db, ctx: Context, d: Partial<PlanDraft>, choices: DepartmentChoice[]): Promise<PlanDraft> {
  const w = new Wizard(db, ctx, d, choices, asker(ctx.t));
  // First pass: only what the flags did not give.
  if (d.year === undefined) await w.ask('year');
  w.yearTotals();
  if (d.name === undefined) await w.ask('name');
  if (d.departments === undefined) await w.ask('departments');
  if (d.items === undefined) await w.ask('items');
  if (d.initiator === undefined) await w.ask('initiator');
  if (d.scope!.townships.length === 0 || d.scope!.typeClasses.length === 0) await w.ask('scope', { onlyEmpty: true });
  if (d.ratioPpm === undefined) await w.ask('ratio');
  if (d.gradePpm === undefined) await w.ask('grades');
  if (d.departments!.every((x) => x.teamSize === 2)) await w.ask('teamSize');
  if (d.windowStart === undefined) await w.ask('window');
  return w.review();
}

class Wizard {
  private readonly t: Context['t'];
  constructor(private readonly db: Db, private readonly ctx: Context, private readonly d: Partial<PlanDraft>,
    private readonly choices: DepartmentChoice[], private readonly q: Ask) {
    this.t = ctx.t;
  }

  private say(p: PlanProblem): string {
    const m = planProblemMessage(p);
    return this.t(m.key, m.params);
  }

  /** The first problem's words, or true: what a prompt's validate returns. */
  private verdict(problems: PlanProblem[]): string | true {
    return problems.length ? problems.map((p) => this.say(p)).join('；') : true;
  }

  private get year(): number {
    return this.d.year ?? this.ctx.now().getFullYear();
  }

  /** Inspectors each department could field: items and window as far as they are answered. */
  private pools(departments: string[], items = this.d.items ?? [], through = this.d.windowEnd ?? `${this.year}-01-01`) {
    return poolSizes(this.db, departments, items, through);
  }

  /** The team rule (core/team-rule.ts) for team sizes and items as far as they are answered. */
  private teamRule(departments: PlanDraft['departments'], items = this.d.items ?? []): PlanProblem[] {
    return teamRuleProblems(departments, items, planItemMethods(this.db, items));
  }

  /**
   * What the draw would take for these answers (app/expected-draw.ts): the population counts only
   * the subjects one of the items chosen so far applies to, as `draw run` will.
   */
  private expected(d: Pick<PlanDraft, 'scope' | 'ratioPpm' | 'gradePpm' | 'year'>): ExpectedDraw {
    return expectedDrawOf(this.db, { ...d, departments: this.d.departments ?? [], items: this.d.items ?? [] });
  }

  /** The running count as the scope is answered: the scope, and of it the draw's population once items are chosen. */
  private population(): void {
    const inScope = fmt(scopeCount(this.db, this.d.scope!));
    if (!this.d.items?.length) {
      this.ctx.err(this.t('wizard.population', { n: inScope }));
      return;
    }
    const e = this.expected({ scope: this.d.scope!, ratioPpm: this.d.ratioPpm ?? 1, gradePpm: this.d.gradePpm ?? null, year: this.year });
    this.ctx.err(this.t('wizard.populationDrawn', { n: inScope, drawn: fmt(e.population), leftOut: fmt(e.leftOut) }));
  }

  /**
   * The year's running totals (art. 17 on the year): what the annual plan's tasks so far expect to
   * draw, with this task's expected draw as answered so far, against the floor of the registry.
   */
  yearTotals(): void {
    const y = yearOf(this.db, this.year);
    const d = this.d;
    const own = d.ratioPpm !== undefined && d.items?.length
      ? this.expected({ scope: d.scope!, ratioPpm: d.ratioPpm, gradePpm: d.gradePpm ?? null, year: this.year }).drawn : 0;
    const f = y.floor;
    const total = f.expected + own;
    this.ctx.err(this.t(total >= f.needed ? 'annual.wizard.totals' : 'annual.wizard.totalsShort', {
      year: this.year, tasks: y.tasks.length, before: fmt(f.expected), own: fmt(own), total: fmt(total),
      needed: fmt(f.needed), floor: formatPpm(f.floorPpm), registry: fmt(f.registry), short: fmt(Math.max(0, f.needed - total)),
    }));
  }

  async ask(field: Field, options: { onlyEmpty?: boolean } = {}): Promise<void> {
    const { t, d, q } = this;
    switch (field) {
      case 'year': {
        const text = await q.text(t('wizard.year'), { default: String(d.year ?? this.year),
          validate: (v) => (numberOf(parseYear(v)) !== null ? true : t('wizard.badYear')) });
        d.year = numberOf(parseYear(text))!;
        return;
      }
      case 'name':
        d.name = (await q.text(t('wizard.name'), { default: d.name ?? t('wizard.defaultName', { year: this.year }),
          validate: (v) => (v.trim() ? true : t('reject.required')) })).trim();
        return;
      case 'departments': {
        const before = new Map((d.departments ?? []).map((x) => [x.code, x.teamSize]));
        const size = (code: string) => before.get(code) ?? 2;
        const all = this.pools(this.choices.map((c) => c.code), []);
        const codes = await q.pick(t('wizard.departments'), this.choices.map((c) => ({
          value: c.code, checked: before.has(c.code), short: c.code,
          name: `${c.code} ${c.name}（${t('wizard.itemCount', { n: c.items.filter((i) => i.random).length })}，${t('wizard.inspectorCount', { n: all[c.code] ?? 0 })}）`,
        })), (chosen) => {
          if (chosen.length === 0) return t('wizard.pickOne');
          const departments = chosen.map((code) => ({ code, teamSize: size(code) }));
          return this.verdict(poolProblems(departments, this.pools(chosen, d.items?.filter((i) => chosen.includes(i.department)))));
        }, 15);
        d.departments = codes.map((code) => ({ code, teamSize: size(code) }));
        // Answers that hang on the departments follow them: items of a department left out go,
        // an initiator no longer taking part is asked again.
        if (d.items) {
          const kept = d.items.filter((i) => codes.includes(i.department));
          const added = codes.some((c) => !before.has(c));
          d.items = kept;
          if (added || d.departments.some((x) => !kept.some((i) => i.department === x.code))) await this.ask('items');
        }
        if (d.initiator !== undefined && !codes.includes(d.initiator)) {
          d.initiator = undefined;
          await this.ask('initiator');
        }
        return;
      }
      case 'items': {
        const chosen = d.departments!.map((x) => x.code);
        const previous = d.items && d.items.length ? new Set(d.items.map((i) => i.code)) : null;
        const options = this.choices.filter((c) => chosen.includes(c.code)).flatMap((c) => c.items.map((i) => ({
          value: { code: i.code, version: i.version, department: c.code, random: i.random },
          name: `${c.code} ${i.code} ${i.project}${i.subitem ? `／${i.subitem}` : ''}${appliesNote(this.ctx, i)}`, short: i.code,
          checked: i.random && (previous ? previous.has(i.code) || !d.items!.some((x) => x.department === c.code) : true),
          disabled: i.random ? false : t('wizard.notRandom'),
        })));
        d.items = await q.pick(t('wizard.items'), options, (items) => {
          if (items.length === 0) return t('wizard.pickOne');
          return this.verdict([...itemProblems(d.departments!, items), ...poolProblems(d.departments!, this.pools(chosen, items)), ...this.teamRule(d.departments!, items)]);
        });
        return;
      }
      case 'initiator': {
        const chosen = d.departments!.map((x) => x.code);
        d.initiator = chosen.length === 1 ? chosen[0] : await q.one(t('wizard.initiator'),
          chosen.map((code) => ({ value: code, name: `${code} ${this.choices.find((c) => c.code === code)?.name ?? ''}` })), d.initiator);
        return;
      }
      case 'scope': {
        const scope: Scope = d.scope!;
        this.population();
        if (!options.onlyEmpty || scope.townships.length === 0) {
          const had = new Set(scope.townships);
          scope.townships = await q.pick(t('wizard.townships'),
            townshipCounts(this.db).map((x) => ({ value: x.township, name: `${x.township}（${fmt(x.n)}）`, short: x.township, checked: had.has(x.township) })));
          this.population();
        }
        if (!options.onlyEmpty || scope.typeClasses.length === 0) {
          const had = new Set(scope.typeClasses);
          scope.typeClasses = await q.pick(t('wizard.types'), (['enterprise', 'individual', 'cooperative', 'other'] as const)
            .map((v) => ({ value: v, name: label(t, 'typeClass', v), checked: had.has(v) })));
          this.population();
        }
        return;
      }
      case 'ratio': {
        const text = await q.text(t('wizard.ratio'), { default: d.ratioPpm !== undefined ? formatPpm(d.ratioPpm) : '5%',
          validate: (v) => (numberOf(parseShare(v)) === null ? t('wizard.ratioRange') : true) });
        d.ratioPpm = numberOf(parseShare(text))!;
        this.yearTotals();
        return;
      }
      case 'grades': {
        if (!(await q.yesNo(t('wizard.graded'), Boolean(d.gradePpm)))) {
          d.gradePpm = null;
          return;
        }
        const current = d.gradePpm ? Object.entries(d.gradePpm).map(([g, ppm]) => `${g}=${formatPpm(ppm!)}`).join(',') : 'A=3%,B=5%,C=10%,D=20%';
        const text = await q.text(t('wizard.gradeRatios'), { default: current, validate: (v) => {
          const r = parseGradeShares(v);
          return r === null || 'bad' in r ? `${r?.bad ?? v}：${t('wizard.ratioRange')}` : true;
        } });
        d.gradePpm = parseGradeShares(text) as NonNullable<PlanDraft['gradePpm']>;
        this.yearTotals();
        return;
      }
      case 'teamSize': {
        const chosen = d.departments!.map((x) => x.code);
        const current = d.departments!.every((x) => x.teamSize === d.departments![0].teamSize)
          ? String(d.departments![0].teamSize) : d.departments!.map((x) => `${x.code}=${x.teamSize}`).join(',');
        const sized = (v: string) => {
          const r = parseTeamSizes(v, chosen);
          return r.ok ? d.departments!.map((x) => ({ ...x, teamSize: r.value[x.code] })) : null;
        };
        const text = await q.text(t('wizard.teamSize'), { default: current, validate: (v) => {
          const departments = sized(v);
          return departments ? this.verdict([...poolProblems(departments, this.pools(chosen)), ...this.teamRule(departments)]) : t('wizard.badTeamSize');
        } });
        d.departments = sized(text)!;
        return;
      }
      case 'window': {
        const day = (v: string, extra: (iso: string) => PlanProblem[]): string | true => {
          const why = dateError(v);
          if (why === 'noSuchDay') return t('wizard.noSuchDay', { value: v.trim() });
          if (why === 'format') return t('wizard.dateFormat');
          const iso = parseDay(v) as string;
          if (!iso.startsWith(`${this.year}-`)) return t('wizard.outsideYear', { date: iso, year: this.year });
          return this.verdict(extra(iso));
        };
        const start = parseDay(await q.text(t('wizard.windowStart'), { default: d.windowStart ?? `${this.year}-04-01`, validate: (v) => day(v, () => []) })) as string;
        const end = parseDay(await q.text(t('wizard.windowEnd'), { default: d.windowEnd && d.windowEnd >= start ? d.windowEnd : `${this.year}-06-30`, validate: (v) => day(v, (iso) => {
          const order = windowProblems(this.year, start, iso);
          if (order.length) return order;
          // The certificates must hold through the end of the window: the pools as they will be drawn.
          return poolProblems(d.departments!, this.pools(d.departments!.map((x) => x.code), d.items, iso));
        }) })) as string;
        d.windowStart = start;
        d.windowEnd = end;
        return;
      }
    }
  }

  /** The summary of every value, with the plan's own check; saved, changed one answer at a time, or given up. */
  async review(): Promise<PlanDraft> {
    const { t, ctx } = this;
    for (;;) {
      const draft = { ...this.d, gradePpm: this.d.gradePpm ?? null } as PlanDraft;
      const e = this.expected(draft);
      ctx.err(`\n${t('wizard.summary')}`);
      ctx.err(expectedTable(ctx, e));
      const left = leftOutNote(ctx, e);
      if (left) ctx.err(left);
      const rows = this.summaryRows(draft, e);
      ctx.err(table(ctx, [t('field.field'), t('field.value')], rows.map(([, name, value]) => [name, value])));
      this.yearTotals();
      const problems = checkPlan(draft, {
        sizes: Object.fromEntries(e.per.map((s) => [s.stratum, s.size])),
        pools: this.pools(draft.departments.map((x) => x.code), draft.items, draft.windowEnd),
        methods: planItemMethods(this.db, draft.items),
        reach: Object.fromEntries(e.reach.map((r) => [r.department, r.subjects])), leftOut: e.leftOut,
      });
      if (problems.length) ctx.err(t('wizard.problems', { reasons: problems.map((p) => `\n  - ${this.say(p)}`).join('') }));
      const next = await this.q.one<Field | 'save' | 'cancel'>(t('wizard.next'), [
        { value: 'save', name: t('wizard.save'), disabled: problems.length > 0 },
        ...rows.filter(([f]) => f !== null).map(([f, name]) => ({ value: f as Field, name: t('wizard.change', { field: name }) })),
        { value: 'cancel', name: t('wizard.cancel') },
      ], problems.length ? undefined : 'save');
      if (next === 'save') return draft;
      if (next === 'cancel') throw usageError('wizard.declined');
      await this.ask(next);
    }
  }

  /** Each row: the answer it changes (null: given by a flag that the wizard does not ask, or derived), its name, its value. */
  private summaryRows(p: PlanDraft, e: ExpectedDraw): [Field | null, string, string][] {
    const { t } = this;
    const name = (code: string) => this.choices.find((c) => c.code === code)?.name ?? '';
    const s = p.scope;
    const scope = [
      s.statuses.map((x) => label(t, 'status', x)).join('、'),
      s.townships.length ? s.townships.join('、') : t('wizard.townshipsAll'),
      s.typeClasses.length ? s.typeClasses.map((x) => label(t, 'typeClass', x)).join('、') : t('wizard.typesAll'),
      s.industryPrefixes.map((x) => `${x}*`).join('、'), s.authorities.join('、'), s.units.join('、'),
    ].filter(Boolean).join('；');
    const rows: [Field | null, string, string][] = [
      [null, t('plan.number'), p.number ?? nextPlanNumber(this.db, p.year)],
      ['year', t('plan.year'), String(p.year)],
      ['name', t('plan.name'), p.name],
      ['departments', t('wizard.departmentsField'), p.departments.map((x) => `${x.code} ${name(x.code)}`).join('、')],
      ['items', t('plan.items'), p.items.map((i) => i.code).join('、')],
      ['initiator', t('plan.initiator'), `${p.initiator} ${name(p.initiator)}`],
      ['scope', t('wizard.scope'), scope],
      ['ratio', t('plan.ratio'), formatPpm(p.ratioPpm)],
      ['grades', t('wizard.grades'), p.gradePpm ? Object.entries(p.gradePpm).map(([g, ppm]) => `${g}=${formatPpm(ppm!)}`).join('、') : t('wizard.gradesNone')],
      // with each department's reach: the subjects of the population its items apply to
      ['teamSize', t('wizard.teamSizes'), e.reach.map((r) => t('wizard.teamReach', { code: r.department, n: r.teamSize, subjects: fmt(r.subjects) })).join('、')],
      ['window', t('plan.window'), `${p.windowStart} ~ ${p.windowEnd}`],
      [null, t('wizard.expected'), t('wizard.expectedOf', { drawn: fmt(e.drawn), population: fmt(e.population) })],
    ];
    return rows;
  }
}

/** After a task is saved: another task for the same year's annual plan, in the same sitting? */
export async function anotherTask(ctx: Context, year: number): Promise<boolean> {
  return asker(ctx.t).yesNo(ctx.t('annual.wizard.another', { year }), false);
}
