import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { beginBulkWrite, type Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { acceptedCodes, beginImport, finishImport, registryLookups, registryWriter, type ImportCounts } from '../store/registry.js';
import { resultsWriter } from '../store/results-import.js';
import {
  toConflict, toDepartment, toInspector, toItem, toSubject,
  type Lookups, type Outcome, type Raw, type Warning,
} from '../core/records.js';
import { DrawError, EXIT } from '../errors.js';
import { detectEncoding, readHead, type Encoding } from './decode.js';
import { checkedRows, fieldsOf } from './checked-rows.js';
import { mapHeader, SPECS, type ImportKind } from './columns.js';
import { RejectsFile, rejectsPathFor } from './rejects.js';
import type { Translate } from '../i18n/index.js';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  encoding: 'auto' | Encoding;
  dryRun: boolean;
  strict: boolean;
  full: boolean;
  operator: string;
  now: () => Date;
  t: Translate;
  townships: (text: string) => string | undefined;
  /** where data/ lives, for the second thread of a large import */
  packageRoot: string;
  onProgress?: (bytesDone: number, bytesTotal: number, rows: number) => void;
}

export interface ImportReport extends ImportCounts {
  kind: ImportKind;
  file: string;
  encoding: Encoding;
  sha256: string;
  importId: number | null;
  dryRun: boolean;
  strict: boolean;
  full: boolean;
  committed: boolean;
  unknownColumns: string[];
  rejectsFile: string | null;
  warningSamples: { line: number; field: string; message: string }[];
  auditHead: string | null;
}

type Rule = (raw: Raw, lookups: Lookups) => Outcome<Record<string, unknown>>;
const RULES: Record<ImportKind, Rule> = {
  departments: (raw) => toDepartment(raw) as Outcome<Record<string, unknown>>,
  items: (raw, l) => toItem(raw, l) as Outcome<Record<string, unknown>>,
  inspectors: (raw, l) => toInspector(raw, l) as Outcome<Record<string, unknown>>,
  subjects: (raw, l) => toSubject(raw, l) as unknown as Outcome<Record<string, unknown>>,
  conflicts: (raw, l) => toConflict(raw, l) as Outcome<Record<string, unknown>>,
  // A result is checked against its sheet's plan, which only the writer can look up.
  results: (raw) => ({ ok: true, record: raw as Record<string, unknown>, warnings: [] }),
};

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One import: one transaction. Rows that fail a rule go to the rejects file and the rest are
 * written; `--strict` keeps nothing when anything was rejected, `--dry-run` keeps nothing at all.
 */
export async function importFile(db: Db, o: ImportOptions): Promise<ImportReport> {
  const { t } = o;
  let size: number;
  let isFile: boolean;
  try {
    const st = statSync(o.file);
    size = st.size;
    isFile = st.isFile();
  } catch {
    throw new DrawError(EXIT.usage, 'import.noFile', { file: o.file });
  }
  if (!isFile) throw new DrawError(EXIT.usage, 'import.notAFile', { file: o.file });
  if (size === 0) throw new DrawError(EXIT.usage, 'import.empty', { file: o.file });
  const encoding = o.encoding === 'auto' ? detectEncoding(readHead(o.file), o.file).encoding : o.encoding;
  const sha256 = await sha256File(o.file);

  const lookups: Lookups = { ...registryLookups(db), township: o.townships };
  const rule = RULES[o.kind];
  const counts: ImportCounts = { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, retired: 0 };
  const warningSamples: ImportReport['warningSamples'] = [];
  const rejectsPath = rejectsPathFor(o.file);
  let rejects: RejectsFile | undefined;
  let header: string[] | undefined;
  let unknownColumns: string[] = [];
  let fieldIndex: [string, number][] = [];
  let bytesDone = 0;

  beginBulkWrite(db);
  let committed = false;
  try {
    const startedAt = o.now().toISOString();
    const importId = beginImport(db, {
      kind: o.kind, file_name: basename(o.file), sha256, encoding, full: o.full, operator: o.operator, started_at: startedAt,
    });
    const writer = o.kind === 'results' ? resultsWriter(db, o.operator, startedAt) : registryWriter(db, o.kind, importId, startedAt);
    const fieldName = (f: string) => (header ? header[fieldIndex.find(([n]) => n === f)?.[1] ?? -1] ?? f : f);

    const rows = checkedRows({
      file: o.file, size, encoding, kind: o.kind, rule, lookups, acceptedCodes: acceptedCodes(db), packageRoot: o.packageRoot,
      onBytes: (n) => { bytesDone += n; o.onProgress?.(bytesDone, size, counts.total); },
    });
    for await (const row of rows) {
      if ('header' in row) {
        header = row.header;
        const map = mapHeader(o.kind, header);
        if (map.missing.length > 0) {
          throw new DrawError(EXIT.usage, 'import.missingColumns', {
            file: o.file,
            missing: map.missing.map((g) => g.join(' / ')).join(', '),
            found: header.length > 50 ? `${header.slice(0, 50).join(', ')} ${t('import.moreColumns', { n: header.length })}` : header.join(', '),
            accepted: map.missing.map((g) => g.map((f) => SPECS[o.kind].columns.find((c) => c.field === f)!.aliases.join('、')).join(' | ')).join('; '),
          });
        }
        unknownColumns = map.unknown;
        fieldIndex = [...map.index.entries()];
        rejects = new RejectsFile(rejectsPath, [t('rejects.line'), t('rejects.column'), t('rejects.reason')], header);
        continue;
      }
      if (header === undefined) continue;
      counts.total++;
      const rejectRow = (column: string, reason: string) => {
        counts.rejected++;
        rejects!.write(row.line, column, reason, fieldsOf(row));
      };
      if ('ragged' in row) {
        rejectRow('', t('reject.ragged', { expected: header.length, found: row.fields.length }));
        continue;
      }
      const outcome = row.outcome;
      if (!outcome.ok) {
        const r = outcome.rejection;
        rejectRow(fieldName(r.field), t(r.reason, r.params));
        continue;
      }
      const result = writer.upsert(outcome.record, row.line);
      if (typeof result === 'object' && 'rejected' in result) {
        rejectRow(fieldName(result.rejected.field), t(result.rejected.reason, result.rejected.params));
        continue;
      }
      if (result === 'taken') {
        rejectRow(fieldName('name'), t('reject.taken', { value: String(outcome.record.name ?? '') }));
        continue;
      }
      if (typeof result === 'object') {
        rejectRow(fieldName(o.kind === 'conflicts' ? 'certificate' : o.kind === 'subjects' ? 'credit_code' : o.kind === 'results' ? 'sheet' : 'code'),
          t('reject.duplicate', { line: result.duplicateOf }));
        continue;
      }
      counts[result]++;
      for (const w of outcome.warnings) noteWarning(w, row.line, fieldName(w.field));
    }
    if (header === undefined) throw new DrawError(EXIT.usage, 'import.empty', { file: o.file });
    if (o.full) counts.retired = writer.retireMissing();
    const keep = !o.dryRun && !(o.strict && counts.rejected > 0);
    let auditHead: string | null = null;
    if (keep) {
      finishImport(db, importId, counts, o.now().toISOString());
      auditHead = appendAudit(db, o.now(), o.operator, 'import', {
        kind: o.kind, file: basename(o.file), sha256, encoding, full: o.full, import: importId, ...counts,
        ...('logged' in writer ? { results: writer.logged } : {}),
      }).hash;
      db.exec('COMMIT');
      committed = true;
    } else {
      db.exec('ROLLBACK');
    }
    return {
      kind: o.kind, file: o.file, encoding, sha256, importId: committed ? importId : null, dryRun: o.dryRun, strict: o.strict,
      full: o.full, committed, unknownColumns, rejectsFile: counts.rejected > 0 ? rejectsPath : null, warningSamples, auditHead, ...counts,
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    rejects?.discard();
    throw error;
  } finally {
    rejects?.close();
  }

  function noteWarning(w: Warning, line: number, column: string) {
    counts.warnings++;
    if (warningSamples.length < 20) warningSamples.push({ line, field: column, message: t(w.reason, w.params) });
  }
}
