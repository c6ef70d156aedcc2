import type { CommandFn } from '../command.js';
import { EXIT } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { backUp } from '../../app/back-up.js';
import { checkBackupTarget } from '../../io/backup-file.js';
import { fmt } from '../render.js';

/**
 * `draw db backup FILE`: an online, checked copy of the database (src/app/back-up.ts). Restoring
 * is copying it back over the database (see backup.restore).
 */
export const run: CommandFn = async ([file], _opts, ctx) => {
  checkBackupTarget(file, ctx.dbPath); // the same file, or one already there: refused before the database is opened
  return withDb(ctx, async (db) => {
    const data = await backUp(appOf(ctx, db), { file, dbPath: ctx.dbPath });
    const { broken } = data;
    return {
      data,
      // A log that does not verify is copied all the same (it is evidence), and said so: exit 4.
      exitCode: broken ? EXIT.mismatch : EXIT.ok,
      render: (c) => {
        c.out(c.t('backup.done', { file: data.file, bytes: fmt(data.bytes), schema: data.schema, entries: fmt(data.entries), head: data.head }));
        if (broken) c.out(c.t('audit.broken', { seq: broken.seq, problem: c.t(`audit.problem.${broken.problem}`) }));
        c.out(c.t('backup.restore', { file: data.file, db: data.db }));
      },
    };
  });
};
