import type { CommandFn } from '../result.js';
import { EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { parseJsonOr } from '../../core/canonical.js';
import { listAudit, resultMismatches, verifyAudit } from '../../store/audit.js';
import { paint, table } from '../render.js';

/** `draw audit verify`: walks the hash chain; exit 4 naming the first bad entry. */
export const run: CommandFn = async (_args, _opts, ctx) =>
  withDb(ctx, (db) => {
    const r = verifyAudit(db);
    const results = resultMismatches(db);
    const data = { ok: r.broken === null && results.length === 0, entries: r.count, head: r.head, broken: r.broken, results };
    return {
      data,
      exitCode: r.broken || results.length ? EXIT.mismatch : EXIT.ok,
      render: (c) => {
        const p = paint(c);
        if (!r.broken) c.out((results.length ? p.yellow : p.green)(c.t('audit.ok', { n: r.count, head: r.head })));
        else c.out(p.red(c.t('audit.broken', { seq: r.broken.seq, problem: c.t(`audit.problem.${r.broken.problem}`) })));
        for (const m of results) c.out(p.red(c.t(`audit.result.${m.problem}`, { sheet: `${m.draw}/${m.sheet}`, id: m.id })));
      },
    };
  });

/** `draw audit log [--draw ID]`. */
export const runLog: CommandFn = async (_args, opts, ctx) => {
  if (opts.draw !== undefined && !/^[1-9]\d*$/.test(String(opts.draw))) throw usageError('list.badValue', { flag: '--draw', value: opts.draw, accepted: '1, 2, 3 …' });
  return withDb(ctx, (db) => {
    const rows = listAudit(db, opts.draw ? { detailLike: `%"draw":${Number(opts.draw)},%` } : {});
    const data = rows.map((r) => ({ ...r, detail: parseJsonOr<unknown>(r.detail, r.detail) }));
    return {
      data,
      render: (c) => c.out(table(c, ['#', c.t('audit.at'), c.t('field.operator'), c.t('audit.action'), c.t('audit.detail'), c.t('audit.hash')],
        rows.map((r) => [r.seq, r.at, r.operator, r.action, r.detail.length > 120 ? `${r.detail.slice(0, 117)}…` : r.detail, r.hash.slice(0, 16)]))),
    };
  });
};
