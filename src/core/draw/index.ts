// The pure draw core: public API. No fs, no process, no clock, no Math.random.

export type {
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
export { checkFeasible, checkSeed, textProblem, MIN_INSPECTORS_PER_SHEET } from './feasible.js';
export { runDraw, traceDraw, drawStratum, sortedStrata, type TracedDraw } from './draw.js';
export { compareUtf8, sortUtf8, sortByUtf8, isWellFormed, hasSurrogate } from './order.js';
export {
  sha256Hex,
  deriveStreamHex,
  snapshotHashes,
  hashSortedLines,
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
