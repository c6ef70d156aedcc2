import type { Db } from './db.js';
import type { Visit } from '../core/result-input.js';
import { parseJsonOr } from '../core/canonical.js';

/**
 * What the papers of a large draw read a batch of sheets at a time (app/sheet-papers.ts): one
 * query a batch for what was one query a sheet. `numbers` and `keys` go in as a JSON array.
 */

/** How many sheets of a draw stand. */
export function standingCount(db: Db, drawId: number): number {
  return db.prepare('SELECT COUNT(*) FROM sheets WHERE draw_id = ? AND cancelled_by IS NULL').pluck().get(drawId) as number;
}

/** The numbers of the sheets of a draw that stand (a cancelled one is not visited), in order, from `from` to `to`. */
export function* standingNumbers(db: Db, drawId: number, from = 0, to = Number.MAX_SAFE_INTEGER): Generator<number> {
  yield* db.prepare('SELECT number FROM sheets WHERE draw_id = ? AND cancelled_by IS NULL AND number BETWEEN ? AND ? ORDER BY number')
    .pluck().iterate(drawId, from, to) as IterableIterator<number>;
}

/**
 * The standing sheets of a draw each with its subject's township as the registry has it now,
 * trimmed as JavaScript trims (a function of this connection, so that a township is the same
 * text here as in core/sheet-split.ts), put in a temporary table of this connection: what
 * `export sheets --split township` plans its files from and finds each file's sheets in again,
 * so that no list of the draw's sheets is held (SQLite keeps the table past its page cache in a
 * temporary file). `drop()` empties it.
 */
export function stageSheetTownships(db: Db, drawId: number) {
  db.function('js_trim', { deterministic: true }, (text: unknown) => String(text).trim());
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS sheet_towns (town TEXT NOT NULL, number INTEGER NOT NULL, PRIMARY KEY (town, number)) WITHOUT ROWID;
    DELETE FROM temp.sheet_towns`);
  db.prepare(`INSERT INTO temp.sheet_towns (town, number) SELECT js_trim(COALESCE(s.township, '')), x.number FROM sheets x
    LEFT JOIN subjects s ON s.credit_code = x.credit_code WHERE x.draw_id = ? AND x.cancelled_by IS NULL`).run(drawId);
  return {
    /** every staged sheet in number order, with its township */
    *sheets(): Generator<{ number: number; township: string }> {
      yield* db.prepare('SELECT number, town AS township FROM temp.sheet_towns ORDER BY number').iterate() as IterableIterator<{ number: number; township: string }>;
    },
    /** the numbers of a township's sheets, in order */
    *numbersOf(township: string): Generator<number> {
      yield* db.prepare('SELECT number FROM temp.sheet_towns WHERE town = ? ORDER BY number').pluck().iterate(township) as IterableIterator<number>;
    },
    drop: () => { db.exec('DELETE FROM temp.sheet_towns'); },
  };
}

export interface NoticeSubject { sheet: number; name: string; key: string; departments: string[]; cancelledBy: number | null; substituteFor: number | null }

/**
 * The sheets of a draw for its public notice, cancelled ones too, in number order, one at a time:
 * each subject's name as the registry has it now ('' for a key it no longer holds), and the
 * departments on the sheet in the team's order (a team that is not JSON has none, as
 * store/draws.ts reads it), never the inspectors.
 */
export function* noticeSubjects(db: Db, drawId: number): Generator<NoticeSubject> {
  const rows = db.prepare(`SELECT x.number, x.credit_code, COALESCE(s.name, ''), x.team, x.cancelled_by, x.substitute_for
    FROM sheets x LEFT JOIN subjects s ON s.credit_code = x.credit_code WHERE x.draw_id = ? ORDER BY x.number`).raw()
    .iterate(drawId) as IterableIterator<[number, string, string, string, number | null, number | null]>;
  for (const [sheet, key, name, team, cancelledBy, substituteFor] of rows) {
    const members = parseJsonOr<unknown>(team, []);
    const departments = new Set<string>();
    if (Array.isArray(members)) for (const m of members) if (Array.isArray(m) && m.length === 2) departments.add(String(m[0]));
    yield { sheet, name, key, departments: [...departments], cancelledBy, substituteFor };
  }
}

/** How many sheets a draw has, and how many stand (not cancelled). */
export function sheetCounts(db: Db, drawId: number): { all: number; standing: number } {
  return db.prepare('SELECT COUNT(*) AS "all", COUNT(*) FILTER (WHERE cancelled_by IS NULL) AS standing FROM sheets WHERE draw_id = ?').get(drawId) as { all: number; standing: number };
}

export interface SheetSubject { name: string; address: string; representative: string; industryCode: string; typeClass: string }

/** The subjects of these keys as the registry has them now (a key it no longer holds is left out). */
export function sheetSubjects(db: Db, keys: readonly string[]): Map<string, SheetSubject> {
  const rows = db.prepare(`SELECT credit_code, name, address, representative, industry_code, type_class FROM subjects
    WHERE credit_code IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(keys)) as [string, string, string, string, string, string][];
  return new Map(rows.map(([key, name, address, representative, industryCode, typeClass]) => [key, { name, address, representative, industryCode, typeClass }]));
}

/** Every inspector's name by certificate: a county's few hundred, a province's some thousands. */
export function inspectorNames(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT certificate, name FROM inspectors').raw().all() as [string, string][]);
}

/**
 * The visit in effect of each of these sheets, as currentVisit (store/visits.ts) gives it one at
 * a time: the current `visits` row, else, for a sheet entered before visits had their own table,
 * its latest current result's.
 */
export function currentVisitsOf(db: Db, drawId: number, numbers: readonly number[]): Map<number, Visit> {
  const list = JSON.stringify(numbers);
  const out = new Map<number, Visit>();
  const put = (rows: [number, number, string, string][]) => {
    for (const [number, signed, refusalNote, witness] of rows) if (!out.has(number)) out.set(number, { signed: signed === 1, refusalNote, witness });
  };
  put(db.prepare(`SELECT number, signed, refusal_note, witness FROM visits WHERE draw_id = ? AND superseded_by IS NULL
    AND number IN (SELECT value FROM json_each(?))`).raw().all(drawId, list) as [number, number, string, string][]);
  put(db.prepare(`SELECT number, signed, refusal_note, witness FROM results WHERE draw_id = ? AND superseded_by IS NULL
    AND number IN (SELECT value FROM json_each(?)) ORDER BY number, id DESC`).raw().all(drawId, list) as [number, number, string, string][]);
  return out;
}

/**
 * The drawn list's sheets (`export drawn`): those that stand, in number order, with the subject's
 * name and township as the registry has them now, read as they are written (a province's draw
 * is some hundred thousand sheets; their teams are not on this list, so they are not read).
 */
export function* drawnListSheets(db: Db, drawId: number): Generator<{ key: string; substituteFor: number | null; name: string; township: string }> {
  const rows = db.prepare(`SELECT x.credit_code, x.substitute_for, COALESCE(s.name, ''), COALESCE(s.township, '') FROM sheets x
    LEFT JOIN subjects s ON s.credit_code = x.credit_code WHERE x.draw_id = ? AND x.cancelled_by IS NULL ORDER BY x.number`).raw().iterate(drawId) as IterableIterator<[string, number | null, string, string]>;
  for (const [key, substituteFor, name, township] of rows) yield { key, substituteFor, name, township };
}
