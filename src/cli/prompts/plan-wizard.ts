import inquirer from 'inquirer';
import type { Context } from '../context.js';
import type { Db } from '../../store/db.js';
import { scopeCount, type DepartmentChoice } from '../../store/plans.js';
import { expectedDrawOf } from '../../app/expected-draw.js';
import { expectedTable } from '../views/plan.js';
import { townshipCounts } from '../../store/queries.js';
import { parseGradeRatios, parseTeamSizes, type PlanDraft, type Scope } from '../../core/plan.js';
import { parseRatio } from '../../core/draw/ratio.js';
import { isIsoDate } from '../../core/dates.js';
import { fmt, table } from '../render.js';
import { label } from '../labels.js';
import { usageError } from '../../errors.js';

/**
 * The plan wizard: asks only for what the flags left out, shows the population the scope gives
 * as it is chosen, and ends with a summary and a confirmation. Ctrl-C cancels (exit 130).
 */
export async function planWizard(db: Db, ctx: Context, d: Partial<PlanDraft>, choices: DepartmentChoice[]): Promise<PlanDraft> {
  const { t } = ctx;
  const ask = async <T>(q: Record<string, unknown>): Promise<T> => ((await inquirer.prompt([{ name: 'v', ...q }] as any)) as { v: T }).v;
  const count = (scope: Scope) => ctx.err(t('wizard.population', { n: fmt(scopeCount(db, scope)) }));

  d.year ??= Number(await ask<string>({ type: 'input', message: t('wizard.year'), default: String(ctx.now().getFullYear()),
    validate: (v: string) => (/^\d{4}$/.test(v.trim()) ? true : t('wizard.badYear')) }));
  d.name ??= (await ask<string>({ type: 'input', message: t('wizard.name'), default: t('wizard.defaultName', { year: d.year }),
    validate: (v: string) => (v.trim() ? true : t('reject.required')) })).trim();

  if (!d.departments) {
    const codes = await ask<string[]>({
      type: 'checkbox', message: t('wizard.departments'), pageSize: 15,
      choices: choices.map((c) => ({ value: c.code, name: `${c.code} ${c.name}（${t('wizard.itemCount', { n: c.items.filter((i) => i.random).length })}）` })),
      validate: (v: readonly unknown[]) => (v.length ? true : t('wizard.pickOne')),
    });
    d.departments = codes.map((code) => ({ code, teamSize: 2 }));
  }
  const chosen = d.departments.map((x) => x.code);

  if (!d.items) {
    const options = choices.filter((c) => chosen.includes(c.code)).flatMap((c) => c.items.map((i) => ({
      value: `${i.code}\u0000${i.version}\u0000${c.code}`,
      name: `${c.code} ${i.code} ${i.project}${i.subitem ? `／${i.subitem}` : ''}`,
      checked: i.random,
      disabled: i.random ? false : t('wizard.notRandom'),
    })));
    const picked = await ask<string[]>({ type: 'checkbox', message: t('wizard.items'), choices: options, pageSize: 20,
      validate: (v: readonly unknown[]) => (v.length ? true : t('wizard.pickOne')) });
    d.items = picked.map((v) => { const [code, version, department] = v.split('\u0000'); return { code, version: Number(version), department, random: true }; });
  }

  d.initiator ??= chosen.length === 1 ? chosen[0] : await ask<string>({
    type: 'select', message: t('wizard.initiator'), choices: chosen.map((code) => ({ value: code, name: `${code} ${choices.find((c) => c.code === code)?.name}` })),
  });

  const scope: Scope = d.scope!;
  count(scope);
  if (scope.townships.length === 0) {
    const towns = townshipCounts(db);
    scope.townships = await ask<string[]>({ type: 'checkbox', message: t('wizard.townships'), pageSize: 20,
      choices: towns.map((x) => ({ value: x.township, name: `${x.township}（${fmt(x.n)}）` })) });
    count(scope);
  }
  if (scope.typeClasses.length === 0) {
    scope.typeClasses = await ask<Scope['typeClasses']>({ type: 'checkbox', message: t('wizard.types'),
      choices: (['enterprise', 'individual', 'cooperative', 'other'] as const).map((v) => ({ value: v, name: label(t, 'typeClass', v) })) });
    count(scope);
  }

  if (d.ratioPpm === undefined) {
    d.ratioPpm = parseRatio(await ask<string>({ type: 'input', message: t('wizard.ratio'), default: '5%',
      validate: (v: string) => (parseRatio(v) !== null ? true : t('wizard.badRatio')) }))!;
  }
  if (d.gradePpm === undefined) {
    const graded = await ask<boolean>({ type: 'confirm', message: t('wizard.graded'), default: false });
    d.gradePpm = graded ? (parseGradeRatios(await ask<string>({ type: 'input', message: t('wizard.gradeRatios'), default: 'A=3%,B=5%,C=10%,D=20%',
      validate: (v: string) => (parseGradeRatios(v, parseRatio).ok ? true : t('wizard.badRatio')) }), parseRatio) as { ok: true; value: PlanDraft['gradePpm'] }).value : null;
  }
  if (d.departments.every((x) => x.teamSize === 2)) {
    const text = await ask<string>({ type: 'input', message: t('wizard.teamSize'), default: '2',
      validate: (v: string) => (parseTeamSizes(v, chosen).ok ? true : t('wizard.badTeamSize')) });
    const sizes = parseTeamSizes(text, chosen) as { ok: true; value: Record<string, number> };
    d.departments = d.departments.map((x) => ({ ...x, teamSize: sizes.value[x.code] }));
  }
  if (d.windowStart === undefined) {
    const date = (message: string, def: string) => ask<string>({ type: 'input', message, default: def,
      validate: (v: string) => (isIsoDate(v.trim()) ? true : t('wizard.badDate')) });
    d.windowStart = (await date(t('wizard.windowStart'), `${d.year}-04-01`)).trim();
    d.windowEnd = (await date(t('wizard.windowEnd'), `${d.year}-06-30`)).trim();
  }

  const draft = d as PlanDraft;
  ctx.err(expectedTable(ctx, expectedDrawOf(db, draft)));
  ctx.err(table(ctx, [t('field.field'), t('field.value')], [
    [t('plan.year'), draft.year], [t('plan.name'), draft.name], [t('plan.initiator'), draft.initiator],
    [t('plan.departments'), draft.departments.map((x) => `${x.code} ×${x.teamSize}`).join('、')],
    [t('plan.items'), draft.items.map((i) => i.code).join('、')], [t('plan.window'), `${draft.windowStart} ~ ${draft.windowEnd}`],
  ]));
  if (!(await ask<boolean>({ type: 'confirm', message: t('wizard.confirm'), default: true }))) throw usageError('wizard.declined');
  return draft;
}
