import type { Db } from '../store/db.js';
import { currentItems, departmentNames, drawnShares, tasksOfYear, type ShareBy, type TaskOfYear } from '../store/reports.js';
import { auditHeadEntry } from '../store/audit.js';
import { floorOfYear } from './annual-plan.js';

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

export function coverageReport(db: Db, year: number): CoverageReport {
  const tasks = tasksOfYear(db, year);
  const names = departmentNames(db);
  const items = currentItems(db).filter((i) => i.active).map((i) => ({
    code: i.code, department: i.department, departmentName: names.get(i.department) ?? i.department, project: i.project, subitem: i.subitem, basis: i.basis,
    random: i.random, tasks: tasks.filter((t) => t.items.includes(i.code)).map((t) => ({ number: t.number, state: t.state })),
  }));
  const share = (by: ShareBy): Share[] => drawnShares(db, year, by).map((g) => ({ ...g, ratio: g.registry ? g.drawn / g.registry : 0 }));
  const shares = { township: share('township'), class: share('class'), grade: share('grade') };
  // the year against the office's floor (year_floor_ppm), as `draw status` and `plan show YEAR` count it
  const floor = floorOfYear(db, year, 0);
  const { registry, achieved: drawn } = floor;
  return {
    year, items, uncovered: items.filter((i) => i.random && i.tasks.length === 0).map((i) => i.code), tasks, shares,
    total: { registry, drawn, ratio: registry ? drawn / registry : 0, floor: floor.floorPpm / 1_000_000, meetsFloor: floor.meetsAchieved },
    auditHead: auditHeadEntry(db),
  };
}
