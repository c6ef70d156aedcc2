import { drawArg } from '../../app/refs.js';
import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { confirm } from '../../app/confirm.js';
import { paint } from '../render.js';

interface ConfirmOptions { department?: string; note?: string }

/**
 * `draw confirm DRAW --department CODE [--note]` (art. 17): a department compares and confirms its
 * part of the draw. Due N working days after the draw; a late confirmation is recorded as late.
 */
export const run: CommandFn<ConfirmOptions> = async ([id], opts, ctx) =>
  withDb(ctx, (db) => {
    const draw = drawArg(db, id);
    if (draw.status !== 'drawn' || !draw.drawnAt) throw usageError('sheet.notEffective', { ref: id, status: draw.status });
    const { uncoveredYears, ...data } = confirm(appOf(ctx, db), { drawId: draw.id, department: String(opts.department ?? ''), note: String(opts.note ?? '') });
    return {
      data,
      render: (c) => {
        const line = c.t(data.late ? 'confirm.late' : 'confirm.done', { department: data.department, draw: draw.id, due: data.due, days: data.rule, on: data.confirmedOn });
        c.out(data.late ? paint(c).yellow(line) : line);
        if (data.provisional) c.err(c.t('calendar.provisional', { years: uncoveredYears.join('、') }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  });
