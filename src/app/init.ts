import { appendAudit } from '../store/audit.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import type { App } from './context.js';

/** A new database's first audit event: the schema and the journal mode it was made with. */
export function recordCreated(app: App, journal: 'wal' | 'delete'): string {
  return appendAudit(app.db, app.now(), app.operator, 'init', { schema: SCHEMA_VERSION, journal }).hash;
}

