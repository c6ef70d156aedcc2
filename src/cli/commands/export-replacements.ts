import { extname } from 'node:path';
import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { filedReplacements } from '../../store/replacements.js';
import { auditHeadEntry } from '../../store/audit.js';
import { chinaDate } from '../../core/deadlines.js';
import type { Cell, OutEncoding } from '../../io/csv-out.js';
import { columnsOf, paperFormat, writePaper } from '../../io/paper-out.js';
import { replacementsHtml } from '../../io/replacements-html.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { anchorText } from '../../core/audit-anchor.js';
import { ceremonyCell } from '../../io/paper-page.js';
import { drawCeremony } from '../../app/seed-ceremony.js';
import { getDraw } from '../../store/draws.js';

/**
 * `draw export replacements --year Y --out FILE [--format html|csv|xlsx] [--encoding utf8|gb18030]`:
 * the 更换执法人员备案表 the county office keeps (art. 16), every replacement of the year's draws
 * (a voided draw's too: the filing happened), with who for whom, why, who approved it and when it
 * was filed. `.html` prints; CSV and .xlsx go through the one paper writer. An internal paper:
 * names and certificates, so the database's mode.
 */
interface Options { out: string; year?: number; force?: boolean; format?: 'html' | 'csv' | 'xlsx'; encoding?: 'utf8' | 'gb18030' }

export const run: CommandFn<Options> = async (_args, opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  if (opts.year === undefined) throw usageError('flag.required', { flag: '--year' });
  const year = opts.year;
  const ext = extname(opts.out).toLowerCase();
  const format = opts.format === 'html' || (opts.format === undefined && (ext === '.html' || ext === '.htm')) ? 'html' : paperFormat(opts.out, opts.format);
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  return withDb(ctx, async (db) => {
    const { t } = ctx;
    const head = auditHeadEntry(db);
    const header = [
      t('paper.col.seq'), t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.sheetRef'), t('paper.col.subjectName'), t('paper.col.creditCode'),
      t('field.department'), t('paper.col.replaced'), t('paper.col.replacedCertificate'), t('paper.col.substitute'), t('paper.col.substituteCertificate'),
      t('field.reason'), t('paper.col.approvedBy'), t('paper.col.filedOn'), t('paper.col.remarks'),
    ];
    const filed = filedReplacements(db, { year });
    // issue 13: the ceremony of every draw the list names, on the paper (HTML) and on each row (CSV)
    const ceremonies = [...new Set(filed.map((r) => r.draw))].sort((a, b) => a - b).map((id) => ({ draw: id, plan: filed.find((r) => r.draw === id)!.plan, ceremony: drawCeremony(getDraw(db, id)!) }));
    const cellOf = new Map(ceremonies.map((c) => [c.draw, ceremonyCell(t, c.ceremony)]));
    const rows = filed.map((r, k) => [
      String(k + 1), r.plan, r.planName, `${r.draw}/${r.number}`, r.subjectName, r.key, r.departmentName, r.replacedName, r.replaced,
      r.substituteName, r.substitute, r.reason, r.approvedBy, r.filedOn, r.drawStatus === 'voided' ? t('paper.replacements.drawVoided', { draw: r.draw }) : '',
    ]);
    const place = { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.private };
    let written: { path: string; sha256: string };
    if (format === 'html') {
      const html = replacementsHtml(t, ctx.lang, { year, header, rows, auditHead: head, madeOn: chinaDate(ctx.now().toISOString()), ceremonies });
      written = writeFileSafelySync(opts.out, html, place);
    } else {
      // every row carries the audit log head the paper was made at (an anchor, SEQ:HASH), as the sheets do
      const lines: Cell[][] = rows.map((r, k) => [k + 1, ...r.slice(1), anchorText(head), cellOf.get(filed[k]!.draw) ?? '']);
      const paper = { sheet: t('paper.sheetName.replacements'), columns: columnsOf([...header, t('paper.col.auditHead'), t('paper.col.ceremony')], { 0: 'number', 13: 'date' }), rows: lines };
      written = await writePaper(opts.out, paper, { format, encoding }, place);
    }
    const data = { year, out: written.path, format, rows: rows.length, sha256: written.sha256, auditHead: head.hash, auditSeq: head.seq };
    return { data, render: (c) => c.out(c.t('papers.replacementsWritten', { out: written.path, rows: rows.length, year })) };
  });
};
