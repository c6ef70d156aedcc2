import { beforeIndexBuilds, BULK_CACHE_KB, type Db } from './db.js';
import type { Kind } from '../core/records.js';
import { RECORD_SPECS, recordTuple, storedFields, writtenColumns, writtenTuple } from '../core/record-spec.js';

/**
 * Writing imported records, one kind at a time, inside the import's transaction.
 * A record an import inserts or changes carries that import's id and line (the import that last
 * wrote it); one the file names unchanged is left as it is and its line kept in the writer. Both
 * are how a key seen twice in one file is caught, and how `--full` finds the records the file no
 * longer has.
 */
export type Upserted = 'inserted' | 'updated' | 'unchanged' | 'taken' | { duplicateOf: number }
  | { rejected: { field: string; reason: string; params?: Record<string, unknown> } };
// 'taken': another record already holds a value that must be unique (a department's name).

export interface RegistryWriter {
  upsert(record: Record<string, unknown>, line: number): Upserted;
  /**
   * The same for a batch of records given as their tuples (core/record-spec recordTuple), `width`
   * values each in one flat array, in line order: each one's outcome. The plain kinds' writers
   * have it.
   */
  upsertTuples?(tuples: unknown[], width: number, lines: number[]): Upserted[];
  /** Marks what this import did not contain as no longer in the registry; returns how many. */
  retireMissing(): number;
  /** How many records retireMissing would retire, of how many now in the registry. */
  missingCount?(): { missing: number; registered: number };
  /**
   * Called once after the last row, before the counts are final: puts back what the writer set
   * aside. Returns how many rows it then found to name a key an earlier line named (a new
   * registry's, found only when its key index is built); `lateDuplicates` tells them, in line order.
   */
  finish?(): number | void;
  /**
   * A row found to name a key an earlier line named, whose fields the import does not have at
   * hand (the second thread does not send them): kept to be rejected, by `lateDuplicates`, once
   * the file has been read.
   */
  rejectLater?(line: number, firstLine: number): void;
  /** Up to `limit` of the rows `finish` and `rejectLater` kept, after line `after`. */
  lateDuplicates?(after: number, limit: number): LateDuplicate[];
}

/** A writer that can also append rows to a table with no unique index (a new registry's, while its indexes are set aside). */
interface PlainWriter extends RegistryWriter {
  upsertTuples(tuples: unknown[], width: number, lines: number[]): Upserted[];
  /** Appends the records; they are written by the time `flush` returns (any other call flushes first). */
  appendTuples(tuples: unknown[], width: number, lines: number[]): Upserted[];
  flush(): void;
}

/**
 * Records one statement appends, or looks up. Binding is most of the writing thread's time, and
 * one statement of 32 rows binds the same values as 32 of one row for about half the cost
 * (measured with better-sqlite3 12 at 200,000 subjects: appending 1.1 against 2.1 CPU s, looking
 * up 1.6 against 3.0).
 */
const ROWS_A_STATEMENT = 32;

interface TableSpec {
  kind: Kind; table: string; keys: string[]; fields: string[]; flag: string;
  /** keys, fields, then row_hash where the table keeps one (`rowHash`, as its record spec says): a tuple's order */
  columns: string[]; rowHash: boolean;
}

/** A kind's table, key, columns and registry flag, from its record spec. */
const tableOf = (kind: Kind): TableSpec => {
  const spec = RECORD_SPECS[kind];
  return { kind, table: spec.table, keys: spec.keys, fields: storedFields(kind), flag: spec.flag, columns: writtenColumns(kind), rowHash: spec.rowHash === true };
};

function plainWriter(db: Db, spec: TableSpec, importId: number): PlainWriter {
  const { table, keys, fields, flag, columns: all, rowHash } = spec;
  // A flag the file itself sets (an inspector's 在岗) is a field; otherwise re-import revives the record.
  const flagIsField = fields.includes(flag);
  const inRegistry = flagIsField ? '' : ` AND ${flag} = 1`;
  // What a tuple's values are compared with: its row hash (the tuple's last value), or every field.
  const compared = rowHash ? ['row_hash'] : fields;
  const insert = db.prepare(
    `INSERT INTO ${table} (${all.join(', ')}, import_id, import_line) VALUES (${all.map(() => '?').join(', ')}, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  // The record the key names, and whether it is the row as the file has it (its row hash, or every
  // field, the same; still in the registry), compared by SQLite: a monthly re-import is mostly such
  // rows, and reading each one back into JavaScript to compare it cost more than the lookup. `IS`
  // so that NULL equals NULL. A table's rows written before it kept row hashes (`hashless`) are
  // compared field by field (`sameFields`), once: an unchanged one is then given its hash.
  const lookup = db.prepare(
    `SELECT rowid, import_id, import_line, (${compared.map((f) => `${f} IS ?`).join(' AND ')}${inRegistry}) AS same, ${rowHash ? 'row_hash IS NULL' : '0'}
     FROM ${table} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`,
  ).raw();
  const sameFields = rowHash ? db.prepare(`SELECT (${fields.map((f) => `${f} IS ?`).join(' AND ')}${inRegistry}) FROM ${table} WHERE rowid = ?`).pluck() : undefined;
  const stampHash = rowHash ? db.prepare(`UPDATE ${table} SET row_hash = ? WHERE rowid = ?`) : undefined;
  const update = db.prepare(
    `UPDATE ${table} SET ${all.slice(keys.length).map((f) => `${f} = ?`).join(', ')}${flagIsField ? '' : `, ${flag} = 1`}, import_id = ?, import_line = ? WHERE rowid = ?`,
  );
  const nk = keys.length;
  /** The values a tuple's lookup compares: its row hash, or its fields. */
  const comparedOf = (tuple: unknown[]) => (rowHash ? tuple.slice(-1) : tuple.slice(nk));
  // An unchanged record is not written at all (an import that rewrote every row to stamp it
  // rewrote, and journalled, the whole table): the line that named it is kept here, by rowid,
  // for the duplicate check and for `--full`. Records this import inserts or updates carry its id
  // and line in the table instead (an updated one is marked here too: see `settle`). 4 bytes a
  // record: 32 MB for a province of 8,000,000.
  const before = db.prepare(`SELECT COALESCE(MAX(rowid), 0) FROM ${table}`).pluck().get() as number;
  const seenLine = new Uint32Array(before + 1);
  // The lines take their room from the import's page cache, so that the two together stay within
  // what beginBulkWrite gave the cache (a re-import looks its rows up, and a province's key index
  // is far larger than either), never less than a quarter of it.
  if (seenLine.byteLength > 1 << 20) db.pragma(`cache_size = -${Math.max(BULK_CACHE_KB >> 2, BULK_CACHE_KB - (seenLine.byteLength >> 10))}`);
  const seen = (rowid: number) => (rowid <= before && seenLine[rowid] !== 0 ? 1 : 0);
  // neither written nor named by this import
  const untouched = `(import_id IS NULL OR import_id <> ?) AND NOT draw_seen_${table}(rowid)`;
  db.function(`draw_seen_${table}`, { directOnly: true }, seen);
  const retire = db.prepare(`UPDATE ${table} SET ${flag} = 0 WHERE ${flag} = 1 AND ${untouched}`);
  const missing = db.prepare(`SELECT COUNT(*) FILTER (WHERE ${untouched}) AS missing, COUNT(*) AS registered FROM ${table} WHERE ${flag} = 1`);
  // Which statement to try first: a new registry is all inserts, a re-import mostly unchanged
  // rows; trying the outcome of the previous rows first makes either one statement a row.
  let lastInserted = true;
  const K = ROWS_A_STATEMENT;
  const width = all.length;
  const valuesOf = (n: number) => Array(K).fill(`(${Array(n).fill('?').join(', ')})`).join(', ');

  // Appended rows wait here, their values in statement order, until K of them are there.
  const pending: unknown[] = new Array(K * (width + 2));
  let pendingRows = 0;
  let appendMany: ReturnType<Db['prepare']> | undefined;
  const flush = () => {
    if (pendingRows === 0) return;
    if (pendingRows === K) {
      appendMany ??= db.prepare(`INSERT INTO ${table} (${all.join(', ')}, import_id, import_line) VALUES ${valuesOf(width + 2)}`);
      appendMany.run(pending);
    } else {
      for (let r = 0; r < pendingRows; r++) insert.run(pending.slice(r * (width + 2), (r + 1) * (width + 2)));
    }
    pendingRows = 0;
  };
  const appendTuples = (tuples: unknown[], w: number, lines: number[]): Upserted[] => {
    if (w !== width) throw new Error(`${table}: records of ${w} values, not ${width}`);
    for (let k = 0; k < lines.length; k++) {
      let at = pendingRows * (width + 2);
      for (let i = k * width; i < (k + 1) * width; i++) pending[at++] = tuples[i];
      pending[at++] = importId;
      pending[at] = lines[k];
      if (++pendingRows === K) flush();
    }
    return Array<Upserted>(lines.length).fill('inserted');
  };

  type Found = [rowid: number, importId: number | null, line: number | null, same: number, hashless: number];
  /** The outcome for a record its key's lookup found. */
  const settle = (tuple: unknown[], line: number, [rowid, rowImport, rowLine, same, hashless]: Found): Upserted => {
    if (rowImport === importId) return { duplicateOf: rowLine as number };
    if (seen(rowid)) return { duplicateOf: seenLine[rowid] };
    // a row from before the table kept hashes, the same as the file's: it gets its hash, nothing else changes
    if (same !== 1 && hashless === 1 && sameFields!.get(...tuple.slice(nk, nk + fields.length), rowid) === 1) {
      stampHash!.run(tuple[tuple.length - 1], rowid);
      same = 1;
    }
    if (same === 1) {
      if (rowid <= before) seenLine[rowid] = line;
      return 'unchanged';
    }
    try {
      update.run(tuple.slice(nk), importId, line, rowid);
    } catch (error) {
      // Renaming a department to a name another one holds.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'taken';
      throw error;
    }
    // A later line of the same looked-up batch found the row as it was before this update.
    if (rowid <= before) seenLine[rowid] = line;
    return 'updated';
  };
  const upsertTuple = (tuple: unknown[], line: number): Upserted => {
    flush();
    if (lastInserted && insert.run(tuple, importId, line).changes === 1) return 'inserted';
    const row = lookup.get(comparedOf(tuple), tuple.slice(0, nk)) as Found | undefined;
    if (row === undefined) {
      if (insert.run(tuple, importId, line).changes === 1) { lastInserted = true; return 'inserted'; }
      return 'taken';
    }
    lastInserted = false;
    return settle(tuple, line, row);
  };

  // K records' lookups in one statement: each one's place (n), then what `lookup` gives.
  const asks = [...keys, ...compared];
  const lookupMany = db.prepare(
    `WITH v(n, ${asks.map((_, i) => `c${i}`).join(', ')}) AS (VALUES ${valuesOf(asks.length + 1)})
     SELECT v.n, s.rowid, s.import_id, s.import_line,
       (${compared.map((f, i) => `s.${f} IS v.c${nk + i}`).join(' AND ')}${inRegistry.replace(flag, `s.${flag}`)}), ${rowHash ? 's.row_hash IS NULL' : '0'}
     FROM v JOIN ${table} s ON ${keys.map((k, i) => `s.${k} = v.c${i}`).join(' AND ')}`,
  ).raw();
  const asked: unknown[] = new Array(K * (asks.length + 1));
  // where a tuple's compared values start: its last (the hash) or right after its key
  const comparedFrom = rowHash ? width - 1 : nk;
  const found: (Found | undefined)[] = new Array(K);
  const upsertTuples = (tuples: unknown[], w: number, lines: number[]): Upserted[] => {
    if (w !== width) throw new Error(`${table}: records of ${w} values, not ${width}`);
    flush();
    const out: Upserted[] = new Array(lines.length);
    for (let from = 0; from < lines.length; from += K) {
      const to = Math.min(lines.length, from + K);
      if (lastInserted || to - from < K) {
        for (let k = from; k < to; k++) out[k] = upsertTuple(tuples.slice(k * width, (k + 1) * width), lines[k]);
        continue;
      }
      let at = 0;
      for (let k = from; k < to; k++) {
        asked[at++] = k - from;
        for (let i = k * width; i < k * width + nk; i++) asked[at++] = tuples[i];
        for (let i = k * width + comparedFrom; i < (k + 1) * width; i++) asked[at++] = tuples[i];
      }
      found.fill(undefined);
      for (const [n, ...row] of lookupMany.all(asked) as [number, ...Found][]) found[n] = row;
      let inserted = 0;
      for (let k = from; k < to; k++) {
        const tuple = tuples.slice(k * width, (k + 1) * width);
        const row = found[k - from];
        if (row !== undefined) out[k] = settle(tuple, lines[k], row);
        else if (insert.run(tuple, importId, lines[k]).changes === 1) { out[k] = 'inserted'; inserted++; }
        else out[k] = upsertTuple(tuple, lines[k]); // a key an earlier record of these K inserted
      }
      // Mostly new records (a registry that grows): back to trying the insert first.
      if (inserted * 2 > to - from) lastInserted = true;
    }
    return out;
  };
  return {
    upsert: (record, line) => upsertTuple(writtenTuple(spec.kind, all, record), line),
    upsertTuples,
    appendTuples,
    flush,
    retireMissing: () => { flush(); return retire.run(importId).changes; },
    missingCount: () => { flush(); return missing.get(importId) as { missing: number; registered: number }; },
    finish: flush,
  };
}

const ITEM_FIELDS = storedFields('items');

/** Items keep every version (art. 11: the list changes with the law; a plan keeps the version it used). */
function itemWriter(db: Db, importId: number, now: string): RegistryWriter {
  const current = db.prepare(`SELECT version, ${ITEM_FIELDS.join(', ')}, active, import_id, import_line FROM items WHERE code = ? AND current = 1`);
  const lastVersion = db.prepare('SELECT MAX(version) AS v FROM items WHERE code = ?');
  const supersede = db.prepare('UPDATE items SET current = 0 WHERE code = ? AND current = 1');
  const insert = db.prepare(
    `INSERT INTO items (code, version, ${ITEM_FIELDS.join(', ')}, current, active, valid_from, import_id, import_line)
     VALUES (?, ?, ${ITEM_FIELDS.map(() => '?').join(', ')}, 1, 1, ?, ?, ?)`,
  );
  const touch = db.prepare('UPDATE items SET import_id = ?, import_line = ? WHERE code = ? AND current = 1');
  const retire = db.prepare('UPDATE items SET active = 0 WHERE current = 1 AND active = 1 AND (import_id IS NULL OR import_id <> ?)');
  const missing = db.prepare('SELECT COUNT(*) FILTER (WHERE import_id IS NULL OR import_id <> ?) AS missing, COUNT(*) AS registered FROM items WHERE current = 1 AND active = 1');
  return {
    upsert(record, line) {
      const code = record.code as string;
      const fieldValues = recordTuple(ITEM_FIELDS, record);
      const row = current.get(code) as Record<string, unknown> | undefined;
      if (row?.import_id === importId) return { duplicateOf: row.import_line as number };
      if (row && row.active === 1 && ITEM_FIELDS.every((f, i) => row[f] === fieldValues[i])) {
        touch.run(importId, line, code);
        return 'unchanged';
      }
      const next = ((lastVersion.get(code) as { v: number | null }).v ?? 0) + 1;
      supersede.run(code);
      insert.run(code, next, ...fieldValues, now, importId, line);
      return next === 1 ? 'inserted' : 'updated';
    },
    retireMissing: () => retire.run(importId).changes,
    missingCount: () => missing.get(importId) as { missing: number; registered: number },
  };
}

export function registryWriter(db: Db, kind: Kind, importId: number, now: string): RegistryWriter {
  if (kind === 'items') return itemWriter(db, importId, now);
  const writer = plainWriter(db, tableOf(kind), importId);
  return kind === 'subjects' ? withIndexesSetAside(db, 'subjects', 'subjects_key', writer) : writer;
}

/** Inserts after which a registry that has grown past what it held is written without its secondary indexes. */
const SET_ASIDE_AFTER = 50_000;

/**
 * A key named again, rejected once the file has been read: the later line, the first, and whether
 * the import counted it rejected already (`rejectLater`) or inserted (found when a new registry's
 * key index was built).
 */
export interface LateDuplicate { line: number; firstLine: number; counted: boolean }

/**
 * A new registry written row by row into its indexes puts every key in a random place of a
 * B-tree larger than the page cache (at 8,000,000 rows a page read and one written back per row);
 * built once at the end, SQLite sorts the entries and writes each page once.
 *
 * - Into an empty table (a first import) every index is set aside before the first row, the key
 *   index too: the rows are appended in file order. Whether a key came twice is then found when
 *   the key index is built; the later rows are taken out and told by `lateDuplicates`, and the
 *   import rejects them as it would have at their line.
 * - When an import has inserted more rows than the table held before it (a registry that doubled)
 *   and at least SET_ASIDE_AFTER, the secondary indexes are set aside then; the key index stays,
 *   since the rows already there must be found.
 * - A re-import, whose rows are mostly unchanged or updated, keeps them all: an unchanged row
 *   touches none of their columns.
 *
 * Each index is dropped inside the import's transaction and made again from its own CREATE
 * statement before the import is kept; a rolled-back or killed import leaves them as they were
 * (DDL is part of the transaction).
 */
function withIndexesSetAside(db: Db, table: string, key: string, writer: PlainWriter): RegistryWriter {
  const before = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name = ? DESC`).all(table, key) as { name: string; sql: string }[];
  let setAside: { name: string; sql: string }[] = [];
  const drop = (which: { name: string; sql: string }[]) => {
    for (const i of which) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
    setAside = which;
  };
  db.exec('CREATE TEMP TABLE IF NOT EXISTS draw_late_duplicates (line INTEGER PRIMARY KEY, first INTEGER NOT NULL, rid INTEGER, counted INTEGER NOT NULL)');
  db.exec('DELETE FROM temp.draw_late_duplicates');
  const keep = db.prepare('INSERT INTO temp.draw_late_duplicates (line, first, counted) VALUES (?, ?, 1)');
  // With no index at all nothing can conflict: every row is appended, many a statement.
  const appending = before === 0;
  if (appending) drop(indexes);
  let inserted = 0;
  const counted = (result: Upserted): Upserted => {
    if (result === 'inserted' && ++inserted > before && inserted >= SET_ASIDE_AFTER && setAside.length === 0) drop(indexes.filter((i) => i.name !== key));
    return result;
  };
  let late = 0;
  return {
    ...writer,
    upsert: (record, line) => counted(writer.upsert(record, line)),
    upsertTuples: appending ? writer.appendTuples : (tuples: unknown[], width: number, lines: number[]) => writer.upsertTuples(tuples, width, lines).map(counted),
    finish() {
      writer.flush();
      if (setAside.length > 0) beforeIndexBuilds(db);
      for (const { name, sql } of setAside) {
        if (name === key) late = buildKeyIndex(db, table, sql);
        else db.exec(sql);
      }
      setAside = [];
      return late;
    },
    rejectLater: (line, firstLine) => { keep.run(line, firstLine); },
    lateDuplicates: (after: number, limit: number) =>
      (db.prepare('SELECT line, first AS firstLine, counted FROM temp.draw_late_duplicates WHERE line > ? ORDER BY line LIMIT ?').all(after, limit) as { line: number; firstLine: number; counted: number }[])
        .map((d) => ({ ...d, counted: d.counted === 1 })),
  };
}

/**
 * Builds a new registry's key index. A key named on two lines fails it: the rows after the
 * first are kept aside in temp.draw_late_duplicates (their line and the first line), taken out of
 * the table, and the index built again. Returns how many were taken out.
 */
function buildKeyIndex(db: Db, table: string, sql: string): number {
  try {
    db.exec(sql);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
  }
  db.exec(`INSERT INTO temp.draw_late_duplicates (line, first, rid, counted)
    SELECT s.import_line, f.first, s.rowid, 0 FROM ${table} s
    JOIN (SELECT credit_code, MIN(import_line) AS first FROM ${table} GROUP BY credit_code HAVING COUNT(*) > 1) f USING (credit_code)
    WHERE s.import_line > f.first`);
  db.exec(`DELETE FROM ${table} WHERE rowid IN (SELECT rid FROM temp.draw_late_duplicates)`);
  db.exec(sql);
  return db.prepare('SELECT COUNT(*) FROM temp.draw_late_duplicates WHERE counted = 0').pluck().get() as number;
}

export interface ImportRecord {
  kind: string; file_name: string; sha256: string; encoding: string; full: boolean; operator: string; started_at: string;
}

export function beginImport(db: Db, r: ImportRecord): number {
  return Number(db.prepare(
    `INSERT INTO imports (kind, file_name, sha256, encoding, full, operator, started_at)
     VALUES (@kind, @file_name, @sha256, @encoding, @full, @operator, @started_at)`,
  ).run({ ...r, full: r.full ? 1 : 0 }).lastInsertRowid);
}

export interface ImportCounts {
  total: number; inserted: number; updated: number; unchanged: number; rejected: number; warnings: number; retired: number;
}

export function finishImport(db: Db, id: number, counts: ImportCounts, finishedAt: string): void {
  db.prepare(
    `UPDATE imports SET total = @total, inserted = @inserted, updated = @updated, unchanged = @unchanged,
     rejected = @rejected, warnings = @warnings, retired = @retired, finished_at = @finished_at WHERE id = @id`,
  ).run({ ...counts, finished_at: finishedAt, id });
}

export function acceptedCodes(db: Db): string[] {
  return db.prepare('SELECT code FROM accepted_codes').pluck().all() as string[];
}

/** What the row rules need to look up while an import runs. */
export function registryLookups(db: Db) {
  const departments = new Map<string, string>();
  for (const d of db.prepare('SELECT code, name FROM departments').all() as { code: string; name: string }[]) {
    departments.set(d.code, d.code);
    departments.set(d.name, d.code);
  }
  const accepted = new Set((db.prepare('SELECT code FROM accepted_codes').all() as { code: string }[]).map((r) => r.code));
  const inspector = db.prepare('SELECT 1 FROM inspectors WHERE certificate = ?').pluck();
  const subject = db.prepare('SELECT 1 FROM subjects WHERE credit_code = ?').pluck();
  return {
    department: (text: string) => departments.get(text) ?? departments.get(text.toUpperCase()),
    acceptedCode: (code: string) => accepted.has(code),
    inspectorExists: (c: string) => inspector.get(c) !== undefined,
    subjectExists: (c: string) => subject.get(c) !== undefined,
  };
}

/** A code that fails the check character accepted on purpose (the early Fujian pilots). */
export function acceptCode(db: Db, code: string, reason: string, operator: string, at: string): void {
  db.prepare('INSERT INTO accepted_codes(code, reason, operator, accepted_at) VALUES (?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET reason = excluded.reason')
    .run(code, reason, operator, at);
}
