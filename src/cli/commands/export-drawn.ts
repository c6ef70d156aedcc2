import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { drawnListSheets } from '../../store/sheet-papers.js';
import type { Cell, OutEncoding } from '../../io/csv-out.js';
import { columnsOf, paperFormat, writePaper } from '../../io/paper-out.js';
import { drawForPapers } from '../../app/refs.js';
import { inspectingBodies } from '../views/papers.js';
import { MODE } from '../../io/write-file.js';
import { auditHeadEntry } from '../../store/audit.js';
import { anchorText } from '../../core/audit-anchor.js';
import { ceremonyCell } from '../../io/paper-page.js';
import { drawCeremony } from '../../app/seed-ceremony.js';

/**
 * `draw export drawn DRAW --out FILE [--encoding utf8|gb18030] [--format csv|xlsx]`: the drawn list for publication
 * (art. 7): which subjects a plan drew and which bodies will inspect them. No inspector (the
 * teams are not published before the visit), no phone, no certificate, no personal name.
 */
interface Options { out: string; force?: boolean; encoding?: 'utf8' | 'gb18030'; format?: 'csv' | 'xlsx' }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  const format = paperFormat(opts.out, opts.format);
  return withDb(ctx, async (db) => {
    const { draw, plan } = drawForPapers(db, id);
    const { t } = ctx;
    const header = [
      t('paper.col.seq'), t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.subjectName'), t('paper.col.creditCode'),
      t('field.township'), t('paper.col.bodies'), t('paper.col.auditHead'), t('paper.col.ceremony'), t('paper.col.remarks'),
    ];
    // issue 13: the draw's ceremony on every row (the one-step warning included)
    const ceremony = ceremonyCell(t, drawCeremony(draw));
    // every row carries the audit log head the list was made at (SEQ:HASH): the published list is an anchor
    const head = auditHeadEntry(db);
    const bodies = inspectingBodies(plan);
    // a cancelled sheet's subject is not inspected (it could not be found, or is gone): the list names
    // the subjects that will be, a substitute marked as one
    // the rows are made as they are written (a province's list in little memory), and counted
    let count = 0;
    const rows = (function* (): Generator<Cell[]> {
      for (const s of drawnListSheets(db, draw.id)) {
        const remarks = s.substituteFor !== null ? t('paper.sheet.substituteFor', { for: s.substituteFor }) : '';
        yield [++count, plan.number, plan.name, s.name, s.key, s.township, bodies, anchorText(head), ceremony, remarks];
      }
    })();
    const paper = { sheet: t('paper.sheetName.drawn'), columns: columnsOf(header, { 0: 'number' }), rows };
    const written = await writePaper(opts.out, paper, { format, encoding }, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const data = { out: written.path, rows: count, format, encoding, sha256: written.sha256, draw: draw.id, plan: plan.number };
    const shown = format === 'xlsx' ? 'xlsx' : encoding;
    return { data, render: (c) => c.out(c.t('papers.drawnWritten', { out: written.path, rows: count, draw: draw.id, encoding: shown })) };
  });
};
