import type { Db } from '../store/db.js';
import { getPlan, type PlanRow } from '../store/plans.js';
import { inspectorName } from '../store/queries.js';
import { departmentResult, resultHistory } from '../store/results.js';
import { dispositionsOf } from '../store/dispositions.js';
import { publicationsOfSheet, sheetsOfSubject } from '../store/subject-history.js';
import { chinaDate } from '../core/deadlines.js';

/**
 * A subject's history (检查记录, art. 20: the results "gathered under the subject"): every draw
 * and sheet the subject was on, newest first, with the departments and their inspectors, the
 * current result per department and item, the signature, the dispositions and the
 * publications. A read: no transaction, no audit event.
 */
export interface HistoryEntry {
  draw: number; drawStatus: 'committed' | 'drawn' | 'voided'; drawnOn: string | null; voidedOn: string | null;
  plan: { number: string; name: string }; sheet: string; number: number; sheets: number;
  departments: {
    code: string; name: string; inspectors: { certificate: string; name: string }[];
    items: { code: string; version: number; project: string; subitem: string; outcome: 'normal' | 'abnormal' | 'not_applicable' | null }[];
  }[];
  result: {
    id: number; inspectedOn: string; findings: string[]; signed: boolean; refusalNote: string; witness: string;
    enteredAt: string; enteredBy: string; corrections: number;
  } | null;
  dispositions: { action: string; decidedOn: string; complete: boolean; note: string }[];
  publications: { disclosure: number; at: string; file: string; current: boolean }[];
}

export function subjectHistory(db: Db, key: string): HistoryEntry[] {
  const plans = new Map<number, PlanRow>();
  const planOf = (id: number) => {
    if (!plans.has(id)) plans.set(id, getPlan(db, id)!);
    return plans.get(id)!;
  };
  return sheetsOfSubject(db, key).map((s) => {
    const plan = planOf(s.planId);
    const versions = resultHistory(db, s.drawId, s.number);
    const current = versions.find((r) => r.supersededBy === null);
    return {
      draw: s.drawId, drawStatus: s.drawStatus, drawnOn: s.drawnAt && chinaDate(s.drawnAt), voidedOn: s.voidedAt && chinaDate(s.voidedAt),
      plan: { number: plan.number, name: plan.name }, sheet: `${s.drawId}/${s.number}`, number: s.number, sheets: s.sheets,
      departments: plan.departments.map((d) => ({
        code: d.code, name: d.name,
        inspectors: s.team.filter(([dep]) => dep === d.code).map(([, certificate]) => ({ certificate, name: inspectorName(db, certificate) })),
        items: plan.items.filter((i) => i.department === d.code).map((i) => ({
          code: i.code, version: i.version, project: i.project, subitem: i.subitem, outcome: departmentResult(versions, s.number, d.code)?.items[i.code] ?? null,
        })),
      })),
      result: current ? {
        id: current.id, inspectedOn: current.inspectedOn, findings: current.findings, signed: current.signed, refusalNote: current.refusalNote,
        witness: current.witness, enteredAt: current.enteredAt, enteredBy: current.enteredBy, corrections: versions.filter((v) => v.supersededBy !== null).length,
      } : null,
      dispositions: dispositionsOf(db, s.drawId).filter((d) => d.number === s.number)
        .map((d) => ({ action: d.action, decidedOn: d.decidedOn, complete: d.complete, note: d.note })),
      publications: publicationsOfSheet(db, s.drawId, s.number).map((p) => ({ disclosure: p.disclosure, at: p.at, file: p.file, current: p.resultId === current?.id })),
    };
  });
}
