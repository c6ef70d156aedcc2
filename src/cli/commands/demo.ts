import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandFn } from '../result.js';
import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { openDb, type Db } from '../../store/db.js';
import { appendAudit, auditHead } from '../../store/audit.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { importFile, type ImportReport } from '../../io/import-file.js';
import { loadTownships } from '../../io/townships.js';
import { countRecords, LIST_KINDS } from '../../store/queries.js';
import type { Kind } from '../../core/records.js';
import { fmt, table } from '../render.js';

/**
 * `draw demo`: the main job on the shipped fixtures, in a fresh folder, so a newcomer sees
 * what the tool does in one command: a database, every registry imported (the subjects from
 * the GB18030 registry export, then again from the pinyin dump), and a file of broken rows.
 */
const STEPS: [Kind, string][] = [
  ['departments', 'departments.csv'],
  ['items', 'items.csv'],
  ['inspectors', 'inspectors.csv'],
  ['subjects', 'subjects.csv'],
  ['subjects', 'subjects-pinyin.csv'],
  ['conflicts', 'conflicts.csv'],
];

export const run: CommandFn = async (_args, opts, ctx) => {
  const dir = resolve(opts.dir ?? 'draw-demo');
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new DrawError(EXIT.usage, 'demo.notEmpty', { dir }, 'demo.notEmptyHint');
  mkdirSync(dir, { recursive: true });
  const fixtures = join(ctx.packageRoot, 'fixtures');
  const dbPath = join(dir, 'draw.db');
  if (!ctx.json) ctx.err(ctx.t('demo.building', { dir }));
  const { db } = openDb(dbPath, { journal: ctx.journal, create: true });
  try {
    appendAudit(db, ctx.now(), ctx.operator, 'init', { schema: SCHEMA_VERSION });
    const imports: ImportReport[] = [];
    for (const [kind, file] of STEPS) imports.push(await importInto(db, ctx, kind, join(fixtures, file)));
    // The broken rows are copied next to the demo database so their rejects file lands there too.
    const broken = join(dir, 'subjects-broken.csv');
    copyFileSync(join(fixtures, 'broken', 'subjects-broken.csv'), broken);
    const brokenReport = await importInto(db, ctx, 'subjects', broken);
    const counts = Object.fromEntries(LIST_KINDS.map((k) => [k, countRecords(db, k, {})]));
    const data = { dir, db: dbPath, imports, broken: brokenReport, counts, auditHead: auditHead(db) };
    return { data, render: (c) => render(data, c) };
  } finally {
    db.close();
  }
};

function importInto(db: Db, ctx: Context, kind: Kind, file: string) {
  return importFile(db, {
    kind, file, encoding: 'auto', dryRun: false, strict: false, full: false, operator: ctx.operator, now: ctx.now, t: ctx.t,
    townships: loadTownships(ctx.packageRoot),
  });
}

function render(d: { db: string; imports: ImportReport[]; broken: ImportReport; counts: Record<string, number>; auditHead: string }, ctx: Context) {
  const { t } = ctx;
  ctx.out(table(ctx, [t('field.kind'), t('field.file_name'), t('field.total'), t('field.inserted'), t('field.updated'), t('field.unchanged'), t('field.rejected')],
    [...d.imports, d.broken].map((r) => [t(`kind.${r.kind}`), `${r.file.split(/[\\/]/).pop()} (${r.encoding})`, fmt(r.total), fmt(r.inserted), fmt(r.updated), fmt(r.unchanged), fmt(r.rejected)])));
  ctx.out(t('demo.brokenFile', { total: d.broken.total, rejected: d.broken.rejected, path: d.broken.rejectsFile }));
  ctx.out(t('demo.holds', { db: d.db }));
  ctx.out(table(ctx, Object.keys(d.counts).map((k) => t(`kind.${k}`)), [Object.values(d.counts).map(fmt)]));
  ctx.out(t('audit.head', { hash: d.auditHead }));
  ctx.out(t('demo.next', { db: d.db }));
}
