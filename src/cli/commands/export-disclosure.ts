import type { CommandFn } from '../command.js';
import { isDirected } from '../../core/annual-plan.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { publishDisclosure } from '../../app/publish-disclosure.js';
import { drawnOfYear } from '../../store/draws.js';
import { getPlan } from '../../store/plans.js';
import type { Cell, OutEncoding } from '../../io/csv-out.js';
import { columnsOf, paperFormat } from '../../io/paper-out.js';
import { drawForPapers } from '../../app/refs.js';
import { disclosureRows, taskNumber, type DisclosureRow } from '../../app/disclosure-rows.js';
import { departmentsInOrder } from '../views/papers.js';
import { ACTIONS, FINDINGS, ITEM_OUTCOMES, labelOf } from '../../core/findings.js';
import type { Translate } from '../../i18n/index.js';

/**
 * `draw export disclosure (DRAW | --year Y) --out FILE [--encoding utf8|gb18030]`: the results for
 * the credit information publicity system, in the columns of its result notice (检查结果公告).
 *
 * One row per sheet and department that entered its current result (app/disclosure-rows.ts),
 * of draws that were drawn (a voided draw never), the task numbered with the county's division code;
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
      t('paper.col.completedOn'), t('paper.col.findings'), t('paper.col.itemResults'), t('paper.col.remarks'),
    ];
    // Exactly the publicity system's columns, no audit-head column: the system takes this file as
    // it is. The file is an anchor all the same: its disclosure.export entry records its SHA-256,
    // and `audit verify --anchor FILE` finds that entry by it (app/verify-audit.ts).
    // made as the file is written, never listed (a province's results: 900 MB when they were)
    const lines = function* () {
      for (const { draw, plan } of draws) {
        const task = taskNumber(db, plan);
        const kind = t(isDirected(plan.scope) ? 'paper.checkType.directed' : 'paper.checkType.random');
        for (const row of disclosureRows(db, draw, plan, departmentsInOrder(plan))) {
          yield { resultId: row.resultId, correction: row.corrects !== null, cells: [plan.number, plan.name, task, plan.name, kind, ...rowCells(row, t)] };
        }
      }
    };
    const data = await publishDisclosure(appOf(ctx, db), {
      out: opts.out, force: opts.force === true, dbPath: ctx.dbPath, encoding, format, sheet: t('paper.sheetName.disclosure'),
      columns: columnsOf(header, { 0: 'number', 9: 'date' }), lines, // 9: 检查完成日期
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

/** A row's cells from 检查实施机关 on: the department, the subject, its finding and items, and 备注 (更正 first, then the dispositions). */
function rowCells(row: DisclosureRow, t: Translate): Cell[] {
  const remarks = [
    ...(row.corrects ? [t('paper.correction', { inspected: row.corrects.inspectedOn, published: row.corrects.publishedOn })] : []),
    ...row.dispositions.map((x) => t('paper.disposition', { action: labelOf(ACTIONS, x.action), date: x.decidedOn, state: t(x.complete ? 'paper.complete' : 'paper.incomplete') })),
  ].join('；');
  return [
    row.department.name, row.subjectName, row.key, row.inspectedOn, row.findings.map((f) => labelOf(FINDINGS, f)).join('、'),
    row.items.map((i) => `${i.code} ${i.project}：${labelOf(ITEM_OUTCOMES, i.outcome)}`).join('；'), remarks,
  ];
}
