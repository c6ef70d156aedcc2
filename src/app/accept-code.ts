import { usageError } from '../errors.js';
import { checkSubjectCode } from '../core/uscc.js';
import { appendAudit } from '../store/audit.js';
import { acceptCode as storeAcceptedCode } from '../store/registry.js';
import { inTransaction, type App } from './context.js';

/**
 * The office accepts, on purpose and on the record, a code that fails the check character yet is
 * lawful (the early Fujian pilot codes). A valid code or one of the wrong length is refused.
 */
export function checkAcceptable(code: string) {
  const v = checkSubjectCode(code);
  if (v.valid) throw usageError('code.alreadyValid', { value: v.code });
  if (v.problem === 'length') throw usageError(`reject.code.${v.problem}`, { value: v.code, expected: '' });
  return v;
}

export function acceptCode(app: App, input: { code: string; reason: string }) {
  const v = checkAcceptable(input.code);
  const { reason } = input;
  const auditHead = inTransaction(app, () => {
    storeAcceptedCode(app.db, v.code, reason, app.operator, app.now().toISOString());
    return appendAudit(app.db, app.now(), app.operator, 'code.accept', { code: v.code, reason, problem: v.problem }).hash;
  });
  return { code: v.code, reason, auditHead };
}
