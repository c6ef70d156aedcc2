import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { loadCalendar } from '../../store/calendar.js';
import { paint } from '../render.js';

/** `draw calendar due DATE N`: the date N working days after DATE. */
export const run: CommandFn = async ([date, n], _opts, ctx) =>
  withDb(ctx, (db) => {
    // `date` is ISO already: the date parser of src/cli/flags.ts, as for every --date
    const days = Number(n);
    if (!Number.isInteger(days) || days < 0 || days > 3650) throw usageError('calendar.badDays', { value: n });
    const r = loadCalendar(db).addWorkingDays(date, days);
    return {
      data: { from: date, workingDays: days, ...r },
      render: (c) => {
        c.out(c.t('calendar.due', { from: date, n: days, date: r.date }));
        if (r.provisional) c.err(paint(c).yellow(c.t('calendar.provisional', { years: r.uncoveredYears.join('、') })));
      },
    };
  });
