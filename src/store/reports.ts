import type { Db } from './db.js';
import { parseJsonOr } from '../core/canonical.js';
import type { YearCaps } from '../core/year-caps.js';
import type { ShareCell, TaskOfYear } from '../core/reports.js';

export type { ShareCell, TaskOfYear } from '../core/reports.js';

/** What the year's reports (issue 11: `draw report performance`, `draw report coverage`) read beyond the draws' own records. */

/** Every task of a year in number order, with its departments, its items and its draw's state. */
export function tasksOfYear(db: Db, year: number): TaskOfYear[] {
  const rows = db.prepare(`SELECT p.id, p.number, p.name, p.initiator,
      (SELECT group_concat(department, ',') FROM (SELECT department FROM plan_departments WHERE plan_id = p.id ORDER BY department)) AS departments,
      (SELECT group_concat(item_code, ',') FROM (SELECT item_code FROM plan_items WHERE plan_id = p.id ORDER BY item_code)) AS items,
      d.id AS draw, d.status AS status
    FROM plans p LEFT JOIN draws d ON d.plan_id = p.id AND d.status <> 'voided' WHERE p.year = ? ORDER BY p.number`).all(year) as
    { id: number; number: string; name: string; initiator: string; departments: string | null; items: string | null; draw: number | null; status: 'committed' | 'drawn' | null }[];
  return rows.map((r) => ({
    id: r.id, number: r.number, name: r.name, initiator: r.initiator, departments: r.departments ? r.departments.split(',') : [],
    items: r.items ? r.items.split(',') : [], state: r.status ?? 'planned', draw: r.draw,
  }));
}

export function departmentNames(db: Db): Map<string, string> {
  return new Map((db.prepare('SELECT code, name FROM departments ORDER BY code').all() as { code: string; name: string }[]).map((d) => [d.code, d.name]));
}

export interface ListItem { code: string; department: string; project: string; subitem: string; basis: string; random: boolean; active: boolean }

/** The item list as it stands (each item's current version), by department then code. */
export function currentItems(db: Db): ListItem[] {
  return (db.prepare('SELECT code, department, project, subitem, basis, random, active FROM items WHERE current = 1 ORDER BY department, code').all() as any[])
    .map((i) => ({ ...i, random: i.random === 1, active: i.active === 1 }));
}

type Cell = [township: string, cls: string, grade: string | null, n: number];

/**
 * The registry's active subjects per (township, class, credit grade), counted in one pass over
 * the table by an aggregate in JavaScript that keeps one counter per cell: SQLite's GROUP BY
 * sorts every row first (through temporary files once past the page cache), 1.6 s of CPU at
 * 1,000,000 subjects against 0.9 s here, with memory bounded by the number of cells, not rows.
 */
function registryCells(db: Db): Cell[] {
  const step = (cells: Map<string, Cell>, township: string, cls: string, grade: string | null, active: number) => {
    const key = `${township}\u0000${cls}\u0000${grade}`;
    const cell = cells.get(key);
    if (cell) cell[3] += active; else cells.set(key, [township, cls, grade, active]);
    return cells;
  };
  db.aggregate('draw_share_cells', {
    start: () => new Map<string, Cell>(),
    // @types/better-sqlite3 declares a step of one argument; SQLite passes the call's four
    step: step as unknown as (cells: Map<string, Cell>) => Map<string, Cell>,
    result: (cells: Map<string, Cell>) => JSON.stringify([...cells.values()]),
  });
  const json = db.prepare(`SELECT draw_share_cells(township, type_class, credit_grade, status = 'active' AND in_registry = 1) FROM subjects`).pluck().get() as string | null;
  return json ? JSON.parse(json) as Cell[] : [];
}

/**
 * The registry and the year's drawn, counted per (township, class, credit grade) cell as the
 * registry has them now: the active subjects of the registry, and the distinct subjects the
 * year's effective draws drew (their sheets, a cancelled one's too, as `draw status` counts the
 * year against the floor). core/reports.ts sharesOf sums the cells per township, class or grade.
 * One pass over the registry serves the three groupings (three GROUP BY scans took 4.4 s of the
 * command's 4.8 at 1,000,000 subjects); the drawn, a few thousand, are looked up by key.
 */
export function shareCells(db: Db, year: number): ShareCell[] {
  const drawn = db.prepare(`SELECT township, type_class, credit_grade, COUNT(*) FROM subjects
    WHERE credit_code IN (SELECT s.credit_code FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id
      WHERE d.status = 'drawn' AND p.year = ?) GROUP BY 1, 2, 3`).raw().all(year) as Cell[];
  const cell = (r: Cell, registry: number, drawn: number): ShareCell => ({ township: r[0], class: r[1], grade: r[2] ?? 'ungraded', registry, drawn });
  return [...registryCells(db).map((r) => cell(r, r[3], 0)), ...drawn.map((r) => cell(r, 0, r[3]))];
}

/**
 * The departments on each standing sheet of a draw (not cancelled), in number order, one sheet at
 * a time. A team that is not JSON (edited behind the tool's back) has no departments, as
 * store/draws.ts reads it.
 */
export function* standingSheetDepartments(db: Db, drawId: number): Generator<{ number: number; departments: Set<string> }> {
  for (const [number, team] of db.prepare('SELECT number, team FROM sheets WHERE draw_id = ? AND cancelled_by IS NULL ORDER BY number').raw().iterate(drawId) as IterableIterator<[number, string]>) {
    const members = parseJsonOr<unknown>(team, []);
    const departments = new Set<string>();
    if (Array.isArray(members)) for (const m of members) if (Array.isArray(m) && m.length === 2) departments.add(String(m[0]));
    yield { number, departments };
  }
}

/** How many distinct subjects the year's effective draws have drawn (a cancelled sheet's too), counted in SQL. */
export function drawnSubjectsOfYear(db: Db, year: number): number {
  return db.prepare(`SELECT COUNT(DISTINCT s.credit_code) FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id
    WHERE d.status = 'drawn' AND p.year = ?`).pluck().get(year) as number;
}

/**
 * The subjects the year's effective draws have drawn as often as the cap of their stratum allows
 * (the rule of store/plans.ts cappedKeys and core/year-caps.ts capStratumOf): no longer eligible this year.
 */
export function atCapOfYear(db: Db, year: number, caps: YearCaps, first: number): { count: number; first: string[] } {
  // counted in SQL and only the first few listed: at a province's scale they are hundreds of thousands of keys
  const rows = db.prepare(`SELECT credit_code, COUNT(*) OVER () FROM (SELECT s.credit_code FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id JOIN subjects x ON x.credit_code = s.credit_code
    WHERE d.status = 'drawn' AND p.year = ? GROUP BY s.credit_code
    HAVING COUNT(*) >= CASE WHEN x.abnormal = 1 OR x.serious_violation = 1 THEN ? WHEN x.credit_grade = 'D' THEN ? WHEN x.credit_grade = 'A' THEN ? ELSE ? END)
    ORDER BY credit_code LIMIT ?`).raw().all(year, caps.listed, caps.gradeD, caps.gradeA, caps.others, first) as [string, number][];
  return { count: rows[0]?.[1] ?? 0, first: rows.map((r) => r[0]) };
}
