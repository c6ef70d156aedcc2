import type { CommandFn } from '../command.js';
import { usageError } from '../../errors.js';
import { appOf, withDb } from '../db.js';
import { replace } from '../../app/replace.js';
import { normaliseIdentifier } from '../../core/text.js';

interface ReplaceOptions { inspector?: string; reason?: string; approvedBy?: string; filedOn?: string }

/**
 * `draw replace SHEET --inspector CERT --reason TEXT --approved-by NAME [--filed-on DATE]` (art. 16):
 * the next eligible inspector of that department's drawn order takes the place.
 */
export const run: CommandFn<ReplaceOptions> = async ([ref], opts, ctx) => {
  const reason = String(opts.reason ?? '').trim();
  const approvedBy = String(opts.approvedBy ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  if (!approvedBy) throw usageError('flag.required', { flag: '--approved-by' });
  return withDb(ctx, (db) => {
    const data = replace(appOf(ctx, db), { ref, certificate: normaliseIdentifier(String(opts.inspector ?? '')), reason, approvedBy, filedOn: opts.filedOn });
    return {
      data,
      render: (c) => {
        c.out(c.t('replace.done', { ref, replaced: data.replaced, substitute: data.substitute, name: data.substituteName, department: data.department }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  });
};
