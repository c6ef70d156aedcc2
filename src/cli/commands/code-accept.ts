import type { CommandFn } from '../result.js';
import { checkSubjectCode } from '../../core/uscc.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { acceptCode } from '../../store/registry.js';

/**
 * `draw code accept CODE --reason`: an office accepts, on purpose and on the record, a code that
 * fails the check character yet is lawful (the early Fujian pilot codes). Logged in the audit log.
 */
export const run: CommandFn = async ([code], opts, ctx) => {
  const v = checkSubjectCode(code);
  if (v.valid) throw usageError('code.alreadyValid', { value: v.code });
  if (v.problem === 'length') {
    throw usageError(`reject.code.${v.problem}`, { value: v.code, expected: '' });
  }
  const reason = String(opts.reason ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  return withDb(ctx, (db) => {
    const head = db.transaction(() => {
      acceptCode(db, v.code, reason, ctx.operator, ctx.now().toISOString());
      return appendAudit(db, ctx.now(), ctx.operator, 'code.accept', { code: v.code, reason, problem: v.problem }).hash;
    }).immediate();
    const data = { code: v.code, reason, auditHead: head };
    return { data, render: (c) => { c.out(c.t('code.accepted', { value: v.code })); c.out(c.t('audit.head', { hash: head })); } };
  });
};
