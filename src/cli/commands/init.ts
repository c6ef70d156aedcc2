import type { CommandFn } from '../command.js';
import { openDb } from '../../store/db.js';
import { recordCreated } from '../../app/init.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { auditHead } from '../../store/audit.js';
import { appOf } from '../db.js';
import { resolve } from 'node:path';

export const run: CommandFn = async (_args, _opts, ctx) => {
  const { db, created } = openDb(ctx.dbPath, { journal: ctx.journal, create: true });
  try {
    if (created) recordCreated(appOf(ctx, db));
    const data = { db: resolve(ctx.dbPath), created, schema: SCHEMA_VERSION, journal: ctx.journal, auditHead: auditHead(db) };
    return {
      data,
      render: (c) => {
        c.out(c.t(created ? 'init.created' : 'init.exists', { path: data.db, schema: SCHEMA_VERSION, journal: ctx.journal }));
        c.out(c.t('audit.head', { hash: data.auditHead }));
      },
    };
  } finally {
    db.close();
  }
};
