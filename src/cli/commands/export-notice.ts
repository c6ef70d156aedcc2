import { extname } from 'node:path';
import type { CommandFn } from '../command.js';
import type { Translate } from '../../i18n/index.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { NOTICE_KINDS, noticeOf, type Notice } from '../../app/notice.js';
import { chinaDate } from '../../core/deadlines.js';
import type { OutEncoding } from '../../io/csv-out.js';
import { writePaper } from '../../io/paper-out.js';
import { noticeHtml } from '../../io/notice-html.js';
import { noticePaper } from '../../io/notice-csv.js';
import { MODE, writeFileSafelySync } from '../../io/write-file.js';
import { label } from '../labels.js';
import { taskNoticeOf } from '../../app/task-notice.js';
import { taskNoticeHtml } from '../../io/task-notice-html.js';
import { scopeText } from '../views/annual.js';

/**
 * `draw export notice REF [--kind commitment|draw] --out FILE [--format html|csv] [--encoding utf8|gb18030]`:
 * the public notice of a draw (art. 7), by draw number or task number. Without --kind, a committed
 * draw gives its commitment notice (承诺公告, published before the seed is given) and a drawn one
 * its draw notice (抽取公告). `.html` (the default) prints on A4; CSV for a publicity system. A
 * public paper: no credit grade, no personal field, so readable by all (0644).
 */
interface Options { out: string; kind?: string; force?: boolean; format?: 'html' | 'csv'; encoding?: 'utf8' | 'gb18030' }

export const run: CommandFn<Options> = async ([ref], opts, ctx) => {
  if (!opts.out) throw usageError('flag.required', { flag: '--out' });
  // commander holds --kind to the choices (cli/program.ts); a kind it lets through is one of NOTICE_KINDS
  const kind = NOTICE_KINDS.find((k) => k === opts.kind);
  const ext = extname(opts.out).toLowerCase();
  const format = opts.format ?? (ext === '.csv' ? 'csv' : 'html');
  const encoding: OutEncoding = opts.encoding === 'gb18030' ? 'gb18030' : 'utf8';
  // issue 11's task notice (H7: app/task-notice.ts, io/task-notice-html.ts), before any draw: HTML only
  if (opts.kind === 'task') return taskNotice([ref!], opts, ctx);
  return withDb(ctx, async (db) => {
    const { t } = ctx;
    const notice = noticeOf(db, ref, kind);
    const scope = notice.kind === 'commitment' ? scopeLines(t, notice.scope) : [];
    const place = { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public };
    const written = format === 'html'
      ? writeFileSafelySync(opts.out, noticeHtml(t, ctx.lang, { notice, scope, madeOn: chinaDate(ctx.now().toISOString()) }), place)
      : await writePaper(opts.out, noticePaper(t, notice, scope), { format: 'csv', encoding }, place);
    const data = {
      kind: notice.kind, draw: notice.draw, task: notice.task.number, out: written.path, format, sha256: written.sha256,
      subjects: notice.kind === 'draw' ? notice.sheets.all : 0, auditHead: notice.auditHead.hash, auditSeq: notice.auditHead.seq,
    };
    return { data, render: (c) => c.out(c.t('notice.written', { title: c.t(`notice.title.${notice.kind}`), out: written.path, draw: notice.draw })) };
  });
};

const taskNotice: CommandFn<Options> = async (ref, opts, ctx) => withDb(ctx, (db) => {
  const { t } = ctx;
  const notice = taskNoticeOf(db, ref[0]);
  const scope = scopeText(ctx, notice.scope).split('；');
  const html = taskNoticeHtml(t, ctx.lang, {
    notice, scope, annualPlan: t('annual.title', { year: notice.task.year }), madeOn: chinaDate(ctx.now().toISOString()),
  });
  const written = writeFileSafelySync(opts.out, html, { dbPath: ctx.dbPath, force: opts.force === true, mode: MODE.public });
  const data = { kind: notice.kind, task: notice.task.number, out: written.path, format: 'html', sha256: written.sha256, expected: notice.expected,
    auditHead: notice.auditHead.hash, auditSeq: notice.auditHead.seq };
  return { data, render: (c) => c.out(c.t('taskNotice.written', { out: written.path, task: notice.task.number })) };
});

/** The task's scope as the plan export words it: status, and each limit the task sets. */
function scopeLines(t: Translate, s: Extract<Notice, { kind: 'commitment' }>['scope']): string[] {
  return [
    `${t('field.status')}：${s.statuses.map((x) => label(t, 'status', x)).join('、')}`,
    s.townships.length ? `${t('field.township')}：${s.townships.join('、')}` : '',
    s.typeClasses.length ? `${t('field.type_class')}：${s.typeClasses.map((x) => label(t, 'typeClass', x)).join('、')}` : '',
    s.industryPrefixes.length ? `${t('field.industry_code')}：${s.industryPrefixes.join('、')}` : '',
    s.authorities.length ? `${t('field.registry_authority')}：${s.authorities.join('、')}` : '',
    s.units.length ? `${t('field.supervising_unit')}：${s.units.join('、')}` : '',
  ].filter(Boolean);
}
