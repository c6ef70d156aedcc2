import type { CommandFn } from '../command.js';
import { appOf, withDb } from '../db.js';
import { assist } from '../../app/assist.js';
import { normaliseIdentifier } from '../../core/text.js';
import { sheetArg } from '../../app/refs.js';

interface AssistOptions { department?: string; name?: string; certificate?: string }

/** `draw assist SHEET --department CODE --name NAME [--certificate CERT]` (art. 9): a specialist who assists; never drawn. */
export const run: CommandFn<AssistOptions> = async ([ref], opts, ctx) =>
  withDb(ctx, (db) => {
    const sheet = sheetArg(db, ref);
    const data = assist(appOf(ctx, db), {
      sheet, department: String(opts.department ?? ''), name: String(opts.name ?? ''),
      certificate: opts.certificate ? normaliseIdentifier(String(opts.certificate)) : '',
    });
    return {
      data,
      render: (c) => { c.out(c.t('assist.done', { name: data.name, department: data.department, ref })); c.out(c.t('audit.head', { hash: data.auditHead })); },
    };
  });
