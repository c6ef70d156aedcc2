import type { CommandFn } from '../command.js';
import { appOf, withDb } from '../db.js';
import { changeSetting, settingKey } from '../../app/change-setting.js';
import { setting, SETTING_KEYS, SETTINGS } from '../../store/settings.js';
import { table } from '../render.js';

/** `draw config [KEY [VALUE]]`: the office's deadlines and yearly cap; a change is logged. */
export const run: CommandFn = async ([name, value], _opts, ctx) =>
  withDb(ctx, (db) => {
    const key = name === undefined ? undefined : settingKey(name);
    if (key !== undefined && value !== undefined) {
      const data = changeSetting(appOf(ctx, db), { key, value });
      return { data, render: (c) => { c.out(c.t('config.set', { key, value: data.value, was: data.was })); c.out(c.t('audit.head', { hash: data.auditHead })); } };
    }
    const rows = SETTING_KEYS.filter((k) => key === undefined || k === key)
      .map((k) => ({ key: k, value: setting(db, k), default: SETTINGS[k].default }));
    return {
      data: key === undefined ? rows : rows[0],
      render: (c) => c.out(table(c, [c.t('config.key'), c.t('config.value'), c.t('config.default'), c.t('config.meaning')],
        rows.map((r) => [r.key, r.value, r.default, c.t(`config.${r.key}`)]))),
    };
  });
