import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { countRecords, iterateRecords, LIST_KINDS, type ListFilter, type ListKind } from '../../store/queries.js';
import { fmt, table } from '../render.js';
import { fromLabel, label, yesNo } from '../labels.js';
import type { Context } from '../context.js';
import { loadTownships } from '../../io/townships.js';
import { TYPE_CLASSES } from '../../core/records.js';

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
    const total = countRecords(db, k, filter);
    if (ctx.json) {
      // Every matching record, streamed so that a million subjects do not sit in memory.
      ctx.out('[');
      let first = true;
      for (const r of iterateRecords(db, k, filter)) {
        ctx.out(`${first ? '' : ','}${JSON.stringify(r)}`);
        first = false;
      }
      ctx.out(']');
      return { data: undefined, streamed: true };
    }
    const rows = [...iterateRecords(db, k, filter, limit)];
    return { data: rows, render: (c) => render(k, rows, total, c) };
  });
};

function render(kind: ListKind, rows: Record<string, unknown>[], total: number, ctx: Context): void {
  const { t } = ctx;
  const cols: Record<ListKind, [string, (r: Record<string, unknown>) => unknown][]> = {
    departments: [['code', (r) => r.code], ['name', (r) => r.name], ['inspectors', (r) => r.inspectors], ['items', (r) => r.items], ['active', (r) => yesNo(t, r.active)]],
    items: [['code', (r) => r.code], ['version', (r) => r.version], ['department', (r) => r.department], ['project', (r) => r.project],
      ['subitem', (r) => r.subitem], ['method', (r) => r.method], ['class', (r) => label(t, 'itemClass', r.class)], ['random', (r) => yesNo(t, r.random)], ['active', (r) => yesNo(t, r.active)]],
    inspectors: [['certificate', (r) => r.certificate], ['name', (r) => r.name], ['department', (r) => r.department], ['title', (r) => r.title],
      ['post', (r) => r.post], ['valid_until', (r) => r.valid_until], ['active', (r) => yesNo(t, r.active)]],
    subjects: [['credit_code', (r) => r.credit_code], ['name', (r) => r.name], ['type_class', (r) => label(t, 'typeClass', r.type_class)],
      ['township', (r) => r.township], ['status', (r) => label(t, 'status', r.status)], ['credit_grade', (r) => r.credit_grade],
      ['abnormal', (r) => (r.abnormal ? t('yes') : '')]],
    conflicts: [['certificate', (r) => r.certificate], ['inspector_name', (r) => r.inspector_name], ['credit_code', (r) => r.credit_code],
      ['subject_name', (r) => r.subject_name], ['reason', (r) => r.reason], ['declared_on', (r) => r.declared_on], ['active', (r) => yesNo(t, r.active)]],
    imports: [['id', (r) => r.id], ['kind', (r) => t(`kind.${r.kind}`)], ['file_name', (r) => r.file_name], ['started_at', (r) => r.started_at],
      ['operator', (r) => r.operator], ['total', (r) => r.total], ['inserted', (r) => r.inserted], ['updated', (r) => r.updated],
      ['unchanged', (r) => r.unchanged], ['rejected', (r) => r.rejected]],
  };
  const spec = cols[kind];
  if (rows.length > 0) ctx.out(table(ctx, spec.map(([k]) => t(`field.${k}`)), rows.map((r) => spec.map(([, f]) => f(r) as string))));
  ctx.out(t('list.total', { shown: fmt(rows.length), total: fmt(total), kind: t(`kind.${kind}`) }));
}
