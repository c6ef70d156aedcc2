import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { iterateRecords } from '../../store/queries.js';
import { appliesLabel, label, yesNo } from '../labels.js';
import { writeCsv, type Cell, type OutEncoding } from '../../io/csv-out.js';
import { MODE } from '../../io/write-file.js';
import { auditHeadEntry } from '../../store/audit.js';
import { anchorText } from '../../core/audit-anchor.js';

/**
 * `draw export items --out FILE [--encoding utf8|gb18030]`: the current item list for publication
 * (随机抽查事项清单, art. 7, 11): every active item in its current version, by department.
 */
interface Options { out: string; force?: boolean; encoding?: 'utf8' | 'gb18030' }

export const run: CommandFn<Options> = async (_args, opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  return withDb(ctx, (db) => {
    const { t } = ctx;
    const departments = new Map([...iterateRecords(db, 'departments', {})].map((d) => [String(d.code), String(d.name)]));
    const header = [
      t('field.department'), t('paper.col.itemCode'), t('field.version'), t('field.project'), t('field.subitem'), t('field.content'),
      t('field.basis'), t('field.method'), t('field.class'), t('paper.col.random'), t('field.industries'), t('field.subject_classes'),
      t('paper.col.auditHead'),
    ];
    // every row carries the audit head the list was made at (SEQ:HASH): the published list is an anchor
    const head = anchorText(auditHeadEntry(db));
    const rows: Cell[][] = [];
    // iterateRecords gives the current version of every item (ordered by department, code); only active ones are listed.
    for (const i of iterateRecords(db, 'items', {})) {
      if (i.active !== true) continue;
      rows.push([
        departments.get(String(i.department)) ?? String(i.department), String(i.code), Number(i.version), String(i.project), String(i.subitem),
        String(i.content), String(i.basis), String(i.method), label(t, 'itemClass', i.class), yesNo(t, i.random),
        appliesLabel(t, 'industries', i.industries), appliesLabel(t, 'subject_classes', i.subject_classes), head,
      ]);
    }
    const written = writeCsv(opts.out, header, rows, encoding, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const data = { out: written.path, rows: rows.length, encoding, sha256: written.sha256 };
    return { data, render: (c) => c.out(c.t('papers.itemsWritten', { out: written.path, rows: rows.length, encoding })) };
  });
};
