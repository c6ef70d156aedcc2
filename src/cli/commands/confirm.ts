import { drawArg } from '../../app/refs.js';
import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { confirm } from '../../app/confirm.js';
import type { RejectionRequest } from '../../core/rejection.js';
import { paint } from '../render.js';

interface ConfirmOptions { department?: string; note?: string; reject?: RejectionRequest[] }

/**
 * `draw confirm DRAW --department CODE [--reject SHEET=REASON[:NOTE]]… [--note]` (art. 17): a
 * department compares and confirms its sheets of the draw, rejecting some with a reason from the
 * short list; a cancelled sheet brings in a substitute. Each sheet is on time or late.
 */
export const run: CommandFn<ConfirmOptions> = async ([id], opts, ctx) =>
  withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (draw.status !== 'drawn' || !draw.drawnAt) throw usageError('sheet.notEffective', { ref: id, status: draw.status });
    const { uncoveredYears, ...data } = confirm(appOf(ctx, db), {
      drawId: draw.id, department: String(opts.department ?? ''), note: String(opts.note ?? ''), rejections: opts.reject ?? [],
    });
    return {
      data,
      render: (c) => {
        const p = paint(c);
        const params = { department: data.department, draw: draw.id, due: data.due, days: data.rule, on: data.confirmedOn, n: data.confirmed, late: data.lateSheets };
        const line = data.again ? c.t(data.late ? 'confirm.againLate' : 'confirm.again', params) : c.t(data.late ? 'confirm.late' : 'confirm.done', params);
        c.out(data.late ? p.yellow(line) : line);
        if (!data.again) c.out(c.t('confirm.sheets', params));
        if (!data.again && data.lateSheets > 0 && !data.late) c.out(p.yellow(c.t('confirm.someLate', params)));
        for (const r of data.rejections) {
          c.out(c.t(r.cancels ? 'confirm.rejectedCancels' : 'confirm.rejected', { sheet: r.sheet, reason: c.t(`reason.${r.reason}`), note: r.note ? c.t('rejection.note', { note: r.note }) : '', seq: r.seq }));
          const s = data.substitutes.find((x) => x.substituteFor === r.sheet);
          if (s) c.out(c.t('confirm.substitute', { sheet: s.sheet, key: s.key, for: r.sheet, team: s.team.map(([d, cert]) => `${d}:${cert}`).join(' '), due: s.due }));
          else if (r.cancels) c.out(p.yellow(c.t('confirm.noSubstitute', { sheet: r.sheet })));
        }
        if (data.provisional) c.err(c.t('calendar.provisional', { years: uncoveredYears.join('、') }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  });
