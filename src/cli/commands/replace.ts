import type { CommandFn } from '../command.js';
import { DrawError, EXIT, usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { getDraw, storedTexts } from '../../store/draws.js';
import { addReplacement, replacementExclusions, replacementsOf } from '../../store/replacements.js';
import { setTeam } from '../../store/sheets.js';
import { inspectorName } from '../../store/queries.js';
import { runDraw, replaceInspector } from '../../core/draw/index.js';
import { fromTexts, withReplacements, type DrawParameters } from '../../core/snapshot.js';
import { isIsoDate } from '../../core/dates.js';
import { chinaDate } from '../../core/deadlines.js';
import { normaliseIdentifier } from '../../core/text.js';
import { sheetArg } from '../sheet-ref.js';

/**
 * `draw replace SHEET --inspector CERT --reason TEXT --approved-by NAME [--filed-on DATE]` (art. 16):
 * the substitute is the next in that department's drawn order (docs/ALGORITHM.md §13), never one
 * with a conflict with the subject or already on the sheet; the replay includes every replacement.
 */
interface Options { inspector?: string; reason?: string; approvedBy?: string; filedOn?: string }

export const run: CommandFn<Options> = async ([ref], opts, ctx) => {
  const reason = String(opts.reason ?? '').trim();
  const approvedBy = String(opts.approvedBy ?? '').trim();
  if (!reason) throw usageError('flag.required', { flag: '--reason' });
  if (!approvedBy) throw usageError('flag.required', { flag: '--approved-by' });
  if (opts.filedOn !== undefined && !isIsoDate(String(opts.filedOn))) throw usageError('plan.badValue', { flag: '--filed-on', value: opts.filedOn });
  return withDb(ctx, (db) => {
    // Everything from reading the sheet to writing the substitute happens under the write lock:
    // two clerks replacing on one draw at once must each see the other's replacement.
    const done = db.transaction(() => {
      const sheet = sheetArg(db, ref);
      const certificate = normaliseIdentifier(String(opts.inspector ?? ''));
      const slot = sheet.team.find(([, c]) => c === certificate);
      if (!slot) throw new DrawError(EXIT.usage, 'replace.notOnSheet', { certificate, ref, team: sheet.team.map(([d, c]) => `${d}:${c}`).join(' ') });
      const department = slot[0];
      const draw = getDraw(db, sheet.drawId)!;
      const parameters = JSON.parse(draw.parameters) as DrawParameters;
      // Recompute the draw and the replacements so far: that gives each department's order and cursor.
      const output = runDraw(fromTexts(storedTexts(db, draw.id), parameters, draw.seed!));
      const before = withReplacements(output, replacementsOf(db, draw.id));
      const pool = output.pools.find((p) => p.department === department)?.order ?? [];
      const exclusions = replacementExclusions(db, sheet.key, department);
      const conflicts = exclusions.conflicted.filter((c) => pool.includes(c));
      const active = exclusions.active;
      const inactive = pool.filter((c) => !active.has(c));
      const outcome = replaceInspector(before.state, {
        sheet: sheet.number, department, certificate, conflicts: conflicts.map((c) => ({ certificate: c, key: sheet.key })),
        activeInspectors: pool.filter((c) => active.has(c)),
      });
      if (outcome.kind !== 'replaced') throw usageError('replace.noneLeft', { department, ref });
      const substitute = outcome.substitute;
      const at = ctx.now().toISOString();
      const filedOn = opts.filedOn ? String(opts.filedOn) : chinaDate(at);
      const team = sheet.team.map(([d, c]) => (d === department && c === certificate ? [d, substitute] : [d, c])) as [string, string][];
      const head = (() => {
        const seq = addReplacement(db, draw.id, { number: sheet.number, department, replaced: certificate, substitute, reason, approvedBy, filedOn, at, operator: ctx.operator, conflicts, inactive });
        setTeam(db, sheet, team);
        return appendAudit(db, ctx.now(), ctx.operator, 'sheet.replace', {
          draw: draw.id, sheet: sheet.number, seq, department, replaced: certificate, substitute, reason, approvedBy, filedOn, conflicts, inactive,
        }).hash;
      })();
      return { sheet, draw, department, certificate, substitute, filedOn, head };
    }).immediate();
    const { sheet, draw, department, certificate, substitute, filedOn, head } = done;
    const name = inspectorName(db, substitute);
    return {
      data: { draw: draw.id, sheet: sheet.number, department, replaced: certificate, substitute, substituteName: name, reason, approvedBy, filedOn, auditHead: head },
      render: (c) => { c.out(c.t('replace.done', { ref, replaced: certificate, substitute, name, department })); c.out(c.t('audit.head', { hash: head })); },
    };
  });
};
