import { usageError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { isSettingKey, putSetting, setting, SETTINGS, type SettingKey } from '../store/settings.js';
import { inTransaction, type App } from './context.js';

/** A settings key named by the clerk, refused by name when the office has no such setting. */
export function settingKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw usageError('config.unknown', { key, keys: Object.keys(SETTINGS).join(', ') });
  return key;
}

/** Changes one of the office's deadlines or its yearly cap; the change is logged with the old value. */
export function changeSetting(app: App, input: { key: SettingKey; value: string }) {
  const { key, value } = input;
  const spec = SETTINGS[key];
  // decimal digits only: Number() would also take 0x10, 1e1 and ' 5 '
  const n = /^[0-9]{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max) throw usageError('config.badValue', { key, value, min: spec.min, max: spec.max });
  const was = setting(app.db, key);
  const auditHead = inTransaction(app, () => {
    putSetting(app.db, key, n);
    return appendAudit(app.db, app.now(), app.operator, 'config.set', { key, value: n, was }).hash;
  });
  return { key, value: n, was, auditHead };
}
