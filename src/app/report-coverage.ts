import type { Db } from '../store/db.js';
import { currentItems, departmentNames, shareCells, tasksOfYear } from '../store/reports.js';
import { sharesOf, type CoverageReport } from '../core/reports.js';
import { auditHeadEntry } from '../store/audit.js';
import { floorOfYear } from './annual-plan.js';

export type { CoverageReport } from '../core/reports.js';

/** The year's coverage (art. 17, 26), for `draw report coverage`: what it holds is core/reports.ts CoverageReport. */

export function coverageReport(db: Db, year: number): CoverageReport {
  const tasks = tasksOfYear(db, year);
  const names = departmentNames(db);
  const items = currentItems(db).filter((i) => i.active).map((i) => ({
    code: i.code, department: i.department, departmentName: names.get(i.department) ?? i.department, project: i.project, subitem: i.subitem, basis: i.basis,
    random: i.random, tasks: tasks.filter((t) => t.items.includes(i.code)).map((t) => ({ number: t.number, state: t.state })),
  }));
  const cells = shareCells(db, year);
  const shares = { township: sharesOf(cells, 'township'), class: sharesOf(cells, 'class'), grade: sharesOf(cells, 'grade') };
  // the year against the office's floor (year_floor_ppm), as `draw status` and `plan show YEAR` count it
  const floor = floorOfYear(db, year, 0);
  const { registry, achieved: drawn } = floor;
  return {
    year, items, uncovered: items.filter((i) => i.random && i.tasks.length === 0).map((i) => i.code), tasks, shares,
    total: { registry, drawn, ratio: registry ? drawn / registry : 0, floor: floor.floorPpm / 1_000_000, meetsFloor: floor.meetsAchieved },
    auditHead: auditHeadEntry(db),
  };
}
