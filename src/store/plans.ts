import type { Db } from './db.js';
import { canonicalJson } from '../core/canonical.js';
import { ALL, UNGRADED, type PlanDraft, type Scope } from '../core/plan.js';
import type { YearCaps } from '../core/year-caps.js';

/** Plans and the population a plan's scope gives. */

export interface PlanRow {
  id: number; year: number; number: string; name: string; initiator: string; scope: Scope; ratioPpm: number;
  gradePpm: PlanDraft['gradePpm']; windowStart: string; windowEnd: string; createdAt: string; operator: string;
  departments: { code: string; name: string; teamSize: number }[];
  items: {
    code: string; version: number; department: string; project: string; subitem: string; content: string; basis: string; method: string; class: string;
    /** where the item version applies, ';'-joined ('' = everywhere): core/applicability splitScopeColumn */
    industries: string; subject_classes: string;
  }[];
}

/** The SQL condition for a scope: registry status, township, type, industry prefix, authority, unit. */
function scopeWhere(scope: Scope): { sql: string; params: unknown[] } {
  const where = ['in_registry = 1'];
  const params: unknown[] = [];
  const anyOf = (column: string, values: string[]) => {
    if (!values.length) return;
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('status', scope.statuses);
  anyOf('township', scope.townships);
  anyOf('type_class', scope.typeClasses);
  anyOf('registry_authority', scope.authorities);
  anyOf('supervising_unit', scope.units);
  if (scope.industryPrefixes.length) {
    where.push(`(${scope.industryPrefixes.map(() => 'industry_code LIKE ?').join(' OR ')})`);
    params.push(...scope.industryPrefixes.map((p) => `${p}%`));
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Subjects already drawn as often in `year` by effective draws as the cap of their stratum allows
 * (art. 17, 24, 28; core/year-caps.ts capStratumOf, whose rule the CASE is: a test holds the two
 * together). A NULL cap (no cap) makes the HAVING false. Parameters: year, then capParams(caps).
 * Their keys, as a SELECT: a draw's snapshot leaves them out (populationChunks); traitCounts
 * applies the same rule as a join (drawnThisYear, capOfRow).
 */
function cappedKeys(): string {
  return `SELECT s.credit_code FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id JOIN subjects x ON x.credit_code = s.credit_code
    WHERE d.status = 'drawn' AND p.year = ? GROUP BY s.credit_code
    HAVING COUNT(*) >= CASE WHEN x.abnormal = 1 OR x.serious_violation = 1 THEN ? WHEN x.credit_grade = 'D' THEN ? WHEN x.credit_grade = 'A' THEN ? ELSE ? END`;
}

const capParams = (c: YearCaps) => [c.listed, c.gradeD, c.gradeA, c.others];

/** Each subject's sheets in `year`'s effective draws, counted (parameter: year): what traitCounts compares with capOfRow. */
function drawnThisYear(): string {
  return `SELECT s.credit_code, COUNT(*) FROM sheets s JOIN draws d ON d.id = s.draw_id JOIN plans p ON p.id = d.plan_id
    WHERE d.status = 'drawn' AND p.year = ? GROUP BY s.credit_code`;
}

/** The cap of the subjects row's own stratum, cappedKeys' CASE (parameters: capParams). */
function capOfRow(): string {
  return `CASE WHEN abnormal = 1 OR serious_violation = 1 THEN ? WHEN credit_grade = 'D' THEN ? WHEN credit_grade = 'A' THEN ? ELSE ? END`;
}

/** The stratum rule of core/plan.ts stratumOf, in SQL (a test holds the two together). */
function stratumSql(graded: boolean): string {
  return graded ? `CASE WHEN abnormal = 1 OR serious_violation = 1 THEN 'D' ELSE COALESCE(credit_grade, '${UNGRADED}') END` : `'${ALL}'`;
}

/** One chunk of a population snapshot: whole lines of the text, and the townships of its stale grades. */
export interface PopulationChunk {
  /** `key TAB stratum TAB d1,d2,… LF` lines, in bytewise order of key, continuing the chunk before */
  text: string;
  /** how many lines */
  lines: number;
  /** how many subjects of this chunk have a stale grade (graded, as of before `staleBefore` or undated) */
  stale: number;
  /** the township of each of them, LF-joined (a township may be '') */
  staleTowns: string;
  /** the first of those, in key order, until `examples` have been given over all chunks */
  staleExamples: GradeDate[];
}

/**
 * Lines per chunk of a population snapshot: some 80 kB of text, whatever the registry's size. A
 * chunk below V8's large-object size dies young; chunks of 32,768 lines (1.2 MB strings) piled up
 * as garbage until a full collection, and a million-subject `draw run` peaked at 283 MB.
 */
const POPULATION_CHUNK = 1 << 11;

/**
 * The draw-core/2 snapshot text, a chunk of POPULATION_CHUNK lines at a time: `key TAB stratum TAB
 * d1,d2,… LF` in bytewise order of key, each subject's departments those `departmentsOf` gives its
 * (industry code, subject class); a subject whose pair has no department is not in the text (none of
 * the plan's items applies to it). Each chunk is one SQLite call over the covering index (a row per
 * call would cost a million calls), resumed after the last key of the chunk before, so neither
 * SQLite nor the caller ever holds the whole text: at eight million subjects it is 300 MB. The same
 * pass gives the townships of the stale grades (issue 11's warning), which the index also covers.
 * The pairs are joined from a keyed temporary table: a pair list given as JSON (json_each) is
 * parsed again for every subject. Call inside one read transaction, so that the chunks are of one
 * state of the registry.
 */
export function* populationChunks(
  db: Db, scope: Scope, graded: boolean, year: number, caps: YearCaps,
  departmentsOf: (pairs: readonly { industryCode: string; typeClass: string }[]) => readonly (readonly string[])[],
  staleBefore: string, examples: number, lines = POPULATION_CHUNK,
): Generator<PopulationChunk> {
  const w = scopeWhere(scope);
  // temp: this connection's own, never in the database file, gone when it closes
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS pair_departments (ic TEXT NOT NULL, tc TEXT NOT NULL, d TEXT NOT NULL, PRIMARY KEY (ic, tc)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS capped_subjects (k TEXT PRIMARY KEY) WITHOUT ROWID;
    DELETE FROM temp.pair_departments; DELETE FROM temp.capped_subjects`);
  const insert = db.prepare('INSERT INTO temp.pair_departments (ic, tc, d) VALUES (?, ?, ?)');
  try {
    // the subjects at their yearly cap, found once (not once per chunk); none, and the clause is left out
    const capped = db.prepare(`INSERT INTO temp.capped_subjects (k) ${cappedKeys()}`).run(year, ...capParams(caps)).changes > 0;
    // The pairs are learnt as the chunks meet them (a chunk with a pair not yet known is read again
    // once its departments are known), not from a DISTINCT over the scope first: that was a second
    // pass over the index, a fifth of a million-subject draw. A pair with no department ('') joins
    // no line: none of the plan's items applies to its subjects.
    // The chunk's query counts the lines whose pair is not yet known; only when there are some are
    // those pairs asked for (learn): a DISTINCT in every chunk's query was a tenth of its time.
    const select = (after: boolean, learn: boolean) => db.prepare(
      `SELECT ${learn ? 'json_group_array(DISTINCT pair)' : 'group_concat(line, char(10)), group_concat(town, char(10)), max(k), COUNT(*), COUNT(town), COUNT(pair)'} FROM (
         SELECT credit_code || char(9) || ${stratumSql(graded)} || char(9) || m.d AS line, credit_code AS k,
           CASE WHEN credit_grade IS NOT NULL AND (grade_as_of IS NULL OR grade_as_of < ?) THEN township END AS town,
           CASE WHEN m.d IS NULL THEN ${learn ? 'json_array(industry_code, type_class)' : '1'} END AS pair
         FROM subjects LEFT JOIN temp.pair_departments m ON m.ic = subjects.industry_code AND m.tc = subjects.type_class
         WHERE ${w.sql} AND (m.d IS NULL OR m.d <> '')${after ? ' AND credit_code > ?' : ''}${capped ? ' AND credit_code NOT IN (SELECT k FROM temp.capped_subjects)' : ''}
         ORDER BY credit_code LIMIT ?)`,
    ).raw();
    const first = select(false, false);
    const next = select(true, false);
    const learnFirst = select(false, true).pluck();
    const learnNext = select(true, true).pluck();
    // the examples of a chunk that has stale grades, from its key range (only until there are enough)
    const exampleOf = (after: boolean) => db.prepare(`SELECT credit_code AS key, township, credit_grade AS grade, grade_as_of AS asOf
      FROM subjects JOIN temp.pair_departments m ON m.ic = subjects.industry_code AND m.tc = subjects.type_class AND m.d <> ''
      WHERE ${w.sql}${after ? ' AND credit_code > ?' : ''} AND credit_code <= ? AND credit_grade IS NOT NULL AND (grade_as_of IS NULL OR grade_as_of < ?)
        ${capped ? 'AND credit_code NOT IN (SELECT k FROM temp.capped_subjects)' : ''} ORDER BY credit_code LIMIT ?`);
    let wanted = examples;
    let last: string | null = null;
    for (;;) {
      const args = last === null ? [staleBefore, ...w.params, lines] : [staleBefore, ...w.params, last, lines];
      const [text, towns, max, n, stale, unknown] = (last === null ? first : next).get(...args) as [string | null, string | null, string, number, number, number];
      if (unknown > 0) {
        const pairs = (last === null ? learnFirst : learnNext).get(...args) as string;
        // each pair a JSON array, or its text where SQLite let the JSON subtype go through the subquery
        const met = (JSON.parse(pairs) as ([string, string] | string | null)[]).filter((p) => p !== null)
          .map((p) => (typeof p === 'string' ? (JSON.parse(p) as [string, string]) : p)).map(([industryCode, typeClass]) => ({ industryCode, typeClass }));
        departmentsOf(met).forEach((d, i) => insert.run(met[i]!.industryCode, met[i]!.typeClass, d.join(',')));
        continue;
      }
      if (n === 0 || text === null) return;
      let staleExamples: GradeDate[] = [];
      if (stale > 0 && wanted > 0) {
        staleExamples = (last === null ? exampleOf(false).all(...w.params, max, staleBefore, wanted) : exampleOf(true).all(...w.params, last, max, staleBefore, wanted)) as GradeDate[];
        wanted -= staleExamples.length;
      }
      yield { text: `${text}\n`, lines: n, stale, staleTowns: towns ?? '', staleExamples };
      if (n < lines) return;
      last = max;
    }
  } finally {
    db.exec('DELETE FROM temp.pair_departments; DELETE FROM temp.capped_subjects');
  }
}

/**
 * populationChunks, each chunk given to `visit`, in one read transaction: the chunks are of one
 * state of the registry. `visit` may ask to wait (a promise: the second thread making the
 * snapshot is behind, app/snapshot-thread.ts); the transaction stays open meanwhile.
 */
export async function readPopulation(db: Db, args: Parameters<typeof populationChunks>, visit: (chunk: PopulationChunk) => Promise<void> | undefined): Promise<void> {
  // BEGIN and COMMIT by hand: db.transaction() would commit at the first wait
  db.exec('BEGIN');
  try {
    for (const chunk of populationChunks(...args)) {
      const wait = visit(chunk);
      if (wait) await wait;
    }
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** What the plan rules and the reach of a plan need of its item versions: method and where each applies. */
export interface ItemFacts { code: string; version: number; department: string; method: string; industries: string; subject_classes: string }

export function itemFacts(db: Db, items: readonly { code: string; version: number }[]): ItemFacts[] {
  const one = db.prepare('SELECT code, version, department, method, industries, subject_classes FROM items WHERE code = ? AND version = ?');
  return items.flatMap((i) => (one.get(i.code, i.version) as ItemFacts | undefined) ?? []);
}

/**
 * The population a draw of this scope would take from (the scope, less the subjects at the yearly
 * cap of their stratum), counted by stratum, industry code and class: what where an item applies depends on, in a
 * few hundred rows however large the registry (app/plan-reach.ts applies core/applicability to
 * them, for the draw's snapshot and for the plan's expected draw alike). Ungraded, every group is
 * of the one stratum `all`, so the groups are one per (industry code, class).
 */
export function traitCounts(db: Db, scope: Scope, year: number, caps: YearCaps, graded = false): { industryCode: string; typeClass: string; stratum: string; n: number }[] {
  const w = scopeWhere(scope);
  // Counted by an aggregate of this connection in one pass over the covering index: a GROUP BY
  // sorted every subject of the scope first (78% of `plan show` at eight million). Each group is
  // keyed by its JSON array, which holds any text as it is.
  db.aggregate('trait_counts', {
    start: () => new Map<string, number>(),
    step: (groups: Map<string, number>, key: unknown) => { groups.set(key as string, (groups.get(key as string) ?? 0) + 1); return groups; },
    result: (groups: Map<string, number>) => JSON.stringify([...groups]),
  });
  // The yearly cap as a join: each subject's sheets this year counted once (in the sheets' subject
  // index order, no sort) and compared with the cap of the subject's own stratum, read from the
  // row being counted. `credit_code NOT IN (cappedKeys)` read each drawn subject's row again by its key instead (two
  // B-tree searches a sheet: 0.9 of 2.4 CPU s at 235,000 sheets). The same rule: at or over a cap
  // is left out, and a NULL cap (no cap) leaves nobody out.
  const counted = JSON.parse(db.prepare(`WITH drawn(k, c) AS MATERIALIZED (${drawnThisYear()})
     SELECT trait_counts(json_array(industry_code, type_class, ${stratumSql(graded)}))
     FROM subjects LEFT JOIN drawn ON drawn.k = subjects.credit_code
     WHERE ${w.sql} AND NOT COALESCE(drawn.c >= ${capOfRow()}, 0)`).pluck().get(year, ...w.params, ...capParams(caps)) as string) as [string, number][];
  // in the order the GROUP BY gave them: by each text's bytes (SQLite's BINARY collation), field by field
  const bytes = (t: string) => Buffer.from(t, 'utf8');
  return counted.map(([key, n]) => {
    const [industryCode, typeClass, stratum] = JSON.parse(key) as [string, string, string];
    return { industryCode, typeClass, stratum, n, order: [bytes(industryCode), bytes(typeClass), bytes(stratum)] };
  }).sort((a, b) => Buffer.compare(a.order[0]!, b.order[0]!) || Buffer.compare(a.order[1]!, b.order[1]!) || Buffer.compare(a.order[2]!, b.order[2]!))
    .map(({ order: _, ...g }) => g);
}

/** How many subjects the scope gives before the yearly cap, for the wizard's running count. */
export function scopeCount(db: Db, scope: Scope): number {
  const w = scopeWhere(scope);
  return (db.prepare(`SELECT COUNT(*) AS n FROM subjects WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
}

export function nextPlanNumber(db: Db, year: number): string {
  // The first free number after this year's count: a plan numbered by hand may have taken one.
  const taken = db.prepare('SELECT 1 FROM plans WHERE number = ?');
  let n = (db.prepare('SELECT COUNT(*) AS n FROM plans WHERE year = ?').get(year) as { n: number }).n + 1;
  while (taken.get(`${year}-${String(n).padStart(3, '0')}`)) n++;
  return `${year}-${String(n).padStart(3, '0')}`;
}

export function insertPlan(db: Db, p: PlanDraft, createdAt: string, operator: string): number {
  const id = Number(db.prepare(
    `INSERT INTO plans (year, number, name, initiator, scope, ratio_ppm, grade_ratios, window_start, window_end, created_at, operator)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.year, p.number, p.name, p.initiator, canonicalJson(p.scope), p.ratioPpm, p.gradePpm ? canonicalJson(p.gradePpm) : null,
    p.windowStart, p.windowEnd, createdAt, operator).lastInsertRowid);
  const dept = db.prepare('INSERT INTO plan_departments (plan_id, department, team_size) VALUES (?, ?, ?)');
  for (const d of p.departments) dept.run(id, d.code, d.teamSize);
  const item = db.prepare('INSERT INTO plan_items (plan_id, item_code, item_version, department) VALUES (?, ?, ?, ?)');
  for (const i of p.items) item.run(id, i.code, i.version, i.department);
  return id;
}

export function planNumberTaken(db: Db, number: string): boolean {
  return db.prepare('SELECT 1 FROM plans WHERE number = ?').get(number) !== undefined;
}

export function getPlan(db: Db, idOrNumber: string | number): PlanRow | undefined {
  const row = db.prepare('SELECT * FROM plans WHERE id = ? OR number = ?').get(Number(idOrNumber) || -1, String(idOrNumber)) as Record<string, any> | undefined;
  if (!row) return undefined;
  const departments = db.prepare(
    'SELECT pd.department AS code, d.name, pd.team_size AS teamSize FROM plan_departments pd JOIN departments d ON d.code = pd.department WHERE plan_id = ? ORDER BY pd.department',
  ).all(row.id) as PlanRow['departments'];
  const items = db.prepare(
    `SELECT i.code, i.version, i.department, i.project, i.subitem, i.content, i.basis, i.method, i.class, i.industries, i.subject_classes FROM plan_items p
     JOIN items i ON i.code = p.item_code AND i.version = p.item_version WHERE p.plan_id = ? ORDER BY i.department, i.code`,
  ).all(row.id) as PlanRow['items'];
  return {
    id: row.id, year: row.year, number: row.number, name: row.name, initiator: row.initiator, scope: JSON.parse(row.scope),
    ratioPpm: row.ratio_ppm, gradePpm: row.grade_ratios ? JSON.parse(row.grade_ratios) : null, windowStart: row.window_start,
    windowEnd: row.window_end, createdAt: row.created_at, operator: row.operator, departments, items,
  };
}

export interface PlanSummary {
  id: number; year: number; number: string; name: string; initiator: string; ratioPpm: number; windowStart: string; windowEnd: string;
  departments: number; drawStatus: 'committed' | 'drawn' | null; voided: number;
}

export function listPlans(db: Db, year?: number): PlanSummary[] {
  return db.prepare(
    `SELECT p.id, p.year, p.number, p.name, p.initiator, p.ratio_ppm AS ratioPpm, p.window_start AS windowStart, p.window_end AS windowEnd,
       (SELECT COUNT(*) FROM plan_departments d WHERE d.plan_id = p.id) AS departments,
       (SELECT status FROM draws d WHERE d.plan_id = p.id AND d.status <> 'voided') AS drawStatus,
       (SELECT COUNT(*) FROM draws d WHERE d.plan_id = p.id AND d.status = 'voided') AS voided
     FROM plans p ${year ? 'WHERE p.year = ?' : ''} ORDER BY p.year, p.id`,
  ).all(...(year ? [year] : [])) as PlanSummary[];
}

export interface DepartmentChoice {
  code: string; name: string;
  items: { code: string; version: number; project: string; subitem: string; random: boolean; method: string; industries: string; subject_classes: string }[];
}

/** Departments with their current, active items: what a plan can choose from. */
export function planChoices(db: Db): DepartmentChoice[] {
  const departments = db.prepare('SELECT code, name FROM departments WHERE active = 1 ORDER BY code').all() as { code: string; name: string }[];
  const items = db.prepare('SELECT code, version, department, project, subitem, random, method, industries, subject_classes FROM items WHERE current = 1 AND active = 1 ORDER BY code').all() as any[];
  return departments.map((d) => ({ ...d, items: items.filter((i) => i.department === d.code).map((i) => ({ ...i, random: i.random === 1 })) }));
}

/** A graded subject of a scope and the day its grade is as of (null: undated). */
export interface GradeDate { key: string; township: string; grade: string; asOf: string | null }
