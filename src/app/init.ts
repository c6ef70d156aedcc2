import { appendAudit } from '../store/audit.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import type { App } from './context.js';

/** A new database's first audit event: the schema it was made with. */
export function recordCreated(app: App): string {
  return appendAudit(app.db, app.now(), app.operator, 'init', { schema: SCHEMA_VERSION }).hash;
}

