import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { taskNoticeOf } from '../../app/task-notice.js';
import { chinaDate } from '../../core/deadlines.js';
import { taskNoticeHtml } from '../../io/task-notice-html.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { scopeText } from '../views/annual.js';

/**
 * `draw export notice TASK --kind task --out FILE.html`: the public notice of a task before its
 * draw (抽查任务公告, art. 7). A public paper: no subject, no inspector, no credit grade (0644).
 * Written as the smallest command H2's `draw export notice` (kinds commitment and draw) can absorb
 * as one more kind: app/task-notice.ts and io/task-notice-html.ts are the kind's parts.
 */
interface Options { out: string; kind?: string; force?: boolean }

export const run: CommandFn<Options> = async ([ref], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  return withDb(ctx, (db) => {
    const { t } = ctx;
    const notice = taskNoticeOf(db, ref);
    const scope = scopeText(ctx, notice.scope).split('；');
    const html = taskNoticeHtml(t, ctx.lang, {
      notice, scope, annualPlan: t('annual.title', { year: notice.task.year }), madeOn: chinaDate(ctx.now().toISOString()),
    });
    const written = writeFileSafelySync(opts.out, html, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
    const data = { kind: notice.kind, task: notice.task.number, out: written.path, format: 'html', sha256: written.sha256, expected: notice.expected,
      auditHead: notice.auditHead.hash, auditSeq: notice.auditHead.seq };
    return { data, render: (c) => c.out(c.t('taskNotice.written', { out: written.path, task: notice.task.number })) };
  });
};
