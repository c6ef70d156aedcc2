// Types shared by the draw core. Everything here is plain data (JSON-friendly).

/** The versions of the algorithm (docs/ALGORITHM.md): what a draw's parameters name and a replay dispatches on. */
export type DrawAlgorithm = 'draw-core/1' | 'draw-core/2';

export interface DrawSubject {
  /** Credit code (or any unique key). */
  key: string;
  stratum: string;
  /**
   * draw-core/2 only (required there): the departments on this subject's sheet, those one of
   * whose plan items apply to it. Any order; the draw uses them sorted bytewise, without repeats.
   */
  departments?: readonly string[];
}

export interface DrawStratum {
  stratum: string;
  /** Ratio in parts per million, an integer in 1 … 1 000 000. */
  ppm: number;
}

export interface DrawDepartment {
  code: string;
  /** Inspectors per sheet from this department. */
  teamSize: number;
  /** Certificate numbers of the eligible pool. */
  inspectors: string[];
}

export interface DrawConflict {
  certificate: string;
  key: string;
}

export interface DrawInput {
  /** Which version of the algorithm; 'draw-core/1' when absent (every draw made before draw-core/2). */
  algorithm?: DrawAlgorithm;
  /** The seed text as typed (any Unicode) or 64 hex characters; used byte for byte as UTF-8. */
  seed: string;
  subjects: DrawSubject[];
  strata: DrawStratum[];
  departments: DrawDepartment[];
  conflicts: DrawConflict[];
}

export interface SheetInspector {
  department: string;
  certificate: string;
}

export interface Sheet {
  number: number;
  key: string;
  stratum: string;
  /** Departments in bytewise order of code; within one, in selection order. */
  inspectors: SheetInspector[];
}

export interface StratumResult {
  stratum: string;
  size: number;
  drawn: number;
}

export interface PoolOrder {
  department: string;
  order: string[];
}

export interface DrawOutput {
  strata: StratumResult[];
  sheets: Sheet[];
  pools: PoolOrder[];
}

/** A field that carries an identifier or a name, for `invalid-text` refusals. */
export type TextField =
  | 'subject.key'
  | 'subject.stratum'
  | 'stratum'
  | 'department'
  | 'certificate'
  | 'conflict.certificate'
  | 'conflict.key'
  | 'subject.department';

/** Why a draw (or a replacement) cannot go ahead. Data, not messages: the CLI words them. */
export type Refusal =
  | { code: 'unknown-algorithm'; algorithm: string }
  | { code: 'invalid-seed'; reason: 'empty' | 'control-character' | 'lone-surrogate' }
  | { code: 'invalid-text'; field: TextField; value: string; reason: 'empty' | 'control-character' | 'lone-surrogate' | 'comma' }
  | { code: 'empty-population' }
  | { code: 'duplicate-subject'; key: string }
  | { code: 'duplicate-stratum'; stratum: string }
  | { code: 'invalid-ratio'; stratum: string; ppm: number }
  | { code: 'unknown-stratum'; stratum: string; subjects: number }
  | { code: 'duplicate-department'; department: string }
  | { code: 'duplicate-inspector'; certificate: string; departments: string[] }
  | { code: 'invalid-team-size'; department: string; teamSize: number }
  | { code: 'pool-too-small'; department: string; pool: number; teamSize: number }
  | { code: 'team-too-small'; inspectorsPerSheet: number; minimum: number }
  | { code: 'subject-all-conflicted'; department: string; key: string; available: number; teamSize: number }
  // draw-core/2 only:
  | { code: 'subject-no-department'; key: string }
  | { code: 'subject-unknown-department'; key: string; department: string }
  // Replacement requests only:
  | { code: 'unknown-sheet'; sheet: number }
  | { code: 'unknown-department'; department: string }
  | { code: 'not-on-sheet'; sheet: number; department: string; certificate: string }
  // Changes to a drawn draw (replacements and rejections, core/draw/changes.ts):
  | { code: 'sheet-cancelled'; sheet: number }
  | { code: 'department-not-on-sheet'; sheet: number; department: string };

export type RefusalCode = Refusal['code'];

/** Thrown by runDraw when its input would be refused; carries every refusal. */
export class DrawRefusedError extends Error {
  constructor(readonly refusals: Refusal[]) {
    super(`draw refused: ${refusals.map((r) => r.code).join(', ')}`);
    this.name = 'DrawRefusedError';
  }
}
