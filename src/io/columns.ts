import type { Kind } from '../core/records.js';
import { RECORD_SPECS } from '../core/record-spec.js';

/** What `draw import` reads: the registries, and the results of a draw's sheets. */
export type ImportKind = Kind | 'results';

/**
 * The columns each import accepts: the field name (GLOSSARY.md), then the headers that mean it.
 * The registries' come from their record specs (core/record-spec.ts); the results file's are here.
 * Headers are compared after normalisation (see normaliseHeader).
 */
export interface ColumnSpec { field: string; aliases: string[] }
export interface KindSpec {
  columns: ColumnSpec[];
  /** groups of fields of which at least one must be present */
  required: string[][];
}

const col = (field: string, ...aliases: string[]): ColumnSpec => ({ field, aliases: [...aliases, field] });
const fromRecordSpec = (kind: Kind): KindSpec => ({
  columns: RECORD_SPECS[kind].fields.filter((f) => f.read !== false).map((f) => ({ field: f.name, aliases: f.headers })),
  required: RECORD_SPECS[kind].required,
});

export const SPECS: Record<ImportKind, KindSpec> = {
  departments: fromRecordSpec('departments'),
  items: fromRecordSpec('items'),
  inspectors: fromRecordSpec('inspectors'),
  subjects: fromRecordSpec('subjects'),
  conflicts: fromRecordSpec('conflicts'),
  results: {
    columns: [
      col('sheet', '检查表', '检查表编号', '抽查表编号', '表号'),
      col('department', '部门', '检查部门', '部门代码', '检查实施机关'),
      col('date', '检查日期', '检查完成日期', 'inspected_on'),
      col('findings', '检查结果', '抽查结果'),
      col('items', '事项结果', '检查事项结果', '各事项结果'),
      col('signed', '签字确认', '是否签字', '被检查对象签字'),
      col('refusal_note', '拒签说明', '拒绝签字情况', '拒签情况'),
      col('witness', '见证人'),
      col('note', '备注'),
      col('late_reason', '逾期原因', '窗口外检查原因', '超期说明'),
    ],
    // the visit (签字确认) is given once per sheet: a file of departments' parts may leave it to the first
    required: [['sheet'], ['date'], ['findings']],
  },
};

/**
 * Registry dumps annotate headers with a type and width: `clrq(D)`, `#nbxh(C|50)`. Strip the
 * marks, the annotation, full-width forms and case, so every spelling meets one key.
 */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^#/, '')
    .replace(/\((?:[A-Za-z]{1,2}(?:\|\d+)?)\)$/, '')
    .replace(/（/g, '(').replace(/）/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase();
}

export interface HeaderMap {
  /** field → column index */
  index: Map<string, number>;
  unknown: string[];
  /** two headers of one file that mean one field: [the first, the second] */
  duplicates: [string, string][];
  missing: string[][];
}

export function mapHeader(kind: ImportKind, header: string[]): HeaderMap {
  const lookup = lookupFor(kind);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicates: [string, string][] = [];
  header.forEach((h, i) => {
    const field = lookup.get(normaliseHeader(h));
    if (field === undefined) { if (h.trim() !== '') unknown.push(h); return; }
    if (index.has(field)) duplicates.push([header[index.get(field)!], h]);
    else index.set(field, i);
  });
  const missing = SPECS[kind].required.filter((group) => !group.some((f) => index.has(f)));
  return { index, unknown, duplicates, missing };
}

const lookups = new Map<ImportKind, Map<string, string>>();
function lookupFor(kind: ImportKind): Map<string, string> {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const c of SPECS[kind].columns) for (const a of c.aliases) lookup.set(normaliseHeader(a), c.field);
    lookups.set(kind, lookup);
  }
  return lookup;
}

/** A field as a message names it: its Chinese header first, then the field name. */
export function fieldLabel(kind: ImportKind, field: string): string {
  const aliases = SPECS[kind].columns.find((c) => c.field === field)?.aliases ?? [];
  const chinese = aliases.find((a) => /[\u4e00-\u9fff]/.test(a));
  return chinese ? `${chinese} (${field})` : field;
}

/**
 * The header of the file nearest to one of a missing field's names (a typo such as 执法证好 for
 * 执法证号), when it is near enough to be a guess worth making: at most one edit in four characters.
 */
export function nearestHeader(kind: ImportKind, field: string, header: string[]): { found: string; meant: string } | null {
  const aliases = SPECS[kind].columns.find((c) => c.field === field)?.aliases ?? [];
  let best: { found: string; meant: string; d: number } | null = null;
  const known = lookupFor(kind);
  for (const h of header) {
    const nh = normaliseHeader(h);
    if (nh === '' || known.has(nh)) continue;
    for (const a of aliases) {
      const na = normaliseHeader(a);
      const d = editDistance(nh, na);
      if (d <= Math.max(1, Math.floor(Math.max(nh.length, na.length) / 4)) && (!best || d < best.d)) best = { found: h, meant: a, d };
    }
  }
  return best && { found: best.found, meant: best.meant };
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
