import type { CommandFn } from '../command.js';
import type { Translate } from '../../i18n/index.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { drawForPapers } from '../../app/refs.js';
import { sheetPapersOf } from '../../app/sheet-papers.js';
import { departmentsInOrder } from '../views/papers.js';
import { stageSheetTownships, standingCount, standingNumbers } from '../../store/sheet-papers.js';
import { auditHeadEntry } from '../../store/audit.js';
import { AUTO_SPLIT, chooseSplit, planParts, type SheetPart, type SplitRule } from '../../core/sheet-split.js';
import type { SheetFooter, SheetPaper } from '../../io/sheet-html.js';
import { ceremonyCell } from '../../io/paper-page.js';
import { drawCeremony } from '../../app/seed-ceremony.js';
import { writeSheetFiles } from '../../io/sheet-files.js';
import type { Cell } from '../../io/csv-out.js';
import { columnsOf, writePaper } from '../../io/paper-out.js';
import { MODE } from '../../io/write-file.js';
import { fileInFolder } from '../../io/plain-files.js';
import { anchorText } from '../../core/audit-anchor.js';

/**
 * `draw export sheets DRAW --out DIR [--format html|csv|xlsx] [--split township|N|none]`: the joint
 * inspection sheets (联合抽查表, 一企一表), one per drawn subject, for the inspectors to take on the visit.
 * An internal paper: certificates and the legal representative are on it, phone numbers never.
 *
 * Written as the sheets are read, whatever the draw's size. As HTML a large draw is split into
 * files with an index (core/sheet-split.ts; io/sheet-files.ts): `--split township`, `--split N`
 * sheets a file, or on its own above AUTO_SPLIT.above sheets; `--split none` keeps one file.
 */
interface Options { out: string; force?: boolean; format?: 'html' | 'csv' | 'xlsx'; split?: string }

export const run: CommandFn<Options> = async ([id], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  const format = opts.format === 'csv' || opts.format === 'xlsx' ? opts.format : 'html';
  const asked = splitRule(opts.split);
  if (asked && asked.by !== 'none' && format !== 'html') throw usageError('papers.splitHtmlOnly', { format });
  return withDb(ctx, async (db) => {
    const { draw, plan } = drawForPapers(db, id);
    const footer = { draw: draw.id, seed: draw.seed ?? '', auditHead: auditHeadEntry(db), ceremony: drawCeremony(draw) };
    const departments = departmentsInOrder(plan);
    const papers = (numbers: Iterable<number>) => sheetPapersOf(db, draw, plan, departments, numbers);
    // an internal paper: names and certificates, so the database's mode
    const place = { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.private };
    // counted, not listed: the split is planned and each file's sheets read again from SQL, a batch at a time
    const sheets = standingCount(db, draw.id);

    if (format === 'html') {
      const { rule, auto } = chooseSplit(asked, sheets);
      const towns = rule.by === 'township' ? stageSheetTownships(db, draw.id) : undefined;
      const parts = towns ? planParts(towns.sheets(), rule) : planParts(numbered(standingNumbers(db, draw.id)), rule);
      const partPapers = (p: SheetPart) => papers(p.first === undefined ? [] : towns ? towns.numbersOf(p.township ?? '') : standingNumbers(db, draw.id, p.first, p.last));
      const split = rule.by === 'none' ? null : rule.by === 'township' ? { by: 'township' as const } : { by: 'count' as const, size: rule.size, auto };
      // said on stderr, before the files are written, with --json too: the clerk did not ask for it
      if (auto && split?.by === 'count') ctx.err(ctx.t('papers.sheetsAutoSplit', { sheets, above: AUTO_SPLIT.above, size: split.size }));
      // The file names are made of the draw's number only: nothing a registry or a clerk wrote
      // (a subject named `../../x` or `con`) can choose where the files go.
      let written;
      try {
        written = writeSheetFiles(ctx.t, ctx.lang, { dir: opts.out, draw: draw.id, plan: { number: plan.number, name: plan.name }, footer, total: sheets, parts, split, papers: partPapers }, place);
      } finally { towns?.drop(); }
      if (written === null) throw usageError('papers.outNotDir', { out: opts.out });
      const files = written.files.map((f) => ({
        out: f.path, ...(f.township !== undefined ? { township: f.township } : {}), sheets: f.sheets, first: f.first ?? null, last: f.last ?? null, sha256: f.sha256,
      }));
      const out = written.index?.path ?? files[0].out;
      const data = {
        draw: draw.id, plan: plan.number, format, out, sheets, rows: sheets,
        sha256: written.index?.sha256 ?? files[0].sha256,
        ...(split ? { split: { by: split.by, ...(split.by === 'count' ? { size: split.size } : {}), auto }, index: out, files } : {}),
      };
      return {
        data,
        render: (c) => c.out(split
          ? c.t('papers.sheetsSplitWritten', { out, files: files.length, sheets, draw: draw.id })
          : c.t('papers.sheetsWritten', { out, sheets, draw: draw.id })),
      };
    }

    const file = fileInFolder(opts.out, `sheets-${draw.id}.${format}`);
    if (file === null) throw usageError('papers.outNotDir', { out: opts.out });
    let rows = 0;
    const lines = sheetsCsv(ctx.t, papers(standingNumbers(db, draw.id)), footer);
    // counted as they go by: the rows are written as they are made, never held
    const counted = (function* () { for (const r of lines.rows) { rows++; yield r; } })();
    // the codes stay text in the workbook; 检查日期 is a date
    const paper = { sheet: ctx.t('paper.sheetName.sheets'), columns: columnsOf(lines.header, { 2: 'number', 3: 'number', 19: 'date' }), rows: counted };
    const { sha256 } = await writePaper(file, paper, { format }, place);
    const data = { draw: draw.id, plan: plan.number, format, out: file, sheets, rows, sha256 };
    return { data, render: (c) => c.out(c.t('papers.sheetsWritten', { out: file, sheets, draw: draw.id })) };
  });
};

/** Sheet numbers as the split plans them (a township is read only to split by it). */
function* numbered(numbers: Iterable<number>): Generator<{ number: number; township: string }> {
  for (const number of numbers) yield { number, township: '' };
}

/** `--split`: township, none, or a count of sheets a file; undefined when not given (the size decides). */
function splitRule(text: string | undefined): SplitRule | undefined {
  if (text === undefined) return undefined;
  const v = String(text).trim().toLowerCase();
  if (v === 'township') return { by: 'township' };
  if (v === 'none') return { by: 'none' };
  if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000) return { by: 'count', size: Number(v) };
  throw usageError('papers.badSplit', { value: text });
}

/** The sheets as a flat table: one row per sheet and item, the sheet's fields repeated on each row. */
function sheetsCsv(t: Translate, papers: Iterable<SheetPaper>, footer: SheetFooter) {
  const header = [
    t('paper.col.planNumber'), t('paper.col.planName'), t('paper.col.draw'), t('sheet.number'), t('paper.col.subjectName'),
    t('paper.col.creditCode'), t('field.address'), t('field.representative'), t('field.department'), t('paper.col.itemCode'),
    t('field.version'), t('field.project'), t('field.subitem'), t('field.content'), t('field.basis'), t('field.method'),
    t('paper.col.itemOutcome'), t('paper.col.inspectors'), t('paper.col.specialists'), t('paper.col.inspectedOn'),
    t('paper.col.findings'), t('paper.col.signature'), t('paper.sheet.refusal'), t('paper.sheet.witness'), t('paper.sheet.replacements'), t('draw.seed'), t('paper.col.auditHead'),
    t('paper.col.ceremony'), t('paper.col.remarks'),
  ];
  // issue 13: the draw's ceremony on every row (the one-step warning included), as on the printed sheet
  const ceremony = ceremonyCell(t, footer.ceremony);
  function* rows(): Generator<Cell[]> {
  for (const p of papers) {
    const specialists = p.specialists.map((x) => `${x.name}（${[x.department, x.certificate].filter(Boolean).join('，')}）`).join('、');
    const signature = p.visit ? (p.visit.signed ? t('paper.sheet.signed') : t('paper.sheet.refused')) : '';
    // on each department's rows, that department's replacements
    const replaced = (department: string) => (p.replacements ?? []).filter((r) => r.department === department).map((r) => t('paper.replacementCell', {
      department: r.department, replaced: `${r.replaced.name}（${r.replaced.certificate}）`, substitute: `${r.substitute.name}（${r.substitute.certificate}）`,
      reason: r.reason, approvedBy: r.approvedBy, filedOn: r.filedOn,
    })).join('；');
    for (const d of p.departments) {
      const inspectors = d.inspectors.map((i) => `${i.name}（${i.certificate}）`).join('、');
      for (const i of d.items) {
        yield [
          p.plan.number, p.plan.name, p.draw, p.number, p.subject.name, p.subject.key, p.subject.address, p.subject.representative,
          d.name, i.code, i.version, i.project, i.subitem, i.content, i.basis, i.method,
          i.outcome ? t(`paper.outcome.${i.outcome}`) : '', inspectors, specialists, d.result?.inspectedOn ?? '',
          d.result?.findings.join('、') ?? '', signature, p.visit?.refusalNote ?? '', p.visit?.witness ?? '', replaced(d.name), footer.seed, anchorText(footer.auditHead), ceremony,
          p.substituteFor !== undefined ? t('paper.sheet.substituteFor', { for: p.substituteFor }) : '',
        ];
      }
    }
  }
  }
  return { header, rows: rows() };
}
