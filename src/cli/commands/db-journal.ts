import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { journalMode, type JournalMode } from '../../store/db.js';
import { changeJournal } from '../../app/change-journal.js';
import { onWindowsShare } from '../../io/share-path.js';

/**
 * `draw db journal [wal|delete]`: shows the database's journal mode, or changes it for every later
 * command (the mode lives in the file: see src/store/db.ts), on the record. WAL is refused on a
 * Windows share.
 */
export const run: CommandFn = async ([mode], _opts, ctx) => {
  const path = ctx.dbPath;
  if (mode === 'wal' && onWindowsShare(path)) throw usageError('journal.shareNoWal', { path }, 'journal.shareNoWalHint');
  // Opened in the database's own mode (a --journal or DRAW_JOURNAL left in the console is not
  // this command's business): what the file holds is what is shown and changed.
  return withDb({ ...ctx, journal: undefined }, (db) => {
    if (mode === undefined) {
      const current = journalMode(db);
      return { data: { db: path, journal: current }, render: (c) => c.out(c.t('journal.shown', { path, mode: current })) };
    }
    const r = changeJournal(appOf(ctx, db), path, mode as JournalMode);
    return {
      data: { db: path, journal: r.to, ...r },
      render: (c) => {
        if (!r.changed) return c.out(c.t('journal.unchanged', { path, mode: r.to }));
        c.out(c.t('journal.changed', { path, from: r.from, to: r.to }));
        c.out(c.t('audit.head', { hash: r.auditHead }));
      },
    };
  });
};
