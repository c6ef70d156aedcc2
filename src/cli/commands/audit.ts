import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { EXIT } from '../../errors.js';
import { withDb } from '../db.js';
import { verifyAuditLog } from '../../app/verify-audit.js';
import { paint } from '../render.js';

/**
 * `draw audit verify [--anchor SEQ:HASH|FILE]…`: walks the hash chain, holds every record the log
 * describes to its entry, and each anchor (a head published earlier, or the paper or package
 * that carries one) to the log; exit 4 naming the first bad entry, every record that disagrees
 * and every anchor the log no longer holds.
 */
interface Options { anchor?: string[] }

export const run: CommandFn<Options> = async (_args, opts, ctx) =>
  withDb(ctx, async (db) => {
    const v = await verifyAuditLog(db, opts.anchor ?? []);
    const { chain: r, records } = v;
    const anchors = v.anchors.map(({ check, ...a }) => ({ ...a, ...check }));
    const data = { ok: v.ok, entries: r.count, head: r.head, broken: r.broken, records, anchors };
    return {
      data,
      exitCode: v.ok ? EXIT.ok : EXIT.mismatch,
      render: (c) => {
        const p = paint(c);
        if (!r.broken) c.out((records.length ? p.yellow : p.green)(c.t('audit.ok', { n: r.count, head: r.head })));
        else c.out(p.red(c.t('audit.broken', { seq: r.broken.seq, problem: c.t(`audit.problem.${r.broken.problem}`) })));
        for (const m of records) c.out(p.red(c.t(`audit.record.${m.problem}`, { table: m.table, record: m.record, entry: m.entry ?? '-', field: m.field ?? '' })));
        for (const a of anchors) renderAnchor(c, a);
      },
    };
  });

function renderAnchor(c: Context, a: { anchor: string; file: string | null; status: string; [k: string]: unknown }) {
  const p = paint(c);
  const where = a.file === null ? a.anchor : c.t('anchor.fromFile', { anchor: a.anchor, file: a.file });
  // a file found by its SHA-256 holds through the entry that records it, which the message names
  const key = a.status === 'held' && a.sha256 !== undefined ? 'heldByDigest' : a.status;
  const records = Array.isArray(a.records) ? a.records.join(c.t('anchor.recordsSep')) : '';
  const line = c.t(`anchor.${key}`, { ...a, anchor: where, records });
  c.out(a.status === 'held' ? p.green(line) : p.red(line));
}
