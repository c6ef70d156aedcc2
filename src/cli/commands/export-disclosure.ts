import type { CommandFn } from '../command.js';
import type { Translate } from '../../i18n/index.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { publishDisclosure } from '../../app/publish-disclosure.js';
import type { Db } from '../../store/db.js';
import { drawnOfYear, loadSheets, namesFor, type DrawRow } from '../../store/draws.js';
import { getPlan, type PlanRow } from '../../store/plans.js';
import { currentResults } from '../../store/results.js';
import { dispositionsOf } from '../../store/dispositions.js';
import { ACTIONS, FINDINGS, labelOf } from '../../core/findings.js';
import type { Cell, OutEncoding } from '../../io/csv-out.js';
import { columnsOf, paperFormat } from '../../io/paper-out.js';
import { drawForPapers } from '../../app/refs.js';
import { inspectingBodies } from '../views/papers.js';

/**
 * `draw export disclosure (DRAW | --year Y) --out FILE [--encoding utf8|gb18030]`: the results for
 * the credit information publicity system, in the columns of its result notice (检查结果公告).
 *
 * Only sheets with an entered, current result, of draws that were drawn (a voided draw never);
 * no inspector, no phone, no certificate number, no personal ID, no legal representative
 * (art. 4, 25): nothing here reads those columns. The file written is recorded (disclosures,
 * disclosed) with an audit entry in one transaction: that is what "published" means.
 */
interface Options { out: string; force?: boolean; encoding?: 'utf8' | 'gb18030'; year?: number; format?: 'csv' | 'xlsx' }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  const year = opts.year; // a year (src/cli/flags.ts)
  if (id !== undefined && opts.year !== undefined) throw usageError('papers.drawOrYear');
  if (id === undefined && opts.year === undefined) throw usageError('papers.drawOrYear');

  const format = paperFormat(opts.out, opts.format);
  return withDb(ctx, async (db) => {
    const draws = id !== undefined ? [drawForPapers(db, id)] : drawnOfYear(db, year!).map((draw) => ({ draw, plan: getPlan(db, draw.planId)! }));
    const { t } = ctx;
    const header = [
      t('paper.col.seq'), t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.taskNumber'), t('paper.col.taskName'),
      t('paper.col.checkType'), t('paper.col.bodies'), t('paper.col.subjectName'), t('paper.col.creditCode'),
      t('paper.col.completedOn'), t('paper.col.findings'), t('paper.col.remarks'),
    ];
    const lines = draws.flatMap(({ draw, plan }) => disclosureLines(db, draw, plan, t));
    const data = await publishDisclosure(appOf(ctx, db), {
      out: opts.out, force: opts.force === true, dbPath: ctx.dbPath, encoding, format, sheet: t('paper.sheetName.disclosure'),
      columns: columnsOf(header, { 0: 'number', 10: 'date' }), lines,
      draws: draws.map((d) => d.draw.id), draw: id !== undefined ? draws[0].draw.id : undefined, year,
    });
    const { rows, disclosure, auditHead: head } = data;
    return {
      data,
      render: (c) => {
        c.out(c.t('papers.disclosureWritten', { out: data.out, rows, disclosure, encoding: format === 'xlsx' ? 'xlsx' : encoding }));
        if (rows === 0) c.out(c.t('papers.disclosureEmpty'));
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
