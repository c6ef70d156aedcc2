import type { Db } from './db.js';

/** Reading the registries: one query builder per kind, shared by `list` and `show`. */
export type ListKind = 'departments' | 'items' | 'inspectors' | 'subjects' | 'conflicts' | 'imports';
export const LIST_KINDS: ListKind[] = ['departments', 'items', 'inspectors', 'subjects', 'conflicts', 'imports'];

export interface ListFilter {
  status?: string; township?: string; typeClass?: string; typeText?: string; grade?: string; abnormal?: boolean;
  department?: string; search?: string; all?: boolean;
}

const BOOLEAN_COLUMNS = new Set(['active', 'current', 'random', 'abnormal', 'serious_violation', 'in_registry', 'full']);

/** SQLite hands back 0/1; records leave the store with real booleans. */
export function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    // where the import put it, and the digest it compares a re-import by: the store's, not the record's
    if (k === 'import_line' || k === 'row_hash') continue;
    out[k] = BOOLEAN_COLUMNS.has(k) && (v === 0 || v === 1) ? v === 1 : v;
  }
  return out;
}

function build(kind: ListKind, f: ListFilter): { from: string; select: string; where: string[]; params: unknown[]; order: string } {
  const where: string[] = [];
  const params: unknown[] = [];
  const like = (cols: string[], text: string) => {
    where.push(`(${cols.map((c) => `${c} LIKE ?`).join(' OR ')})`);
    for (const _ of cols) params.push(`%${text}%`);
  };
  switch (kind) {
    case 'departments':
      if (f.search) like(['code', 'name'], f.search);
      return { from: 'departments d', select: `d.*, (SELECT COUNT(*) FROM inspectors i WHERE i.department = d.code AND i.active = 1) AS inspectors,
        (SELECT COUNT(*) FROM items t WHERE t.department = d.code AND t.current = 1 AND t.active = 1) AS items`, where, params, order: 'd.code' };
    case 'items':
      if (!f.all) where.push('current = 1');
      if (f.department) { where.push('department = ?'); params.push(f.department); }
      if (f.search) like(['code', 'project', 'subitem', 'content', 'basis'], f.search);
      return { from: 'items', select: '*', where, params, order: 'department, code, version' };
    case 'inspectors':
      if (f.department) { where.push('department = ?'); params.push(f.department); }
      if (f.search) like(['certificate', 'name', 'post', 'title'], f.search);
      return { from: 'inspectors', select: '*', where, params, order: 'department, certificate' };
    case 'subjects':
      if (!f.all) where.push('in_registry = 1');
      if (f.status) { where.push('status = ?'); params.push(f.status); }
      if (f.township) { where.push('township = ?'); params.push(f.township); }
      if (f.typeClass) { where.push('type_class = ?'); params.push(f.typeClass); }
      if (f.typeText) like(['type'], f.typeText);
      if (f.grade) { where.push('credit_grade = ?'); params.push(f.grade); }
      if (f.abnormal) where.push('abnormal = 1');
      if (f.search) like(['credit_code', 'name', 'address', 'representative'], f.search);
      return { from: 'subjects', select: '*', where, params, order: 'credit_code' };
    case 'conflicts':
      if (f.search) like(['c.certificate', 'c.credit_code', 'c.reason'], f.search);
      return {
        from: 'conflicts c LEFT JOIN inspectors i ON i.certificate = c.certificate LEFT JOIN subjects s ON s.credit_code = c.credit_code',
        select: 'c.*, i.name AS inspector_name, s.name AS subject_name', where, params, order: 'c.certificate, c.credit_code',
      };
    case 'imports':
      return { from: 'imports', select: '*', where, params, order: 'id' };
  }
}

export function countRecords(db: Db, kind: ListKind, f: ListFilter): number {
  const q = build(kind, f);
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${q.from}${q.where.length ? ` WHERE ${q.where.join(' AND ')}` : ''}`).get(...q.params) as { n: number }).n;
}

export function* iterateRecords(db: Db, kind: ListKind, f: ListFilter, limit?: number): Generator<Record<string, unknown>> {
  const q = build(kind, f);
  const sql = `SELECT ${q.select} FROM ${q.from}${q.where.length ? ` WHERE ${q.where.join(' AND ')}` : ''} ORDER BY ${q.order}${limit !== undefined ? ` LIMIT ${Math.floor(limit)}` : ''}`;
  for (const row of db.prepare(sql).iterate(...q.params)) yield toRecord(row as Record<string, unknown>);
}

/**
 * The same listing as iterateRecords, for `draw list --json` of a million rows: each record as its
 * JSON text, made by SQLite (json_object) as the rows are read, so no object is built per row in
 * JavaScript. Only the columns of `wanted` the listing has (all but import_line when null), in
 * `wanted`'s order; 0/1 of a flag column as false/true, as toRecord gives them.
 */
export function listedJson(db: Db, kind: ListKind, f: ListFilter, wanted: readonly string[] | null): Iterable<string> {
  const q = build(kind, f);
  const where = q.where.length ? ` WHERE ${q.where.join(' AND ')}` : '';
  const names = db.prepare(`SELECT ${q.select} FROM ${q.from} LIMIT 0`).columns().map((c) => c.name);
  const columns = wanted === null ? names.filter((n) => n !== 'import_line') : wanted.filter((n) => names.includes(n));
  const value = (c: string) => (BOOLEAN_COLUMNS.has(c) ? `CASE "${c}" WHEN 1 THEN json('true') WHEN 0 THEN json('false') ELSE "${c}" END` : `"${c}"`);
  const object = `json_object(${columns.map((c) => `'${c}', ${value(c)}`).join(', ')})`;
  // A whole table is read in its own order; a listing that computes columns (departments,
  // conflicts: a few hundred rows) is numbered in its order first, so the order is the one asked for.
  const sql = q.select === '*'
    ? `SELECT ${object} FROM ${q.from}${where} ORDER BY ${q.order}`
    : `SELECT ${object} FROM (SELECT ${q.select}, row_number() OVER (ORDER BY ${q.order}) AS listed_at FROM ${q.from}${where}) ORDER BY listed_at`;
  return db.prepare(sql).pluck().iterate(...q.params) as IterableIterator<string>;
}

export function getSubject(db: Db, code: string) {
  const row = db.prepare('SELECT * FROM subjects WHERE credit_code = ?').get(code) as Record<string, unknown> | undefined;
  return row && toRecord(row);
}
export function getInspector(db: Db, cert: string) {
  const row = db.prepare('SELECT * FROM inspectors WHERE certificate = ?').get(cert) as Record<string, unknown> | undefined;
  return row && toRecord(row);
}
export function getDepartment(db: Db, codeOrName: string) {
  const row = db.prepare('SELECT * FROM departments WHERE code = ? OR name = ?').get(codeOrName, codeOrName) as Record<string, unknown> | undefined;
  return row && toRecord(row);
}
export function getItemVersions(db: Db, code: string) {
  return (db.prepare('SELECT * FROM items WHERE code = ? ORDER BY version').all(code) as Record<string, unknown>[]).map(toRecord);
}
export function conflictsOf(db: Db, column: 'certificate' | 'credit_code', value: string) {
  return (db.prepare(`SELECT * FROM conflicts WHERE ${column} = ? ORDER BY certificate, credit_code`).all(value) as Record<string, unknown>[]).map(toRecord);
}

export function activeRegistryCount(db: Db): number {
  return db.prepare("SELECT COUNT(*) FROM subjects WHERE in_registry = 1 AND status = 'active'").pluck().get() as number;
}

/** Active subjects per township, for choosing a plan's scope. */
export function townshipCounts(db: Db): { township: string; n: number }[] {
  return db.prepare("SELECT township, COUNT(*) AS n FROM subjects WHERE in_registry = 1 AND status = 'active' AND township <> '' GROUP BY township ORDER BY township").all() as { township: string; n: number }[];
}

export function inspectorName(db: Db, certificate: string): string {
  return (db.prepare('SELECT name FROM inspectors WHERE certificate = ?').pluck().get(certificate) as string | undefined) ?? '';
}

