import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { withDb } from '../db.js';
import { loadCalendar } from '../../store/calendar.js';
import { paint } from '../render.js';

/** `draw calendar [YEAR]`: the year's months with holidays and make-up working days marked. */
export const run: CommandFn = async ([yearArg], _opts, ctx) =>
  withDb(ctx, (db) => {
    // a year already (the year parser of src/cli/flags.ts), or this year
    const year = yearArg === undefined ? Number(ctx.now().toISOString().slice(0, 4)) : Number(yearArg);
    const cal = loadCalendar(db);
    const covered = cal.coveredYears().includes(year);
    const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, days: cal.month(year, i + 1) }));
    const data = { year, covered, workingDays: months.reduce((a, m) => a + m.days.filter((d) => d.working).length, 0), months };
    return { data, render: (c) => render(c, data) };
  });

function render(ctx: Context, d: { year: number; covered: boolean; workingDays: number; months: { month: number; days: { date: string; working: boolean; kind?: string; name?: string }[] }[] }) {
  const { t } = ctx;
  const p = paint(ctx);
  ctx.out(t('calendar.title', { year: d.year, n: d.workingDays }));
  if (!d.covered) ctx.out(p.yellow(t('calendar.uncovered', { year: d.year })));
  const head = t('calendar.weekdays');
  for (const m of d.months) {
    ctx.out(`\n${t('calendar.month', { year: d.year, month: m.month })}\n${head}`);
    const first = new Date(`${m.days[0].date}T00:00:00Z`).getUTCDay();
    const offset = (first + 6) % 7; // weeks start on Monday
    let line = '    '.repeat(offset);
    const notes: string[] = [];
    m.days.forEach((day, i) => {
      const n = String(Number(day.date.slice(8))).padStart(3);
      const cell = day.kind === 'holiday' ? p.red(`${n}*`) : day.kind === 'workday' ? p.green(`${n}+`) : day.working ? `${n} ` : p.dim(`${n} `);
      line += cell;
      if (day.kind) notes.push(`${day.date.slice(5)} ${day.kind === 'holiday' ? t('calendar.holiday') : t('calendar.workday')} ${day.name}`);
      if ((offset + i + 1) % 7 === 0) { ctx.out(line); line = ''; }
    });
    if (line) ctx.out(line);
    if (notes.length) ctx.out(`  ${notes.join('；')}`);
  }
  ctx.out(`\n${t('calendar.legend')}`);
}
