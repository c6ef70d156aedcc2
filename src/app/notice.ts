import type { Db } from '../store/db.js';
import type { DrawRow } from '../store/draws.js';
import { noticeSubjects, sheetCounts, type NoticeSubject } from '../store/sheet-papers.js';
import type { PlanRow } from '../store/plans.js';
import { auditHeadEntry } from '../store/audit.js';
import { parseJsonOr } from '../core/canonical.js';
import type { CeremonyRecord, SeedDeclaration } from '../core/ceremony.js';
import type { DrawParameters, SnapshotDigests } from '../core/snapshot.js';
import { usageError } from '../errors.js';
import { drawOfRef } from './refs.js';

/**
 * The public notices of a draw (art. 7): what the office publishes before the seed exists (the
 * commitment notice, 承诺公告) and after the draw (the draw notice, 抽取公告). Public papers: they
 * carry no credit grade (not even a sheet's stratum, which is the subject's grade), no address,
 * representative or phone, and of inspectors only their departments. Adding a kind is one entry
 * in NOTICES and one renderer.
 */
export type NoticeKind = 'commitment' | 'draw';
export const NOTICE_KINDS: readonly NoticeKind[] = ['commitment', 'draw'];

/** What every notice says of its task and of the draw's commitment. */
interface NoticeBase {
  draw: number;
  task: { number: string; name: string; year: number; windowStart: string; windowEnd: string };
  departments: { code: string; name: string; teamSize: number }[];
  commitment: string;
  committedAt: string;
  /** each snapshot's digest and rows, as committed */
  snapshots: SnapshotDigests;
  /** null: declared before issue 13's ceremony existed, or not at all */
  seedDeclaration: SeedDeclaration | null;
  /** the audit log's head when the notice was made: the notice is an anchor */
  auditHead: { seq: number; hash: string };
}

export interface CommitmentNotice extends NoticeBase {
  kind: 'commitment';
  items: { department: string; code: string; version: number; project: string; subitem: string; content: string; basis: string; method: string }[];
  scope: PlanRow['scope'];
}

export interface DrawNotice extends NoticeBase {
  kind: 'draw';
  seed: string;
  seedSource: 'given' | 'generated' | null;
  drawnAt: string;
  /** null for a draw made before the ceremony was recorded */
  ceremony: CeremonyRecord | null;
  resultHash: string;
  /**
   * the sheets as they stand, cancelled ones too (marked), each subject by name and credit code
   * only, in number order: read from the database each time they are walked, so that a draw of
   * any size is written as it is read (a province's 240,000 sheets held as objects, with the
   * notice built as one string, took 720 MB)
   */
  subjects: Iterable<NoticeSubject>;
  /** how many sheets the draw has, and how many of them stand (not cancelled) */
  sheets: { all: number; standing: number };
}

export type { NoticeSubject } from '../store/sheet-papers.js';

export type Notice = CommitmentNotice | DrawNotice;

interface Target { draw: DrawRow; plan: PlanRow }

/**
 * One builder per kind, each given the reference as typed: a kind about a draw finds it with
 * drawOfRef; a kind about a task before any draw (issue 11's `task`) would find the task itself.
 */
const NOTICES: { [K in NoticeKind]: (db: Db, ref: string) => Extract<Notice, { kind: K }> } = {
  commitment: (db, ref) => {
    const t = drawOfRef(db, ref);
    return {
      kind: 'commitment', ...base(db, t),
      items: t.plan.items.map((i) => ({ department: i.department, code: i.code, version: i.version, project: i.project, subitem: i.subitem, content: i.content, basis: i.basis, method: i.method })),
      scope: t.plan.scope,
    };
  },
  draw: (db, ref) => {
    const { draw, plan } = drawOfRef(db, ref);
    if (draw.status !== 'drawn' || !draw.seed || !draw.drawnAt || !draw.resultHash) throw usageError('papers.drawNotDrawn', { id: draw.id });
    return {
      kind: 'draw', ...base(db, { draw, plan }),
      seed: draw.seed, seedSource: draw.seedSource, drawnAt: draw.drawnAt, resultHash: draw.resultHash,
      ceremony: parseJsonOr<CeremonyRecord | null>(draw.ceremony ?? 'null', null),
      // the sheet's departments, never its inspectors (teams are not published before the visit) nor its stratum (the grade)
      subjects: { [Symbol.iterator]: () => noticeSubjects(db, draw.id) },
      sheets: sheetCounts(db, draw.id),
    };
  },
};

function base(db: Db, { draw, plan }: Target): NoticeBase {
  const parameters = parseJsonOr<Partial<DrawParameters>>(draw.parameters, {});
  const none = { sha256: '', rows: 0 };
  return {
    draw: draw.id,
    task: { number: plan.number, name: plan.name, year: plan.year, windowStart: plan.windowStart, windowEnd: plan.windowEnd },
    departments: plan.departments.map((d) => ({ code: d.code, name: d.name, teamSize: d.teamSize })),
    commitment: draw.commitment, committedAt: draw.committedAt,
    snapshots: { subjects: parameters.snapshots?.subjects ?? none, inspectors: parameters.snapshots?.inspectors ?? none, conflicts: parameters.snapshots?.conflicts ?? none },
    seedDeclaration: parseJsonOr<SeedDeclaration | null>(draw.seedDeclaration ?? 'null', null),
    auditHead: auditHeadEntry(db),
  };
}

/**
 * The notice of REF (a draw number, or a task number for its effective draw). Without a kind:
 * a committed draw's commitment notice, a drawn draw's draw notice. A voided draw has none.
 */
export function noticeOf(db: Db, ref: string | undefined, kind?: NoticeKind): Notice {
  const text = String(ref ?? '').trim();
  return NOTICES[kind ?? defaultKind(db, text)](db, text);
}

/** The kind REF gives without --kind: from its draw's status. */
function defaultKind(db: Db, ref: string): NoticeKind {
  return drawOfRef(db, ref).draw.status === 'drawn' ? 'draw' : 'commitment';
}
