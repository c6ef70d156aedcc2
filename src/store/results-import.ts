import type { Db } from './db.js';
import type { LoggedResult } from '../core/audit-events.js';
import type { RegistryWriter, Upserted } from './registry.js';
import { enterResult, firstDayOfDraw, planItemCodes } from './results.js';
import { findSheet } from './sheets.js';
import { checkResult } from '../core/result-input.js';
import { chinaDate } from '../core/deadlines.js';

/**
 * Writing a batch of results (`draw import results`): each row names its sheet (`1/17` or
 * `2022-001/17`) and is checked against that sheet's plan; a row for a sheet that already has a
 * result is a correction (the old one is kept). The import's audit entry lists every result it
 * wrote, as `draw result` logs one, so `draw audit verify` can hold each row to its record.
 */
export function resultsWriter(db: Db, operator: string, at: string): RegistryWriter & { logged: LoggedResult[] } {
  const seen = new Map<string, number>();
  const items = new Map<number, string[]>();
  const planItems = (drawId: number) => {
    if (!items.has(drawId)) {
      items.set(drawId, planItemCodes(db, drawId));
    }
    return items.get(drawId)!;
  };
  const logged: LoggedResult[] = [];
  return {
    logged,
    upsert(raw, line): Upserted {
      const ref = String(raw.sheet ?? '').trim();
      const sheet = findSheet(db, ref);
      if (!sheet) return { rejected: { field: 'sheet', reason: 'sheet.notFound', params: { ref } } };
      if (sheet.drawStatus !== 'drawn') return { rejected: { field: 'sheet', reason: 'sheet.notEffective', params: { ref, status: sheet.drawStatus } } };
      const key = `${sheet.drawId}/${sheet.number}`;
      if (seen.has(key)) return { duplicateOf: seen.get(key)! };
      const checked = checkResult({
        date: raw.date as string, findings: raw.findings as string, items: raw.items as string, signed: raw.signed as string,
        refusalNote: raw.refusal_note as string, witness: raw.witness as string, note: raw.note as string,
      }, planItems(sheet.drawId), chinaDate(at), firstDayOfDraw(db, sheet.drawId));
      if (!checked.ok) {
        const field = { refusalNote: 'refusal_note' }[checked.problem.field] ?? checked.problem.field;
        return { rejected: { field, reason: checked.problem.reason, params: checked.problem.params } };
      }
      seen.set(key, line);
      const { id, corrects } = enterResult(db, sheet, checked.value, at, operator);
      logged.push({ draw: sheet.drawId, sheet: sheet.number, result: id, corrects, ...checked.value });
      return corrects ? 'updated' : 'inserted';
    },
    retireMissing: () => 0,
  };
}
