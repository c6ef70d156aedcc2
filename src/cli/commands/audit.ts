import type { CommandFn } from '../command.js';
import { EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { resultMismatches, verifyAudit } from '../../store/audit.js';
import { paint } from '../render.js';

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
