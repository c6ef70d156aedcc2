import { gunzipSync, gzipSync } from 'node:zlib';
import { statement } from './connection.js';
import { StoredChunkMaker, type MadeChunk } from './stored-chunk.js';
import type { Db } from './db.js';
import type { PlanRow } from './plans.js';
import type { ChangedSheet, ChunkSource, PoolOrder, Sheet } from '../core/draw/index.js';
import type { CeremonyRecord, SeedDeclaration } from '../core/ceremony.js';
import { canonicalJson, parseJsonOr } from '../core/canonical.js';
import { COUNTY_RULES, type DeadlineRules } from '../core/deadlines.js';
import { teamTexts, type RecordedSheets } from '../core/snapshot.js';

/** Draws: their committed parameters, snapshot texts, sheets, and voiding. */

export type SnapshotKind = 'subjects' | 'inspectors' | 'conflicts';

export interface DrawRow {
  id: number; planId: number; status: 'committed' | 'drawn' | 'voided'; parameters: string; commitment: string;
  seed: string | null; seedSource: 'given' | 'generated' | null; resultHash: string | null; committedAt: string;
  drawnAt: string | null; operator: string; voidedAt: string | null; voidReason: string | null; voidApprovedBy: string | null;
  /** canonical JSON of core/ceremony.ts's SeedDeclaration, CeremonyRecord and the drawn PoolOrder[]; NULL before issue 13 */
  seedDeclaration: string | null; ceremony: string | null; pools: string | null;
}

const DRAW_COLUMNS = `id, plan_id AS planId, status, parameters, commitment, seed, seed_source AS seedSource, result_hash AS resultHash,
  committed_at AS committedAt, drawn_at AS drawnAt, operator, voided_at AS voidedAt, void_reason AS voidReason, void_approved_by AS voidApprovedBy,
  seed_declaration AS seedDeclaration, ceremony, pools`;

/**
 * The confirmation, entry and publication deadlines frozen with a draw when it was committed: a
 * later `draw config` changes later draws only. A draw whose column is unreadable (changed outside
 * the tool) falls back to the county's figures; `draw audit verify` names the change.
 */
export function drawDeadlines(db: Db, drawId: number): DeadlineRules {
  const text = db.prepare('SELECT deadlines FROM draws WHERE id = ?').pluck().get(drawId) as string | null | undefined;
  const parsed = parseJsonOr<Partial<DeadlineRules> | null>(text ?? 'null', null);
  const pick = (k: keyof DeadlineRules) => (Number.isSafeInteger(parsed?.[k]) && parsed![k]! > 0 ? parsed![k]! : COUNTY_RULES[k]);
  return { confirmDays: pick('confirmDays'), entryDays: pick('entryDays'), publishDays: pick('publishDays') };
}

export function getDraw(db: Db, id: number): DrawRow | undefined {
  return db.prepare(`SELECT ${DRAW_COLUMNS} FROM draws WHERE id = ?`).get(id) as DrawRow | undefined;
}

export function effectiveDraw(db: Db, planId: number): DrawRow | undefined {
  return db.prepare(`SELECT ${DRAW_COLUMNS} FROM draws WHERE plan_id = ? AND status <> 'voided'`).get(planId) as DrawRow | undefined;
}

export function drawsOfPlan(db: Db, planId: number): DrawRow[] {
  return db.prepare(`SELECT ${DRAW_COLUMNS} FROM draws WHERE plan_id = ? ORDER BY id`).all(planId) as DrawRow[];
}

/** The authorised items an inspector must hold for a plan, by department. */
function planItemsByDepartment(plan: PlanRow): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const i of plan.items) m.set(i.department, [...(m.get(i.department) ?? []), i.code]);
  return m;
}

/**
 * Each participating department's eligible pool (art. 12, 15): active, certificate valid through
 * the window, and authorised for every plan item of its department where authorisations are recorded.
 */
export function inspectorPools(db: Db, plan: PlanRow): { code: string; teamSize: number; inspectors: string[] }[] {
  const byDept = planItemsByDepartment(plan);
  return plan.departments.map((d) => ({ code: d.code, teamSize: d.teamSize, inspectors: eligibleInspectors(db, d.code, byDept.get(d.code) ?? [], plan.windowEnd) }));
}

/**
 * A department's inspectors who may be drawn: active, certificate valid through `validThrough`,
 * and authorised for every one of `items` where authorisations are recorded. The draw's pools and
 * the plan's check (before anything is stored) both count with this.
 */
export function eligibleInspectors(db: Db, department: string, items: string[], validThrough: string): string[] {
  const rows = db.prepare('SELECT certificate, items FROM inspectors WHERE department = ? AND active = 1 AND (valid_until IS NULL OR valid_until >= ?)')
    .all(department, validThrough) as { certificate: string; items: string }[];
  return rows.filter((r) => r.items === '' || items.every((code) => r.items.split(';').includes(code))).map((r) => r.certificate);
}

/** Each department's number of eligible inspectors for a plan not yet stored (items and window as far as known). */
export function poolSizes(db: Db, departments: string[], items: { code: string; department: string }[], validThrough: string): Record<string, number> {
  return Object.fromEntries(departments.map((d) => [d, eligibleInspectors(db, d, items.filter((i) => i.department === d).map((i) => i.code), validThrough).length]));
}

/** Declared, active conflicts of these certificates, whatever their subject. */
export function declaredConflicts(db: Db, certificates: Set<string>): { certificate: string; key: string }[] {
  return (db.prepare('SELECT certificate, credit_code AS key FROM conflicts WHERE active = 1').all() as { certificate: string; key: string }[])
    .filter((c) => certificates.has(c.certificate));
}

export function insertCommittedDraw(db: Db, d: {
  planId: number; parameters: string; commitment: string; at: string; operator: string; deadlines: DeadlineRules; seedDeclaration?: SeedDeclaration;
}): number {
  return Number(db.prepare(
    `INSERT INTO draws (plan_id, status, parameters, commitment, committed_at, operator, deadlines, seed_declaration) VALUES (?, 'committed', ?, ?, ?, ?, ?, ?)`,
  ).run(d.planId, d.parameters, d.commitment, d.at, d.operator, canonicalJson(d.deadlines), d.seedDeclaration ? canonicalJson(d.seedDeclaration) : null).lastInsertRowid);
}

/** Stores a snapshot text with its digest (the one just taken for the commitment: not hashed twice). */
export function storeSnapshot(db: Db, drawId: number, kind: SnapshotKind, text: string, digest: { rows: number; sha256: string }): string {
  db.prepare('INSERT INTO draw_snapshots (draw_id, kind, rows, sha256, text_gz) VALUES (?, ?, ?, ?, ?)')
    .run(drawId, kind, digest.rows, digest.sha256, gzipSync(text, { level: 1 }));
  return digest.sha256;
}

/**
 * A snapshot text being made, piece by piece (the population query's chunks), held gzipped in
 * stored chunks of STORED_CHUNK_LINES (a million subjects' text is 38 MB, gzipped a seventh of
 * that) until the commitment stores them; read back as the same pieces, each decoded on its own
 * from its stored chunk's bytes (a piece of 80 kB dies young; a stored chunk's whole text, 2.5 MB,
 * would be garbage that lasts). The first KEPT_CHUNKS stored chunks are kept in memory; the rest
 * (a province's: 43 MB at eight million subjects) go into a temporary table of the connection,
 * in a file of its own with a small page cache, until the commitment copies them. The stored
 * chunks are made here (add) or by a worker thread (addMade: app/snapshot-thread.ts), the same bytes.
 */
export class PendingChunks implements ChunkSource {
  private readonly gz: Buffer[] = [];
  private spilled = 0;
  /** per stored chunk, the byte length of each of its pieces */
  private readonly pieces: number[][] = [];
  private readonly maker = new StoredChunkMaker();

  /** `db`: the connection whose temporary table takes the chunks beyond KEPT_CHUNKS (none: all kept in memory) */
  constructor(private readonly db?: Db) {}

  add(text: string, lines: number): void {
    const made = this.maker.add(text, lines);
    if (made) this.addMade(made);
  }

  /** A stored chunk made elsewhere, the next in order (pieces given to add, if any, come after it). */
  addMade(made: MadeChunk): void {
    if (this.db && this.gz.length === KEPT_CHUNKS) {
      if (this.spilled === 0) {
        // temp: this connection's own, never in the database file; its pages spill to a file beyond a small cache
        this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS pending_chunks (seq INTEGER PRIMARY KEY, text_gz BLOB NOT NULL);
          DELETE FROM temp.pending_chunks; PRAGMA temp.cache_size = -2048`);
      }
      this.db.prepare('INSERT INTO temp.pending_chunks (seq, text_gz) VALUES (?, ?)').run(this.spilled++, made.gz);
    } else this.gz.push(made.gz);
    this.pieces.push(made.pieces);
  }

  private close(): void {
    const made = this.maker.close();
    if (made) this.addMade(made);
  }

  *chunks(): Generator<string> {
    this.close();
    const spilled = this.spilled > 0 ? this.db!.prepare('SELECT text_gz FROM temp.pending_chunks WHERE seq = ?').pluck() : null;
    for (let s = 0; s < this.gz.length + this.spilled; s++) {
      const gz = s < this.gz.length ? this.gz[s]! : (spilled!.get(s - this.gz.length) as Buffer);
      const bytes = gunzipSync(gz, wholeChunk(gz));
      let at = 0;
      for (const length of this.pieces[s]!) {
        yield bytes.toString('utf8', at, at + length);
        at += length;
      }
    }
  }

  /** Stores the chunks as draw_snapshot_chunks rows of a draw (more than one), those kept in memory first. */
  storeAs(db: Db, drawId: number, kind: SnapshotKind): void {
    this.close();
    const insert = db.prepare('INSERT INTO draw_snapshot_chunks (draw_id, kind, seq, text_gz) VALUES (?, ?, ?, ?)');
    this.gz.forEach((chunk, seq) => insert.run(drawId, kind, seq, chunk));
    if (this.spilled > 0) {
      db.prepare('INSERT INTO draw_snapshot_chunks (draw_id, kind, seq, text_gz) SELECT ?, ?, ? + seq, text_gz FROM temp.pending_chunks ORDER BY seq').run(drawId, kind, this.gz.length);
    }
  }

  /** The one stored chunk of a county's snapshot, or null when there are more (or none). */
  single(): Buffer | null {
    this.close();
    return this.spilled === 0 && this.gz.length === 1 ? this.gz[0]! : null;
  }

  /** How many stored chunks. */
  count(): number {
    this.close();
    return this.gz.length + this.spilled;
  }
}

/** Stored chunks a snapshot being made keeps in memory (some 6 MB, a million subjects): the rest wait in a temporary table. */
const KEPT_CHUNKS = 16;

/**
 * Stores a snapshot made in chunks: one chunk (a county's) in draw_snapshots.text_gz as every draw
 * before; more, each its own row of draw_snapshot_chunks, text_gz left empty.
 */
export function storeSnapshotChunks(db: Db, drawId: number, kind: SnapshotKind, chunks: PendingChunks, digest: { rows: number; sha256: string }): void {
  const whole = chunks.count() <= 1;
  db.prepare('INSERT INTO draw_snapshots (draw_id, kind, rows, sha256, text_gz) VALUES (?, ?, ?, ?, ?)')
    .run(drawId, kind, digest.rows, digest.sha256, whole ? (chunks.single() ?? gzipSync('', { level: 1 })) : Buffer.alloc(0));
  if (!whole) chunks.storeAs(db, drawId, kind);
}

/** Text of gzipped bytes; bytes that are not gzip any more (edited behind the tool's back) read as '', which fails its digest. */
const gunzipped = (gz: Buffer): string => gunzippedBytes(gz).toString('utf8');

/** Bytes of a stored text decoded a piece of some 64 kB at a time, each cut after a LF (never inside a character). */
function* piecesOf(bytes: Buffer): Generator<string> {
  for (let at = 0; at < bytes.length;) {
    const nl = bytes.indexOf(10, Math.min(at + PIECE_BYTES, bytes.length) - 1);
    const end = nl < 0 ? bytes.length : nl + 1;
    yield bytes.toString('utf8', at, end);
    at = end;
  }
}

const PIECE_BYTES = 1 << 16;

/**
 * Gunzipped into one buffer of the text's size, which gzip's trailer gives (ISIZE): in zlib's
 * 16 kB pieces, joined afterwards, the join was a copy of every snapshot's text (a tenth of a
 * replay's first pass). One byte more, or zlib takes a second buffer to find there is no more;
 * bytes edited behind the tool's back may say any size: it is bounded, and a larger text joined.
 */
function wholeChunk(gz: Buffer): { chunkSize: number } {
  const size = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return { chunkSize: Math.min(Math.max(size + 1, 1 << 14), 1 << 26) };
}

/** Gzipped bytes, or none when they are not gzip any more (edited behind the tool's back): the text then fails its digest. */
function gunzippedBytes(gz: Buffer): Buffer {
  try {
    return gunzipSync(gz, wholeChunk(gz));
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * A stored snapshot as its chunks, each read, gunzipped and decoded a piece at a time on each pass
 * (a draw stored whole, as every draw before issue 14, is one stored chunk): never whole in memory
 * as text. The pieces are cut the same way on every pass.
 */
export function snapshotChunks(db: Db, drawId: number, kind: SnapshotKind): ChunkSource {
  const seqs = db.prepare('SELECT seq FROM draw_snapshot_chunks WHERE draw_id = ? AND kind = ? ORDER BY seq').pluck().all(drawId, kind) as number[];
  const one = db.prepare('SELECT text_gz FROM draw_snapshot_chunks WHERE draw_id = ? AND kind = ? AND seq = ?').pluck();
  const whole = db.prepare('SELECT text_gz FROM draw_snapshots WHERE draw_id = ? AND kind = ?').pluck();
  return {
    *chunks() {
      if (seqs.length === 0) {
        const gz = whole.get(drawId, kind) as Buffer | undefined;
        if (gz) yield* piecesOf(gunzippedBytes(gz));
        return;
      }
      for (const seq of seqs) yield* piecesOf(gunzippedBytes(one.get(drawId, kind, seq) as Buffer));
    },
  };
}

function loadWhole(db: Db, drawId: number, kind: SnapshotKind): { text: string; rows: number; sha256: string } | undefined {
  const row = db.prepare('SELECT rows, sha256, text_gz FROM draw_snapshots WHERE draw_id = ? AND kind = ?').get(drawId, kind) as { rows: number; sha256: string; text_gz: Buffer } | undefined;
  if (!row) return undefined;
  return { text: gunzipped(row.text_gz), rows: row.rows, sha256: row.sha256 };
}

/** A stored snapshot whole (its chunks joined, if stored in chunks): for the papers and packages that hold it whole. */
export function loadSnapshot(db: Db, drawId: number, kind: SnapshotKind): { text: string; rows: number; sha256: string } | undefined {
  const row = loadWhole(db, drawId, kind);
  if (!row) return undefined;
  const chunks = db.prepare('SELECT text_gz FROM draw_snapshot_chunks WHERE draw_id = ? AND kind = ? ORDER BY seq').pluck();
  let text = '';
  let any = false;
  for (const gz of chunks.iterate(drawId, kind) as IterableIterator<Buffer>) {
    any = true;
    text += gunzipped(gz);
  }
  return any ? { ...row, text } : row;
}

export function storedTexts(db: Db, drawId: number): { subjects: string; inspectors: string; conflicts: string } {
  return {
    subjects: loadSnapshot(db, drawId, 'subjects')?.text ?? '',
    inspectors: loadSnapshot(db, drawId, 'inspectors')?.text ?? '',
    conflicts: loadSnapshot(db, drawId, 'conflicts')?.text ?? '',
  };
}

/**
 * Stores the sheets as drawn, SHEETS_PER_STATEMENT rows to a statement: a statement per sheet cost
 * 0.45 s of a million-subject `draw run` for 26,098 sheets; rows read by SQLite from one JSON
 * array (json_each) 0.2 s; bound values half that. Each team's text is written from its members'
 * pairs, each written once (core/snapshot.ts teamTexts).
 */
export function storeSheets(db: Db, drawId: number, sheets: readonly Sheet[]): void {
  const statement = (rows: number) => db.prepare(`INSERT INTO sheets (draw_id, number, credit_code, stratum, team) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`);
  const full = statement(SHEETS_PER_STATEMENT);
  const textOf = teamTexts();
  const values: unknown[] = [];
  for (let i = 0; i < sheets.length; i++) {
    const s = sheets[i]!;
    values.push(drawId, s.number, s.key, s.stratum, textOf(s.inspectors));
    if (values.length === SHEETS_PER_STATEMENT * 5) {
      full.run(values);
      values.length = 0;
    }
  }
  if (values.length) statement(values.length / 5).run(values);
}

const SHEETS_PER_STATEMENT = 500;

function teamOf(text: string): [string, string][] {
  const team = parseJsonOr<unknown>(text, []);
  return Array.isArray(team) ? team.filter((m): m is [string, string] => Array.isArray(m) && m.length === 2).map(([d, c]) => [String(d), String(c)]) : [];
}

/**
 * A draw's sheets as a replay reads them (core/snapshot.ts RecordedSheets): counted, their
 * subjects, and every sheet a row at a time in number order, its team the text stored.
 */
export function recordedSheets(db: Db, drawId: number): RecordedSheets {
  return {
    count: db.prepare('SELECT COUNT(*) FROM sheets WHERE draw_id = ?').pluck().get(drawId) as number,
    keys: () => db.prepare('SELECT credit_code FROM sheets WHERE draw_id = ? AND substitute_for IS NULL ORDER BY credit_code').pluck().all(drawId) as string[],
    *rows() {
      for (const [number, key, stratum, team, cancelledBy, substituteFor] of db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets WHERE draw_id = ? ORDER BY number`)
        .raw().iterate(drawId) as IterableIterator<SheetTuple>) {
        yield { number, key, stratum, team, ...(cancelledBy !== null ? { cancelledBy } : {}), ...(substituteFor !== null ? { substituteFor } : {}) };
      }
    },
    inspectorsOf: (team) => teamOf(team).map(([department, certificate]) => ({ department, certificate })),
    all: () => loadSheets(db, drawId),
  };
}

/** The substitute sheets of a draw (what the log of its rejections is held to). */
export function substituteSheets(db: Db, drawId: number): ChangedSheet[] {
  const rows = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets WHERE draw_id = ? AND substitute_for IS NOT NULL ORDER BY number`).raw().all(drawId) as SheetTuple[];
  return rows.map(sheetOfRow);
}

/** The sheets as stored, in the core's shape: a cancelled sheet names the change that cancelled it, a substitute the sheet it stands in for. */
export function loadSheets(db: Db, drawId: number): ChangedSheet[] {
  const rows = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets WHERE draw_id = ? ORDER BY number`).raw().all(drawId) as SheetTuple[];
  return rows.map(sheetOfRow);
}

/** Every sheet of a draw in number order, `size` at a time: a package writes a province's 200,000 sheets a page at a time. */
export function* sheetsByPage(db: Db, drawId: number, size = 500): Generator<ChangedSheet[]> {
  const page = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets WHERE draw_id = ? AND number > ? ORDER BY number LIMIT ?`).raw();
  for (let after = -Infinity; ;) {
    const rows = page.all(drawId, after, size) as SheetTuple[];
    if (rows.length === 0) return;
    yield rows.map(sheetOfRow);
    after = rows[rows.length - 1]![0];
  }
}

/** The sheets of a draw with these numbers, in number order: a paper reads a large draw a few hundred at a time. */
export function loadSheetsNumbered(db: Db, drawId: number, numbers: readonly number[]): ChangedSheet[] {
  const rows = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets WHERE draw_id = ? AND number IN (SELECT value FROM json_each(?)) ORDER BY number`)
    .raw().all(drawId, JSON.stringify(numbers)) as SheetTuple[];
  return rows.map(sheetOfRow);
}

const SHEET_COLUMNS = 'number, credit_code, stratum, team, cancelled_by, substitute_for';
type SheetTuple = [number, string, string, string, number | null, number | null];

function sheetOfRow([number, key, stratum, team, cancelledBy, substituteFor]: SheetTuple): ChangedSheet {
  return {
    // A team that is not JSON (edited behind the tool's back) reads as empty: the replay names that sheet.
    number, key, stratum, inspectors: teamOf(team).map(([department, certificate]) => ({ department, certificate })),
    ...(cancelledBy !== null ? { cancelledBy } : {}),
    ...(substituteFor !== null ? { substituteFor } : {}),
  };
}

/** The draw as drawn: its seed, result, the pool orders it drew and the ceremony that gave the seed. */
export function markDrawn(db: Db, drawId: number, d: {
  seed: string; seedSource: 'given' | 'generated'; resultHash: string; at: string; pools: readonly PoolOrder[]; ceremony?: CeremonyRecord;
}): void {
  db.prepare(`UPDATE draws SET status = 'drawn', seed = ?, seed_source = ?, result_hash = ?, drawn_at = ?, pools = ?, ceremony = ? WHERE id = ?`)
    .run(d.seed, d.seedSource, d.resultHash, d.at, canonicalJson(d.pools), d.ceremony ? canonicalJson(d.ceremony) : null, drawId);
}

export function markVoided(db: Db, drawId: number, reason: string, approvedBy: string, at: string): void {
  db.prepare(`UPDATE draws SET status = 'voided', void_reason = ?, void_approved_by = ?, voided_at = ? WHERE id = ?`).run(reason, approvedBy, at, drawId);
}

/** Names for the sheets' keys and certificates, for people to read (not part of the draw). */
export function namesFor(db: Db, sheets: readonly Sheet[]) {
  const subject = db.prepare('SELECT name, address, representative FROM subjects WHERE credit_code = ?');
  const inspector = db.prepare('SELECT name, department FROM inspectors WHERE certificate = ?');
  const subjects = new Map<string, { name: string; address: string; representative: string }>();
  const inspectors = new Map<string, { name: string; department: string }>();
  for (const s of sheets) {
    if (!subjects.has(s.key)) subjects.set(s.key, (subject.get(s.key) as any) ?? { name: '', address: '', representative: '' });
    for (const i of s.inspectors) if (!inspectors.has(i.certificate)) inspectors.set(i.certificate, (inspector.get(i.certificate) as any) ?? { name: '', department: i.department });
  }
  return { subjects, inspectors };
}

/** Each sheet subject's industry code and class as the registry has them now, for which items apply (core/applicability). */
export function subjectTraitsFor(db: Db, keys: readonly string[]): Map<string, { industryCode: string; typeClass: string }> {
  const one = statement(db, 'SELECT industry_code AS industryCode, type_class AS typeClass FROM subjects WHERE credit_code = ?');
  const out = new Map<string, { industryCode: string; typeClass: string }>();
  // a key the registry no longer holds is left out: the caller decides what that means
  for (const key of keys) {
    const row = out.has(key) ? undefined : (one.get(key) as { industryCode: string; typeClass: string } | undefined);
    if (row) out.set(key, row);
  }
  return out;
}

/** The drawn (not voided, not only committed) draws of plans of a year, in draw order. */
export function drawnOfYear(db: Db, year: number): DrawRow[] {
  return db.prepare(`SELECT ${DRAW_COLUMNS} FROM draws d WHERE d.status = 'drawn' AND d.plan_id IN (SELECT id FROM plans WHERE year = ?) ORDER BY d.id`).all(year) as DrawRow[];
}

/** How many sheets of each stratum the draw drew (a substitute sheet came in after it: not counted). */
export function drawnByStratum(db: Db, drawId: number): Record<string, number> {
  const rows = db.prepare('SELECT stratum, COUNT(*) FROM sheets WHERE draw_id = ? AND substitute_for IS NULL GROUP BY stratum').raw().all(drawId) as [string, number][];
  return Object.fromEntries(rows);
}

export function sheetNumbers(db: Db, drawId: number): number[] {
  return db.prepare('SELECT number FROM sheets WHERE draw_id = ? ORDER BY number').pluck().all(drawId) as number[];
}

