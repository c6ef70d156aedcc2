import type { CommandFn } from '../command.js';
import { EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { verifyAudit } from '../../store/audit.js';
import { recordMismatches } from '../../store/audit-records.js';
import { paint } from '../render.js';

/**
 * `draw audit verify`: walks the hash chain, then holds every record the log describes to its
 * entry; exit 4 naming the first bad entry and every record that disagrees.
 */
export const run: CommandFn = async (_args, _opts, ctx) =>
  withDb(ctx, (db) => {
    const r = verifyAudit(db);
    const records = recordMismatches(db);
    const data = { ok: r.broken === null && records.length === 0, entries: r.count, head: r.head, broken: r.broken, records };
    return {
      data,
      exitCode: r.broken || records.length ? EXIT.mismatch : EXIT.ok,
      render: (c) => {
        const p = paint(c);
        if (!r.broken) c.out((records.length ? p.yellow : p.green)(c.t('audit.ok', { n: r.count, head: r.head })));
        else c.out(p.red(c.t('audit.broken', { seq: r.broken.seq, problem: c.t(`audit.problem.${r.broken.problem}`) })));
        for (const m of records) c.out(p.red(c.t(`audit.record.${m.problem}`, { table: m.table, record: m.record, entry: m.entry ?? '-', field: m.field ?? '' })));
      },
    };
  });
