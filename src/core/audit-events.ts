import type { PlanDraft } from './plan.js';
import type { ResultInput } from './result-input.js';
import type { DeadlineRules } from './deadlines.js';
import type { StaleGrades } from './stale-grades.js';
import type { CeremonyRecord, SeedDeclaration } from './ceremony.js';

/**
 * Every kind of audit-log event and what its detail holds: written by src/store/audit.ts
 * (appendAudit) and read back through readEvent, so that nothing probes a detail's fields by
 * guesswork. Field names are the ones already on the record: the hash chain covers them, so an
 * event kind gains fields, it never renames one.
 */
type SnapshotDigests = Record<'subjects' | 'inspectors' | 'conflicts', { sha256: string; rows: number }>;
type Logged = { key: string; params?: Record<string, unknown> };
/**
 * A result as its entry logs it. Since issue 10 it names its department, and `visit` is the visits
 * row this entry wrote (null when the sheet's visit was recorded before), `visitCorrects` the one
 * that row corrected.
 */
export type LoggedResult = { draw: number; sheet: number; result: number; corrects?: number | null; visit?: number | null; visitCorrects?: number | null }
  & Omit<ResultInput, 'department' | 'lateReason'> & Partial<Pick<ResultInput, 'department' | 'lateReason'>>;

/** Sheets confirmed at once with one due day (a draw's sheets; a substitute its own). */
export type LoggedSheetConfirmations = { due: string; late: boolean; numbers: number[] };
/** A rejection as its confirmation logs it (the note goes in `rejectionNotes`). */
export type LoggedRejection = {
  seq: number; sheet: number; reason: string; cancels: boolean; substitute: number | null;
  skipped: string[]; excluded: { conflicts: { certificate: string; key: string }[]; inactive: string[] };
};
/** A substitute sheet as it came in: numbered after the draw's last, standing in for a cancelled one. */
export type LoggedSubstitute = { sheet: number; substituteFor: number; key: string; stratum: string; team: [string, string][]; due: string };

type PreviousResult = Pick<ResultInput, 'inspectedOn' | 'findings' | 'items' | 'signed'>;

export interface AuditDetails {
  init: { schema: number; journal?: 'wal' | 'delete' };
  /** the database's own journal mode changed (draw db journal, or a WAL database found on a share) */
  'db.journal': { from: 'wal' | 'delete'; to: 'wal' | 'delete'; reason?: 'share' };
  import: {
    kind: string; file: string; sha256: string; encoding: string; full: boolean; import: number;
    total: number; inserted: number; updated: number; unchanged: number; rejected: number; warnings: number; retired: number;
    /** a results import: every result it wrote (LoggedResult each; read back with care, as written by the import) */
    results?: unknown;
  };
  'calendar.import': { file: string; sha256: string; days: number; years: number[] };
  'code.accept': { code: string; reason: string; problem?: string };
  'config.set': { key: string; value: number; was: number };
  'plan.create': { plan: number } & PlanDraft;
  /**
   * `deadlines`: the confirmation, entry and publication deadlines in force, frozen with the draw (since issue 10);
   * `staleGrades`: the population's credit grades older than the office's setting, when there were any (since issue 11);
   * `seedDeclaration`: where the seed will come from and who gives its parts (since issue 13; absent on a one-step draw that declared none)
   */
  'draw.commit': {
    draw: number; plan: number; commitment: string; snapshots: SnapshotDigests; deadlines?: DeadlineRules; staleGrades?: StaleGrades; seedDeclaration?: SeedDeclaration;
  };
  /** `ceremony`: the seed's parts, the witnesses and whether the draw was one step (since issue 13) */
  'draw.run': { draw: number; plan: number; commitment: string; seed: string; seedSource: 'given' | 'generated'; result: string; sheets: number; ceremony?: CeremonyRecord };
  /** an attempt refused before anything was drawn; `reasons` are catalog keys with their values */
  'draw.refused': { plan: number; reason: string; draw?: number | string; commitment?: string; reasons?: Logged[]; [more: string]: unknown };
  /**
   * Since issue 10: `withResults` (the clerk voided a draw with records on it), `kept` (each record
   * left on the draw, by id: they stay, marked voided by the draw) and their `counts`.
   */
  'draw.void': {
    draw: number; plan: number; reason: string; approvedBy: string; was: string; withResults?: boolean;
    kept?: { confirmations: string[]; sheetConfirmations: number; rejections: number[]; results: number[]; dispositions: number[] };
    counts?: { confirmations: number; sheetConfirmations: number; rejections: number; results: number; dispositions: number };
  };
  /**
   * Since issue 10 a confirmation is per sheet and may reject sheets (art. 17): `sheets` are the
   * sheets it confirmed, grouped by their due day; `rejections` what it rejected, in seq order,
   * with `rejectionNotes` (free text, private) in the same order; `substitutes` the sheets that
   * came in for cancelled ones. `again`: a later confirmation of sheets still unconfirmed (a
   * substitute), whose `due`/`late` are those of the earliest-due sheet it dealt with.
   */
  'draw.confirm': {
    draw: number; department: string; due: string; late: boolean; note: string;
    again?: boolean; sheets?: LoggedSheetConfirmations[]; rejections?: LoggedRejection[]; rejectionNotes?: string[]; substitutes?: LoggedSubstitute[];
  };
  'sheet.replace': {
    draw: number; sheet: number; seq: number; department: string; replaced: string; substitute: string; reason: string; approvedBy: string;
    filedOn: string; conflicts: string[]; inactive: string[];
  };
  'sheet.assist': { draw: number; sheet: number; department: string; name: string; certificate: string };
  'result.enter': Omit<LoggedResult, 'corrects'>;
  'result.correct': LoggedResult & { corrects: number | null; previous: PreviousResult };
  /** `department`: whose result it follows up (since issue 10; none before) */
  'sheet.dispose': { draw: number; sheet: number; disposition: number; action: string; decidedOn: string; complete: boolean; note: string; corrects: number | null; department?: string };
  /**
   * `published`: how many results the file publishes (since issue 10: a joint result entered before
   * is on one row per department, so it may be fewer than `rows`); `corrections`: rows marked 更正
   */
  /** issue 11: a year's annual plan created with its first task (the task's own event is plan.create) */
  'annual.create': { annualPlan: number; year: number; plan: number };
  /** issue 11: the annual plan filed with the level above, on these figures (app/annual-plan.ts Filing) */
  'annual.file': {
    annualPlan: number; year: number; registry: number; floorPpm: number; needed: number; expected: number;
    tasks: { plan: number; number: string; expected: number; directed: boolean }[];
  };
  'disclosure.export': {
    disclosure: number; draw?: number; draws: number[]; year?: number; file: string; sha256: string; rows: number; encoding: string; format?: 'csv' | 'xlsx';
    published?: number; corrections?: number;
  };
}

export type AuditAction = keyof AuditDetails;

/**
 * The free-text personal fields of an event (a witness, a note, a specialist, a reason): listed
 * in the entry's `private` when it is written, hashed as digests (core/audit-chain.ts), and left
 * out of the replay package, which does not need them.
 */
export const PRIVATE_FIELDS: Partial<Record<AuditAction, readonly string[]>> = {
  'draw.confirm': ['note', 'rejectionNotes'],
  'result.enter': ['refusalNote', 'witness', 'note', 'lateReason'],
  'result.correct': ['refusalNote', 'witness', 'note', 'lateReason'],
  'sheet.assist': ['name', 'certificate'],
  'sheet.replace': ['reason'],
  'sheet.dispose': ['note'],
};

export type AuditEvent = { [A in AuditAction]: { action: A; detail: AuditDetails[A] } }[AuditAction];

const ACTIONS: Record<AuditAction, true> = {
  init: true, 'db.journal': true, import: true, 'calendar.import': true, 'code.accept': true, 'config.set': true, 'plan.create': true, 'draw.commit': true,
  'draw.run': true, 'draw.refused': true, 'draw.void': true, 'draw.confirm': true, 'sheet.replace': true, 'sheet.assist': true,
  'result.enter': true, 'result.correct': true, 'sheet.dispose': true, 'disclosure.export': true,
  'annual.create': true, 'annual.file': true,
};

/** The draw an event is about (its own column in the log); none for an event of several draws or of none. */
export function drawOfEvent(detail: unknown): number | null {
  const draw = (detail as { draw?: unknown } | null)?.draw;
  return Number.isSafeInteger(draw) ? (draw as number) : null;
}

/**
 * An entry's action and detail text read back as an event; undefined for an action this tool
 * does not write or a detail that is not an object (a changed entry is the chain's to report).
 */
export function readEvent(action: string, detail: string): AuditEvent | undefined {
  if (!Object.hasOwn(ACTIONS, action)) return undefined;
  try {
    const d = JSON.parse(detail) as unknown;
    return typeof d === 'object' && d !== null && !Array.isArray(d) ? ({ action, detail: d } as AuditEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** The event of one action among entries, typed by that action. */
export function eventOf<A extends AuditAction>(entries: readonly { action: string; detail: string }[], action: A, draw?: number): AuditDetails[A] | undefined {
  for (const e of entries) {
    if (e.action !== action) continue;
    const event = readEvent(e.action, e.detail);
    if (event && (draw === undefined || drawOfEvent(event.detail) === draw)) return event.detail as AuditDetails[A];
  }
  return undefined;
}

/**
 * The events whose detail records a whole file by the SHA-256 of its bytes (`sha256`): the file
 * an import read, the calendar notice imported, the disclosure written. A file that carries no
 * audit head is an anchor through the entry that records it (docs/AUDIT-LOG.md §5).
 */
export const FILE_DIGEST_ACTIONS = ['import', 'calendar.import', 'disclosure.export'] as const satisfies readonly AuditAction[];

/** The file digest an event records, when it is one of FILE_DIGEST_ACTIONS and its `sha256` is a string. */
export function fileDigestOf(event: AuditEvent | undefined): string | undefined {
  if (!event || !(FILE_DIGEST_ACTIONS as readonly string[]).includes(event.action)) return undefined;
  const sha256 = (event.detail as { sha256?: unknown }).sha256;
  return typeof sha256 === 'string' ? sha256 : undefined;
}
