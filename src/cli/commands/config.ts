import type { CommandFn } from '../result.js';
import { usageError } from '../../errors.js';
import { withDb } from '../db.js';
import { appendAudit } from '../../store/audit.js';
import { putSetting, setting, SETTINGS } from '../../store/settings.js';
import { table } from '../render.js';

/** `draw config [KEY [VALUE]]`: the office's deadlines and yearly cap; a change is logged. */
export const run: CommandFn = async ([key, value], _opts, ctx) =>
  withDb(ctx, (db) => {
    if (key !== undefined && !Object.hasOwn(SETTINGS, key)) throw usageError('config.unknown', { key, keys: Object.keys(SETTINGS).join(', ') });
    if (key !== undefined && value !== undefined) {
      const spec = SETTINGS[key];
      const n = Number(value);
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) throw usageError('config.badValue', { key, value, min: spec.min, max: spec.max });
      const was = setting(db, key);
      const head = db.transaction(() => {
        putSetting(db, key, n);
        return appendAudit(db, ctx.now(), ctx.operator, 'config.set', { key, value: n, was }).hash;
      }).immediate();
      return { data: { key, value: n, was, auditHead: head }, render: (c) => { c.out(c.t('config.set', { key, value: n, was })); c.out(c.t('audit.head', { hash: head })); } };
    }
    const rows = Object.entries(SETTINGS).filter(([k]) => key === undefined || k === key)
      .map(([k, spec]) => ({ key: k, value: setting(db, k), default: spec.default }));
    return {
      data: key === undefined ? rows : rows[0],
      render: (c) => c.out(table(c, [c.t('config.key'), c.t('config.value'), c.t('config.default'), c.t('config.meaning')],
        rows.map((r) => [r.key, r.value, r.default, c.t(`config.${r.key}`)]))),
    };
  });
