import type { CommandFn } from '../command.js';
import { checkSubjectCode } from '../../core/uscc.js';
import { EXIT } from '../../errors.js';

/** `draw code check CODE`: what the importer would say of one code, for a clerk at the counter. */
export const run: CommandFn = async ([code], _opts, ctx) => {
  const v = checkSubjectCode(code);
  const message = v.valid
    ? ctx.t(v.orgCodeWarning ? 'code.validWithWarning' : 'code.valid', { value: v.code })
    : ctx.t(`reject.code.${v.problem}`, { value: v.code, expected: v.expected ?? '' });
  return { data: { ...v, message }, render: (c) => c.out(message), exitCode: v.valid ? EXIT.ok : EXIT.usage };
};
