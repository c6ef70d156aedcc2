import { appendAudit } from '../store/audit.js';
import { storeCalendar } from '../store/calendar.js';
import { readCalendarFile } from '../io/import-calendar.js';
import { inTransaction, type App } from './context.js';

/** `draw import calendar FILE`: the years the notice covers stop being provisional; logged with the file's digest. */
export function importCalendar(app: App, input: { file: string }) {
  const { file } = input;
  const { days, years, sha256, name } = readCalendarFile(file);
  const auditHead = inTransaction(app, () => {
    storeCalendar(app.db, days, years, `${name} sha256:${sha256}`);
    return appendAudit(app.db, app.now(), app.operator, 'calendar.import', { file: name, sha256, days: days.length, years }).hash;
  });
  return { kind: 'calendar', file, days: days.length, years, sha256, auditHead };
}
