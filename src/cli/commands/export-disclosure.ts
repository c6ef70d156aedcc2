import { rmSync } from 'node:fs';
import type { CommandFn } from '../command.js';
import type { Translate } from '../../i18n/index.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import type { Db } from '../../store/db.js';
import { drawnOfYear, loadSheets, namesFor, type DrawRow } from '../../store/draws.js';
import { getPlan, type PlanRow } from '../../store/plans.js';
import { currentResults } from '../../store/results.js';
import { dispositionsOf } from '../../store/dispositions.js';
import { recordDisclosure } from '../../store/disclosures.js';
import { appendAudit } from '../../store/audit.js';
import { ACTIONS, FINDINGS, labelOf } from '../../core/outcomes.js';
import { writeCsv, type Cell, type OutEncoding } from '../../io/csv-out.js';
import { drawForPapers, inspectingBodies } from './export-sheets.js';

/**
 * `draw export disclosure (DRAW | --year Y) --out FILE [--encoding utf8|gb18030]`: the results for
 * the credit information publicity system, in the columns of its result notice (检查结果公告).
 *
 * Only sheets with an entered, current result, of draws that were drawn (a voided draw never);
 * no inspector, no phone, no certificate number, no personal ID, no legal representative
 * (art. 4, 25): nothing here reads those columns. The file written is recorded (disclosures,
 * disclosed) with an audit entry in one transaction: that is what "published" means.
 */
interface Options { out: string; encoding?: 'utf8' | 'gb18030'; year?: number }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (id !== undefined && opts.year !== undefined) throw usageError('papers.drawOrYear');
  if (id === undefined && opts.year === undefined) throw usageError('papers.drawOrYear');
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) throw usageError('papers.badYear', { value: opts.year });

  return withDb(ctx, (db) => {
    const draws = id !== undefined ? [drawForPapers(db, id)] : drawnOfYear(db, year!).map((draw) => ({ draw, plan: getPlan(db, draw.planId)! }));
    const { t } = ctx;
    const header = [
      t('paper.col.seq'), t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.taskNumber'), t('paper.col.taskName'),
      t('paper.col.checkType'), t('paper.col.bodies'), t('paper.col.subjectName'), t('paper.col.creditCode'),
      t('paper.col.completedOn'), t('paper.col.findings'), t('paper.col.remarks'),
    ];
    const rows: Cell[][] = [];
    const published: number[] = [];
    for (const { draw, plan } of draws) {
      for (const line of disclosureLines(db, draw, plan, t)) {
        rows.push([rows.length + 1, ...line.cells]);
        published.push(line.resultId);
      }
    }
    const written = writeCsv(opts.out, header, rows, encoding);
    const at = ctx.now();
    let disclosure: number;
    let head: string;
    try {
      ({ disclosure, head } = db.transaction(() => {
        const did = recordDisclosure(db, { at: at.toISOString(), file: written.path, sha256: written.sha256, rows: rows.length, operator: ctx.operator }, published);
        const entry = appendAudit(db, at, ctx.operator, 'disclosure.export', {
          disclosure: did, draw: id !== undefined ? draws[0].draw.id : undefined, draws: draws.map((d) => d.draw.id), year,
          file: written.path, sha256: written.sha256, rows: rows.length, encoding,
        });
        return { disclosure: did, head: entry.hash };
      }).immediate());
    } catch (error) {
      rmSync(written.path, { force: true }); // a file that is not on the record is not a disclosure
      throw error;
    }
    const data = {
      out: written.path, rows: rows.length, encoding, sha256: written.sha256, disclosure, draws: draws.map((d) => d.draw.id),
      year: year ?? null, auditHead: head,
    };
    return {
      data,
      render: (c) => {
        c.out(c.t('papers.disclosureWritten', { out: written.path, rows: rows.length, disclosure, encoding }));
        if (rows.length === 0) c.out(c.t('papers.disclosureEmpty'));
        c.out(c.t('audit.head', { hash: head }));
      },
    };
  });
};

/** One line per sheet with a current result: every column after 序号, and the result it publishes. */
function disclosureLines(db: Db, draw: DrawRow, plan: PlanRow, t: Translate) {
  const results = currentResults(db, draw.id);
  if (results.length === 0) return [];
  const sheets = new Map(loadSheets(db, draw.id).map((s) => [s.number, s]));
  const subjects = namesFor(db, [...sheets.values()]).subjects;
  const dispositions = dispositionsOf(db, draw.id);
  const bodies = inspectingBodies(plan);
  return results.flatMap((r) => {
    const sheet = sheets.get(r.number);
    if (!sheet) return [];
    const remarks = dispositions.filter((d) => d.number === r.number)
      .map((d) => t('paper.disposition', { action: labelOf(ACTIONS, d.action), date: d.decidedOn, state: t(d.complete ? 'paper.complete' : 'paper.incomplete') }))
      .join('；');
    return [{
      resultId: r.id,
      cells: [
        plan.number, plan.name, String(draw.id), plan.name, t('paper.checkType.random'), bodies,
        subjects.get(sheet.key)?.name ?? '', sheet.key, r.inspectedOn, r.findings.map((f) => labelOf(FINDINGS, f)).join('、'), remarks,
      ] as Cell[],
    }];
  });
}
