/** Messages of `draw audit verify` holding records to their entries, and of a damaged database (en); merged by index.ts. */
import type { zhVerify } from './zh-verify.js';
import type { Catalog } from './catalog.js';

export const enVerify = {
  'audit.record.changed': 'record {record} of table {table} does not match audit entry {entry} ({field}): it was changed outside the tool',
  'audit.record.deleted': 'record {record} of table {table} is gone: audit entry {entry} records it, it was deleted outside the tool',
  'audit.record.unlogged': 'record {record} of table {table} has no audit entry: draw did not write it',
  'db.damaged': 'the database {path} is incomplete: {what}; draw never leaves it so (a table dropped or changed outside the tool)',
  'db.damagedHint': 'restore it from a backup made by `draw db backup`, and run `draw audit verify` to confirm',
  'db.missingTable': 'table {table} is missing',
  'db.missingColumn': 'column {column} is missing',
  'db.badSetting': 'setting {key} holds {value}, not a whole number from {min} to {max} (changed outside the tool)',
  'db.conflict': 'another clerk has just written the same record ({what}); nothing of this step was written',
  'db.conflictHint': 'run the matching show or list command to see what was written; do the step again only if it is still needed',
  'db.record.confirmation': 'the department\'s confirmation of this draw',
  'db.record.planNumber': 'this plan number',
  'db.record.effectiveDraw': 'this plan\'s draw',
  'db.record.currentResult': 'this sheet\'s result',
  'db.record.replacement': 'a replacement on this draw',
  'db.record.auditEntry': 'an audit entry',
  'db.record.acceptedCode': 'this accepted code',
  'db.record.setting': 'this setting',
  'flag.future': '{flag}: {value} is after today {today}',
  'flag.beforePlanYear': '{flag}: {value} is before the plan\'s year {year}',
  'result.beforePlanYear': 'the inspection date {value} is before the plan\'s year {year}',
} as const satisfies Catalog<typeof zhVerify>;
