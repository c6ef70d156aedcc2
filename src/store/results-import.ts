import type { Db } from './db.js';
import type { LoggedResult } from '../core/audit-events.js';
import type { RegistryWriter, Upserted } from './registry.js';
import { enterResult, ownCurrentResult } from './results.js';
import { sheetForEntry } from './entry-sheet.js';
import { findSheet } from './sheets.js';
import { checkResult, sameEntry } from '../core/result-input.js';
import { chinaDate } from '../core/deadlines.js';

/** The results file's column for each field a check names. */
const COLUMN: Record<string, string> = { refusalNote: 'refusal_note', lateReason: 'late_reason' };

/**
 * Writing a batch of results (`draw import results`): each row names its sheet (`1/17` or
 * `2022-001/17`) and its department, and is checked against that sheet as it stands, the rows
 * before it included (the first row of a sheet records its visit; later ones may leave it out);
 * a row for a department that already has a result is a correction (the old one is kept). The
 * import's audit entry lists every result it wrote, as `draw result` logs one, so `draw audit
 * verify` can hold each row to its record.
 */
export function resultsWriter(db: Db, operator: string, at: string): RegistryWriter & { logged: LoggedResult[] } {
  const seen = new Map<string, number>();
  const logged: LoggedResult[] = [];
  // a department written by its name (检查实施机关, as the disclosure shows it) is its code
  const byName = db.prepare('SELECT code FROM departments WHERE name = ?').pluck();
  const departmentOf = (text: unknown) => {
    const v = String(text ?? '').trim();
    return (byName.get(v) as string | undefined) ?? v;
  };
  return {
    logged,
    upsert(raw, line): Upserted {
      const ref = String(raw.sheet ?? '').trim();
      const sheet = findSheet(db, ref);
      if (!sheet) return { rejected: { field: 'sheet', reason: 'sheet.notFound', params: { ref } } };
      if (sheet.drawStatus !== 'drawn') return { rejected: { field: 'sheet', reason: 'sheet.notEffective', params: { ref, status: sheet.drawStatus } } };
      const checked = checkResult({
        department: departmentOf(raw.department), date: raw.date as string, findings: raw.findings as string, items: raw.items as string, signed: raw.signed as string,
        refusalNote: raw.refusal_note as string, witness: raw.witness as string, note: raw.note as string, lateReason: raw.late_reason as string,
      }, sheetForEntry(db, sheet), chinaDate(at));
      if (!checked.ok) return { rejected: { field: COLUMN[checked.problem.field] ?? checked.problem.field, reason: checked.problem.reason, params: checked.problem.params } };
      const key = `${sheet.drawId}/${sheet.number}/${checked.value.department}`;
      if (seen.has(key)) return { duplicateOf: seen.get(key)! };
      seen.set(key, line);
      // a row that says what is recorded already (the file imported again) is no correction
      if (sameEntry(checked.value, checked.visitGiven, ownCurrentResult(db, sheet, checked.value.department))) return 'unchanged';
      const { id, corrects, visit } = enterResult(db, sheet, checked.value, checked.visitGiven, at, operator);
      logged.push({ draw: sheet.drawId, sheet: sheet.number, result: id, corrects, ...checked.value, visit: visit?.id ?? null, visitCorrects: visit?.corrects ?? null });
      return corrects ? 'updated' : 'inserted';
    },
    retireMissing: () => 0,
  };
}
