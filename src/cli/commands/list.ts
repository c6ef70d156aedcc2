import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { countRecords, iterateRecords, listedJson, LIST_KINDS, type ListFilter, type ListKind } from '../../store/queries.js';
import { fmt, table } from '../render.js';
import { appliesLabel, fromLabel, label, yesNo } from '../labels.js';
import type { Context } from '../context.js';
import { loadTownships } from '../../io/townships.js';
import { TYPE_CLASSES } from '../../core/records.js';
import { LISTING_EXTRAS, listedFields, listedRecord, tableColumns } from '../../core/record-spec.js';
import { writeJsonLines } from '../views/json-rows.js';

const STATUSES = ['active', 'deregistered', 'revoked', 'moved_out'];

interface ListOptions {
  status?: string; town?: string; type?: string; class?: string; grade?: string; abnormal?: boolean; department?: string; search?: string; all?: boolean; limit: number;
}

function filterFrom(opts: ListOptions, ctx: Context): ListFilter {
  const f: ListFilter = { search: opts.search, department: opts.department, all: Boolean(opts.all), abnormal: Boolean(opts.abnormal) };
  if (opts.status) {
    f.status = fromLabel(ctx.t, 'status', STATUSES, opts.status);
    if (!f.status) throw usageError('list.badValue', { flag: '--status', value: opts.status, accepted: STATUSES.map((s) => `${s} (${ctx.t(`status.${s}`)})`).join(', ') });
  }
  if (opts.type) {
    f.typeClass = fromLabel(ctx.t, 'typeClass', TYPE_CLASSES, opts.type);
    if (!f.typeClass) f.typeText = opts.type;
  }
  if (opts.class) {
    f.typeClass = fromLabel(ctx.t, 'typeClass', TYPE_CLASSES, opts.class);
    if (!f.typeClass) throw usageError('list.badValue', { flag: '--class', value: opts.class, accepted: TYPE_CLASSES.map((s) => `${s} (${ctx.t(`typeClass.${s}`)})`).join(', ') });
  }
  if (opts.grade) {
    f.grade = String(opts.grade).toUpperCase();
    if (!['A', 'B', 'C', 'D'].includes(f.grade)) throw usageError('list.badValue', { flag: '--grade', value: opts.grade, accepted: 'A, B, C, D' });
  }
  if (opts.town) f.township = loadTownships(ctx.packageRoot)(opts.town) ?? opts.town;
  return f;
}

export const run: CommandFn<ListOptions> = async ([kind], opts, ctx) => {
  if (!LIST_KINDS.includes(kind as ListKind)) throw usageError('list.unknownKind', { kind, kinds: LIST_KINDS.join(', ') });
  const k = kind as ListKind;
  const filter = filterFrom(opts, ctx);
  const limit = opts.limit; // a count (src/cli/flags.ts)
  return withDb(ctx, (db) => {
    if (ctx.json) {
      // Every matching record, streamed so that a million subjects do not sit in memory: the
      // fields listedRecord gives, in its order (the import log: all of its columns).
      writeJsonLines(ctx.out, listedJson(db, k, filter, k === 'imports' ? null : [...listedFields(k), ...LISTING_EXTRAS[k]]));
      return { data: undefined, streamed: true };
    }
    const total = countRecords(db, k, filter);
    const rows = [...iterateRecords(db, k, filter, limit)].map((r) => (k === 'imports' ? r : listedRecord(k, r)));
    return { data: rows, render: (c) => render(k, rows, total, c) };
  });
};

// How a column's value reads in the table: the labels of coded values, yes/no of flags.
function cell(t: Context['t'], name: string, r: Record<string, unknown>): unknown {
  const v = r[name];
  switch (name) {
    case 'class': return label(t, 'itemClass', v);
    case 'industries': case 'subject_classes': return appliesLabel(t, name, v);
    case 'type_class': return label(t, 'typeClass', v);
    case 'status': return label(t, 'status', v);
    case 'kind': return t(`kind.${v}`);
    case 'abnormal': return v ? t('yes') : '';
    default: return typeof v === 'boolean' ? yesNo(t, v) : v;
  }
}

// The import log is not a registry: its columns are its own.
const IMPORT_COLUMNS = ['id', 'kind', 'file_name', 'started_at', 'operator', 'total', 'inserted', 'updated', 'unchanged', 'rejected'];

function render(kind: ListKind, rows: Record<string, unknown>[], total: number, ctx: Context): void {
  const { t } = ctx;
  const columns = kind === 'imports' ? IMPORT_COLUMNS : tableColumns(kind);
  if (rows.length > 0) ctx.out(table(ctx, columns.map((k) => t(`field.${k}`)), rows.map((r) => columns.map((k) => cell(t, k, r) as string))));
  ctx.out(t('list.total', { shown: fmt(rows.length), total: fmt(total), kind: t(`kind.${kind}`) }));
}
