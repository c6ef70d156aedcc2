import type { Db } from '../store/db.js';
import { getPlan, type PlanRow } from '../store/plans.js';
import { inspectorName } from '../store/queries.js';
import { departmentResult, resultHistory } from '../store/results.js';
import { dispositionsOf } from '../store/dispositions.js';
import { currentVisit } from '../store/visits.js';
import { publicationsOfSheet, sheetsOfSubject } from '../store/subject-history.js';
import { chinaDate } from '../core/deadlines.js';
import { itemsForSubject } from '../core/item-scope.js';
import { subjectTraitsFor } from '../store/draws.js';

/**
 * A subject's history (检查记录, art. 20: the results "gathered under the subject"): every draw
 * and sheet the subject was on, newest first, with per department its inspectors, its items and
 * its own current result (art. 6: 谁检查、谁录入; a joint result entered before results were per
 * department counts as each one's), the sheet's visit once (art. 18), the dispositions and the
 * publications. A read: no transaction, no audit event.
 */
export interface DepartmentResultEntry {
  id: number; inspectedOn: string; findings: string[]; lateReason: string; note: string;
  enteredAt: string; enteredBy: string; corrections: number;
  /** entered before results were per department: one result for every department of the sheet */
  joint: boolean;
}

export interface HistoryEntry {
  draw: number; drawStatus: 'committed' | 'drawn' | 'voided'; drawnOn: string | null; voidedOn: string | null;
  plan: { number: string; name: string }; sheet: string; number: number; sheets: number;
  departments: {
    code: string; name: string; inspectors: { certificate: string; name: string }[];
    items: { code: string; version: number; project: string; subitem: string; outcome: 'normal' | 'abnormal' | 'not_applicable' | null }[];
    result: DepartmentResultEntry | null;
  }[];
  /** the visit in effect (signed, or the refusal with its note and witness), once per sheet */
  visit: { signed: boolean; refusalNote: string; witness: string } | null;
  /** department null: a disposition made before dispositions were per department */
  dispositions: { department: string | null; action: string; decidedOn: string; complete: boolean; note: string }[];
  /** department: whose result the publication carried (null: a joint result) */
  publications: { disclosure: number; at: string; file: string; department: string | null; current: boolean }[];
}

export function subjectHistory(db: Db, key: string): HistoryEntry[] {
  const plans = new Map<number, PlanRow>();
  const planOf = (id: number) => {
    if (!plans.has(id)) plans.set(id, getPlan(db, id)!);
    return plans.get(id)!;
  };
  const traits = subjectTraitsFor(db, [key]);
  return sheetsOfSubject(db, key).map((s) => {
    const plan = planOf(s.planId);
    const versions = resultHistory(db, s.drawId, s.number);
    const onSheet = new Set(s.team.map(([d]) => d));
    const current = new Set<number>();
    const resultOf = (code: string): DepartmentResultEntry | null => {
      const r = departmentResult(versions, s.number, code);
      if (!r) return null;
      current.add(r.id);
      return {
        id: r.id, inspectedOn: r.inspectedOn, findings: r.findings, lateReason: r.lateReason, note: r.note, enteredAt: r.enteredAt, enteredBy: r.enteredBy,
        corrections: versions.filter((v) => v.supersededBy !== null && v.department === r.department).length, joint: r.department === null,
      };
    };
    const order = (code: string | null) => plan.departments.findIndex((d) => d.code === code);
    const applying = new Set(itemsForSubject(plan.items, traits.get(key)));
    const departments = plan.departments.filter((d) => onSheet.has(d.code)).map((d) => {
      const result = resultOf(d.code);
      const own = departmentResult(versions, s.number, d.code);
      return {
        code: d.code, name: d.name,
        inspectors: s.team.filter(([dep]) => dep === d.code).map(([, certificate]) => ({ certificate, name: inspectorName(db, certificate) })),
        // the items the printed sheet lists (those that apply to the subject), and any other a result gave an outcome for
        items: plan.items.filter((i) => i.department === d.code && (applying.has(i) || own?.items[i.code] !== undefined)).map((i) => ({
          code: i.code, version: i.version, project: i.project, subitem: i.subitem, outcome: own?.items[i.code] ?? null,
        })),
        result,
      };
    });
    return {
      draw: s.drawId, drawStatus: s.drawStatus, drawnOn: s.drawnAt && chinaDate(s.drawnAt), voidedOn: s.voidedAt && chinaDate(s.voidedAt),
      plan: { number: plan.number, name: plan.name }, sheet: `${s.drawId}/${s.number}`, number: s.number, sheets: s.sheets,
      departments,
      visit: currentVisit(db, { drawId: s.drawId, number: s.number }),
      dispositions: dispositionsOf(db, s.drawId).filter((d) => d.number === s.number)
        .map((d) => ({ department: d.department, action: d.action, decidedOn: d.decidedOn, complete: d.complete, note: d.note })),
      // per disclosure, in the plan's department order
      publications: publicationsOfSheet(db, s.drawId, s.number)
        .sort((a, b) => a.disclosure - b.disclosure || order(a.department) - order(b.department))
        .map((p) => ({ disclosure: p.disclosure, at: p.at, file: p.file, department: p.department, current: current.has(p.resultId) })),
    };
  });
}
