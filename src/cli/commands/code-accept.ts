import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { acceptCode, checkAcceptable } from '../../app/accept-code.js';

interface CodeAcceptOptions { reason?: string }

/**
 * `draw code accept CODE --reason`: an office accepts, on purpose and on the record, a code that
 * fails the check character yet is lawful (the early Fujian pilot codes). Logged in the audit log.
 */
export const run: CommandFn<CodeAcceptOptions> = async ([code], opts, ctx) => {
  checkAcceptable(code); // a valid code is refused before the missing reason, and before the database is opened
  const reason = String(opts.reason ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  return withDb(ctx, (db) => {
    const data = acceptCode(appOf(ctx, db), { code, reason });
    return { data, render: (c) => { c.out(c.t('code.accepted', { value: data.code })); c.out(c.t('audit.head', { hash: data.auditHead })); } };
  });
};
