import type { CommandFn } from '../command.js';
import { withDb } from '../db.js';
import { parseJsonOr } from '../../core/canonical.js';
import { listAudit } from '../../store/audit.js';
import { table } from '../render.js';

/** `draw audit log [--draw ID]`. */
interface AuditLogOptions { draw?: number }

export const run: CommandFn<AuditLogOptions> = async (_args, opts, ctx) => {
  return withDb(ctx, (db) => {
    const rows = listAudit(db, { draw: opts.draw });
    const data = rows.map((r) => ({ ...r, detail: parseJsonOr<unknown>(r.detail, r.detail) }));
    return {
      data,
      render: (c) => c.out(table(c, ['#', c.t('audit.at'), c.t('field.operator'), c.t('audit.action'), c.t('audit.detail'), c.t('audit.hash')],
        rows.map((r) => [r.seq, r.at, r.operator, r.action, r.detail.length > 120 ? `${r.detail.slice(0, 117)}…` : r.detail, r.hash.slice(0, 16)]))),
    };
  });
};
