import type { CommandFn } from '../command.js';
import { closeDb } from '../../store/db.js';
import { recordCreated } from '../../app/init.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { auditHead } from '../../store/audit.js';
import { appOf, openForCommand } from '../db.js';
import { resolve } from 'node:path';

/**
 * `draw init [--journal wal|delete]`: creates the database with its journal mode, which every
 * later command then uses without a flag (`draw db journal` changes it).
 */
export const run: CommandFn = async (_args, _opts, ctx) => {
  const { db, created, journal } = openForCommand(ctx, ctx.dbPath, true);
  try {
    if (created) recordCreated(appOf(ctx, db), journal.stored);
    const data = { db: resolve(ctx.dbPath), created, schema: SCHEMA_VERSION, journal: journal.stored, auditHead: auditHead(db) };
    return {
      data,
      render: (c) => {
        c.out(c.t(created ? 'init.created' : 'init.exists', { path: data.db, schema: SCHEMA_VERSION, journal: journal.stored }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  } finally {
    closeDb(db);
  }
};
