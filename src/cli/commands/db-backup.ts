import { closeSync, existsSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandFn } from '../command.js';
import { DrawError, EXIT, runtimeError, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { checkCopy } from '../../store/backup.js';
import { fmt } from '../render.js';

/**
 * `draw db backup FILE`: an online backup (SQLite's backup API: a consistent copy even while
 * other commands write). The copy is one self-contained file in rollback-journal mode, mode 0600,
 * checked before the command says it is done: it opens, passes SQLite's check, and its audit
 * chain holds. Restoring is copying it back over the database (see backup.restore).
 */
export const run: CommandFn = async ([file], _opts, ctx) => {
  const target = resolve(file);
  if (target === resolve(ctx.dbPath)) throw usageError('backup.same', { file });
  if (existsSync(target)) throw usageError('backup.exists', { file }, 'backup.existsHint');
  return withDb(ctx, async (db) => {
    // Written under a temporary name, created by us first so that the copy of people's names and
    // phones is 0600 from its first byte, and renamed only once it has passed its check: a backup
    // cut short (a full disk, a killed process) never sits under the name asked for.
    const partial = `${target}.${process.pid}.partial`;
    closeSync(openSync(partial, 'wx', 0o600));
    let summary: ReturnType<typeof checkCopy>;
    try {
      await db.backup(partial);
      summary = checkCopy(partial, file);
      putInPlace(partial, target, file);
    } catch (error) {
      for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
        try { unlinkSync(f); } catch { /* not there */ }
      }
      if (error instanceof DrawError) throw error;
      // a full disk or a folder that will not take the file: name the backup, not the database
      throw runtimeError('backup.failed', { file, reason: (error as Error).message }, 'backup.failedHint');
    }
    const data = { file: target, db: resolve(ctx.dbPath), bytes: statSync(target).size, ...summary };
    return {
      data,
      // A log that does not verify is copied all the same (it is evidence), and said so: exit 4.
      exitCode: summary.broken ? EXIT.mismatch : EXIT.ok,
      render: (c) => {
        c.out(c.t('backup.done', { file: target, bytes: fmt(data.bytes), schema: data.schema, entries: fmt(data.entries), head: data.head }));
        if (summary.broken) c.out(c.t('audit.broken', { seq: summary.broken.seq, problem: c.t(`audit.problem.${summary.broken.problem}`) }));
        c.out(c.t('backup.restore', { file: target, db: data.db }));
      },
    };
  });
};

/** Gives the checked copy its name without ever replacing a file that appeared there meanwhile. */
function putInPlace(partial: string, target: string, file: string): void {
  try {
    linkSync(partial, target);
    unlinkSync(partial);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw usageError('backup.exists', { file }, 'backup.existsHint');
    // a file system without hard links (a Windows share): rename, having looked once more
    if (existsSync(target)) throw usageError('backup.exists', { file }, 'backup.existsHint');
    renameSync(partial, target);
  }
}
