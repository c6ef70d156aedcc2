import type { CommandFn } from '../command.js';
import { DrawError, EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { conflictsOf, getDepartment, getInspector, getItemVersions, getSubject } from '../../store/queries.js';
import { normaliseIdentifier } from '../../core/text.js';
import { appliesLabel, label, yesNo } from '../labels.js';
import { table } from '../render.js';
import type { Context } from '../context.js';
import { subjectHistory, type HistoryEntry } from '../../app/subject-history.js';
import { renderHistory } from '../views/subject-history.js';
import { JsonList, writeJsonDocument } from '../views/json-stream.js';

const SHOW_KINDS = ['subject', 'inspector', 'item', 'department', 'draw'];

export const run: CommandFn = async ([kind, id], _opts, ctx) => {
  if (!SHOW_KINDS.includes(kind)) throw usageError('show.unknownKind', { kind, kinds: SHOW_KINDS.join(', ') });
  if (kind === 'draw') {
    // plan, seed, commitment, snapshot hashes and sizes, strata, every sheet
    if (!/^\d+$/.test(id)) throw usageError('draw.notFound', { id });
    const { drawView, flat, renderDrawFull, sheetPages } = await import('../views/draw.js');
    return withDb(ctx, (db) => {
      if (ctx.json) {
        // the same document as written whole, its sheets read and written a page at a time
        const { pages } = sheetPages(db, Number(id), JSON_PAGE);
        writeJsonDocument(ctx.out, { ...drawView(db, Number(id), true), sheets: new JsonList(() => flat(pages)) });
        return { data: undefined, streamed: true };
      }
      // Printed while the database is open, the sheets a page at a time: a province's draw has
      // 200,000 of them, and all of them with their names at once took 233 MB at a million subjects.
      const view = drawView(db, Number(id), true);
      const pages = sheetPages(db, Number(id));
      renderDrawFull(ctx, view, pages.pages, pages.total);
      return { data: view };
    });
  }
  return withDb(ctx, (db) => {
    let data: Record<string, unknown> | undefined;
    if (kind === 'subject') {
      const s = getSubject(db, normaliseIdentifier(id));
      data = s && { ...s, conflicts: conflictsOf(db, 'credit_code', s.credit_code as string), history: subjectHistory(db, s.credit_code as string) };
    } else if (kind === 'inspector') {
      const i = getInspector(db, normaliseIdentifier(id));
      data = i && { ...i, conflicts: conflictsOf(db, 'certificate', i.certificate as string) };
    } else if (kind === 'item') {
      const code = normaliseIdentifier(id);
      const versions = getItemVersions(db, code).length ? getItemVersions(db, code) : getItemVersions(db, id.trim());
      data = versions.length ? { ...versions.find((v) => v.current) ?? versions[versions.length - 1], versions } : undefined;
    } else {
      data = getDepartment(db, id.trim()) ?? getDepartment(db, normaliseIdentifier(id));
    }
    if (!data) throw DrawError.of(EXIT.usage, 'show.notFound', { kind: ctx.t(`kind.${kind}s`), id });
    const record = data;
    return { data: record, render: (c) => render(record, c) };
  });
};

function render(r: Record<string, unknown>, ctx: Context): void {
  const { t } = ctx;
  const skip = new Set(['conflicts', 'versions', 'import_id', 'history']);
  const show = (k: string, v: unknown): string => {
    if (k === 'status') return `${label(t, 'status', v)}（${r.status_raw}）`;
    if (k === 'type_class') return label(t, 'typeClass', v);
    if (k === 'class') return label(t, 'itemClass', v);
    if (k === 'industries' || k === 'subject_classes') return appliesLabel(t, k, v);
    if (typeof v === 'boolean') return yesNo(t, v);
    return v === null || v === undefined ? '' : String(v);
  };
  const rows = Object.entries(r).filter(([k]) => !skip.has(k) && k !== 'status_raw').map(([k, v]) => [t(`field.${k}`), show(k, v)]);
  ctx.out(table(ctx, [t('field.field'), t('field.value')], rows));
  if (Array.isArray(r.versions) && r.versions.length > 1) {
    ctx.out(t('show.versions'));
    ctx.out(table(ctx, [t('field.version'), t('field.valid_from'), t('field.content'), t('field.basis'), t('field.industries'), t('field.subject_classes'), t('field.current')],
      r.versions.map((v: any) => [v.version, v.valid_from, v.content, v.basis, appliesLabel(t, 'industries', v.industries),
        appliesLabel(t, 'subject_classes', v.subject_classes), yesNo(t, v.current)])));
  }
  if (Array.isArray(r.conflicts) && r.conflicts.length > 0) {
    ctx.out(t('show.conflicts'));
    ctx.out(table(ctx, [t('field.certificate'), t('field.credit_code'), t('field.reason'), t('field.declared_on')],
      r.conflicts.map((c: any) => [c.certificate, c.credit_code, c.reason, c.declared_on])));
  }
  if (Array.isArray(r.history)) renderHistory(ctx, r.history as HistoryEntry[]);
}

/** Sheets a page of `show draw --json`: pages of 1,000 (1.5 MB of text each) lasted as garbage, and the process reached 222 MB at a million subjects. */
const JSON_PAGE = 100;
