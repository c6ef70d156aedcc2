// The pure draw core: public API. No fs, no process, no clock, no Math.random.

/**
 * The algorithm new draws use (docs/ALGORITHM.md), named in their parameters and replay packages;
 * a new version on any change of output. Every earlier version still draws (DRAW_ALGORITHMS):
 * a draw replays under the version its parameters name.
 */
export const DRAW_ALGORITHM = 'draw-core/2';
/** The PRNG the streams use, pinned: seedrandom's default ARC4 generator, version 3.0.5. */
export const DRAW_PRNG = 'seedrandom-arc4@3.0.5';

export type {
  DrawAlgorithm,
  DrawConflict,
  DrawDepartment,
  DrawInput,
  DrawOutput,
  DrawStratum,
  DrawSubject,
  PoolOrder,
  Refusal,
  RefusalCode,
  Sheet,
  SheetInspector,
  StratumResult,
  TextField,
} from './types.js';
export { DrawRefusedError } from './types.js';
export { checkSeed, prepare, textProblem, algorithmOf, DRAW_ALGORITHMS, MIN_INSPECTORS_PER_SHEET, teamTooSmall, type Prepared } from './feasible.js';
export { runDraw, traceDraw, drawStratum, drawPoolOrder, type TracedDraw } from './draw.js';
export { checkFeasible, subjectsOfText, textDrawInput } from './text.js';
export { compareUtf8, sortUtf8, sortByUtf8, sortedIndex, scanUnits, isWellFormed, hasSurrogate, type UnitScan } from './order.js';
export {
  sha256Hex,
  deriveStreamHex,
  snapshotHashes,
  hashSortedLines,
  subjectLine,
  subjectLines,
  inspectorLines,
  conflictLines,
  UNIT_SEPARATOR,
  type SnapshotDigest,
  type SnapshotHashes,
  type SnapshotInput,
} from './hash.js';
export { Stream, uniformInt, LABEL, type Int32Source, type StreamTrace } from './streams.js';
export { partialFisherYates, shuffle } from './sample.js';
export { stratumCount, PPM } from './strata.js';
export { parseRatio, formatPpm } from './ratio.js';
export { matchDepartment, InfeasibleMatchError, type MatchDepartmentInput } from './match.js';
export {
  replaceInspector,
  applyReplacements,
  initialReplacementState,
  type ReplacementState,
  type ReplacementRequest,
  type ReplacementOutcome,
} from './replace.js';
export { StratumOrder, formTeam, type TeamPart } from './substitute.js';
export {
  applyChange,
  applySheetChanges,
  changeContext,
  initialChangedDraw,
  type ChangeContext,
  type ChangedDraw,
  type ChangedSheet,
  type ChangeOutcome,
  type PassedCandidate,
  type RejectChange,
  type ReplaceChange,
  type SheetChange,
  type SubstituteSheet,
} from './changes.js';
export { SubjectsScan, drawChunked, wholeText, type Arranged, type ChunkSource, type ChunkedInput, type KnownLines } from './chunked.js';
