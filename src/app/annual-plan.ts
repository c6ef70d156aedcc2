import { DrawError, EXIT } from '../errors.js';
import { MessageList, type Message } from '../i18n/index.js';
import { appendAudit } from '../store/audit.js';
import { getAnnualPlan, drawnCountOfTask, markFiled, type AnnualPlanRow } from '../store/annual-plans.js';
import { getPlan, listPlans, type PlanRow } from '../store/plans.js';
import { activeRegistryCount } from '../store/queries.js';
import { drawnSubjectsOfYear } from '../store/reports.js';
import { setting } from '../store/settings.js';
import { canonicalJson } from '../core/canonical.js';
import { formatPpm } from '../core/draw/index.js';
import { filingProblems, isDirected, taskState, yearFloor, type FilingProblem, type TaskState, type YearFloor } from '../core/annual-plan.js';
import { inTransaction, type App } from './context.js';
import { expectedDrawOf, type ExpectedDraw } from './expected-draw.js';
import type { Db } from '../store/db.js';

/**
 * The annual plan as `plan show YEAR`, `plan file YEAR`, `export plan YEAR` and `status` see it:
 * its tasks, each with its state, type (定向 / 不定向) and expected draw, and the year against the
 * floor of art. 17. A task not yet drawn is expected to draw what its draw would take today
 * (app/expected-draw.ts); a drawn one counts what it drew.
 */
export interface YearTask {
  plan: PlanRow; state: TaskState; directed: boolean;
  /** what the task's draw would take as the registry stands today */
  today: ExpectedDraw;
  /** the subjects it is expected to draw: what it drew once drawn, else today's expected draw */
  expected: number;
  drawn: number | null;
}

export interface YearView { year: number; annual: AnnualPlanRow | undefined; tasks: YearTask[]; floor: YearFloor }

export function yearOf(db: Db, year: number): YearView {
  const tasks = listPlans(db, year).map((s): YearTask => {
    const plan = getPlan(db, s.id)!;
    const today = expectedDrawOf(db, plan);
    const drawn = s.drawStatus === 'drawn' ? drawnCountOfTask(db, s.id) : null;
    return { plan, state: taskState(s.drawStatus, s.voided), directed: isDirected(plan.scope), today, expected: drawn ?? today.drawn, drawn };
  });
  return { year, annual: getAnnualPlan(db, year), tasks, floor: floorOfYear(db, year, tasks.reduce((a, x) => a + x.expected, 0)) };
}

/** The year against the office's floor: `expected` what its tasks expect to draw; achieved, the distinct subjects drawn so far. */
export function floorOfYear(db: Db, year: number, expected: number): YearFloor {
  return yearFloor({ registry: activeRegistryCount(db), floorPpm: setting(db, 'year_floor_ppm'), expected, achieved: drawnSubjectsOfYear(db, year) });
}

/** What a filing records (in annual_plans.filing and the `annual.file` event): the figures it was filed on. */
export interface Filing {
  year: number; registry: number; floorPpm: number; needed: number; expected: number;
  tasks: { plan: number; number: string; expected: number; directed: boolean }[];
}

export function filingProblemMessage(p: FilingProblem): Message {
  if (p.code === 'no-tasks') return { key: 'annual.problem.no-tasks', params: { ...p } };
  // the counts with thousands marks, as the clerk's other figures
  const n = (x: number) => x.toLocaleString('en-US');
  return { key: 'annual.problem.below-year-floor', params: { ...p, expected: n(p.expected), registry: n(p.registry), needed: n(p.needed), floor: formatPpm(p.floorPpm) } };
}

/**
 * Files the year's annual plan with the level above (art. 14): only when its tasks' expected
 * draws reach the yearly floor (art. 17), else refused with the figures (exit 5) and nothing
 * written. Filing again (tasks were added) records the new figures; the log keeps each filing.
 */
export function fileAnnualPlan(app: App, year: number) {
  const { db } = app;
  if (!getAnnualPlan(db, year)) throw DrawError.of(EXIT.usage, 'annual.notFound', { year }, 'annual.notFoundHint');
  const view = yearOf(db, year);
  const problems = filingProblems(year, view.tasks.length, view.floor);
  if (problems.length) throw DrawError.of(EXIT.refused, 'annual.refused', { year, reasons: new MessageList(problems.map(filingProblemMessage)) });
  const { registry, floorPpm, needed, expected } = view.floor;
  const filing: Filing = {
    year, registry, floorPpm, needed, expected,
    tasks: view.tasks.map((x) => ({ plan: x.plan.id, number: x.plan.number, expected: x.expected, directed: x.directed })),
  };
  const at = app.now().toISOString();
  const head = inTransaction(app, () => {
    markFiled(db, year, at, app.operator, canonicalJson(filing));
    return appendAudit(db, app.now(), app.operator, 'annual.file', { annualPlan: view.annual!.id, ...filing });
  });
  return { view: yearOf(db, year), filing, filedAt: at, auditHead: head.hash };
}
