import type { DeadlineRules } from './deadlines.js';

/** What the year's reports hold (issue 11): built in src/app, rendered by src/cli and src/io. Types only. */

/** How the coverage report groups the registry. */
export type ShareBy = 'township' | 'class' | 'grade';

export interface TaskOfYear {
  id: number; number: string; name: string; initiator: string;
  /** participating departments, by code */
  departments: string[];
  /** item codes (any version) */
  items: string[];
  /** the state of its effective draw: planned (none), committed or drawn; a task whose draws were all voided is planned again */
  state: 'planned' | 'committed' | 'drawn';
  draw: number | null;
}

/**
 * The year's work of each department (art. 32: it counts in the department's evaluation), for
 * `draw report performance`. Every figure is counted over the year's effective draws (a voided
 * draw counts for nothing, as in `draw status`), each on time or not by the working-day deadlines
 * frozen with its own draw:
 * - sheets: the sheets it is on as they stand (a cancelled sheet, or one it rejected, is not);
 * - rejections: the sheets it rejected at confirmation;
 * - confirmed: of its sheets, those it confirmed, and on time (within the draw's confirmDays);
 * - entered: of its sheets, those with its result (a joint one entered before results were per
 *   department counts as each one's), and on time (entered within entryDays of the inspection);
 * - published: of its entered results, those published, and on time (within publishDays of the
 *   inspection, 企业信息公示暂行条例 art. 6); `publishOverdue` the unpublished past their due day on `on`;
 * - follow-ups: its dispositions (a joint one counts for each department on the sheet), and
 *   those still open (not complete).
 */
export interface DepartmentFigures {
  sheets: number; rejections: number; confirmed: number; confirmedOnTime: number; entered: number; enteredOnTime: number;
  published: number; publishedOnTime: number; publishOverdue: number; followUps: number; followUpsOpen: number;
}
export interface DepartmentPerformance extends DepartmentFigures {
  department: string; name: string;
  /** the tasks of the year it joins, and of them those drawn */
  tasks: number; drawnTasks: number;
}
export interface DrawPerformance { task: string; draw: number; drawnOn: string; deadlines: DeadlineRules; departments: ({ department: string } & DepartmentFigures)[] }

export interface PerformanceReport {
  year: number; on: string; departments: DepartmentPerformance[]; draws: DrawPerformance[];
  /** a due day fell in a year whose holiday notice is not loaded: counted Monday to Friday */
  provisional: boolean;
  auditHead: { seq: number; hash: string };
}

/**
 * The year's coverage (art. 17, 26), for `draw report coverage`: every item of the list with the
 * tasks of the year that include it (the items no task covered named as such; an item flagged as
 * not drawn, art. 27, is outside random tasks and is no gap), and the share of the registry's
 * active subjects the year's draws drew, by township, class and credit grade, against the yearly floor.
 */
export interface ItemCoverage {
  code: string; department: string; departmentName: string; project: string; subitem: string; basis: string;
  /** false: checked outside random draws (art. 27) */
  random: boolean;
  tasks: { number: string; state: TaskOfYear['state'] }[];
}
export interface Share { group: string; registry: number; drawn: number; ratio: number }
/** One (township, class, credit grade) cell of the registry: its active subjects, and the distinct subjects the year drew. */
export interface ShareCell { township: string; class: string; grade: string; registry: number; drawn: number }

/** Code point order, which is SQLite's BINARY order of the same text in UTF-8 (a < b compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = [...a]; const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The cells summed per township, class or grade: the groups with a subject in the registry or drawn, in the groups' order. */
export function sharesOf(cells: ShareCell[], by: ShareBy): Share[] {
  const key = by === 'township' ? (c: ShareCell) => c.township : by === 'class' ? (c: ShareCell) => c.class : (c: ShareCell) => c.grade;
  const groups = new Map<string, { registry: number; drawn: number }>();
  for (const c of cells) {
    const g = groups.get(key(c)) ?? { registry: 0, drawn: 0 };
    g.registry += c.registry; g.drawn += c.drawn;
    groups.set(key(c), g);
  }
  return [...groups].filter(([, g]) => g.registry > 0 || g.drawn > 0).sort(([a], [b]) => byCodePoint(a, b))
    .map(([group, g]) => ({ group, ...g, ratio: g.registry ? g.drawn / g.registry : 0 }));
}
export interface CoverageReport {
  year: number;
  items: ItemCoverage[];
  /** random, active items of the list no task of the year includes */
  uncovered: string[];
  tasks: TaskOfYear[];
  shares: Record<ShareBy, Share[]>;
  total: { registry: number; drawn: number; ratio: number; floor: number; meetsFloor: boolean };
  auditHead: { seq: number; hash: string };
}

