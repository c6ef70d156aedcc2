import type { Db } from '../store/db.js';
import { getPlan, type PlanRow } from '../store/plans.js';
import { auditHeadEntry } from '../store/audit.js';
import { isDirected } from '../core/annual-plan.js';
import { DrawError, EXIT } from '../errors.js';
import { expectedDrawOf } from './expected-draw.js';

/**
 * The public notice of a task before its draw (抽查任务公告, art. 7: the plan is public): the
 * task, its type (定向 / 不定向), the inspecting departments, its items with their legal basis,
 * the scope, the inspection window and how many subjects it is to draw. No subject is named, no
 * inspector, no credit grade: nothing is drawn yet, and a grade's ratio is the office's business.
 * Shaped as the other notices (H2's app/notice.ts: `kind`, `task`, `departments`, `auditHead`), so
 * that `draw export notice` takes it as one more kind.
 */
export interface TaskNotice {
  kind: 'task';
  task: { number: string; name: string; year: number; windowStart: string; windowEnd: string };
  directed: boolean;
  initiator: { code: string; name: string };
  departments: { code: string; name: string; teamSize: number }[];
  items: { department: string; code: string; version: number; project: string; subitem: string; content: string; basis: string; method: string }[];
  scope: PlanRow['scope'];
  /** the subjects the task is to draw, as the registry stands today (app/expected-draw.ts) */
  expected: number;
  auditHead: { seq: number; hash: string };
}

export function taskNoticeOf(db: Db, ref: string | undefined): TaskNotice {
  const plan = getPlan(db, String(ref ?? '').trim());
  if (!plan) throw DrawError.of(EXIT.usage, 'plan.notFound', { id: ref ?? '' });
  const initiator = plan.departments.find((d) => d.code === plan.initiator);
  return {
    kind: 'task',
    task: { number: plan.number, name: plan.name, year: plan.year, windowStart: plan.windowStart, windowEnd: plan.windowEnd },
    directed: isDirected(plan.scope),
    initiator: { code: plan.initiator, name: initiator?.name ?? plan.initiator },
    departments: plan.departments.map((d) => ({ code: d.code, name: d.name, teamSize: d.teamSize })),
    items: plan.items.map((i) => ({ department: i.department, code: i.code, version: i.version, project: i.project, subitem: i.subitem, content: i.content, basis: i.basis, method: i.method })),
    scope: plan.scope,
    expected: expectedDrawOf(db, plan).drawn,
    auditHead: auditHeadEntry(db),
  };
}
