import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/db.js';
import { acceptedCodes, beginImport, registryLookups, registryWriter, type ImportCounts, type LateDuplicate, type RegistryWriter } from '../store/registry.js';
import type { AuditDetails } from '../core/audit-events.js';
import { resultsWriter } from '../store/results-import.js';
import { toResultRow, type Lookups, type Warning } from '../core/records.js';
import { RECORD_SPECS } from '../core/record-spec.js';
import { DrawError, EXIT } from '../errors.js';
import { detectEncoding, readHead, type Encoding } from './decode.js';
import { sha256File } from './file-digest.js';
import { checkedRows, checkRow, framed, type Checked, type Rule } from './checked-rows.js';
import { isXlsx, readRows, type SourceInfo } from './row-source.js';
import { fieldLabel, mapHeader, nearestHeader, SPECS, type ImportKind } from './columns.js';
import { RejectsFile, rejectsPathFor, removeStaleTemporaries, type RejectsFormat } from './rejects.js';
import type { Translate } from '../i18n/index.js';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  encoding: 'auto' | Encoding;
  /** the sheet of an .xlsx workbook (the first when not given) */
  sheet?: string;
  /** the rejects file as CSV (the default) or as a workbook */
  rejectsFormat?: RejectsFormat;
  dryRun: boolean;
  strict: boolean;
  full: boolean;
  /** `--yes`: a `--full` that retires more than RETIRE_ASK_SHARE of the registry goes ahead */
  yes?: boolean;
  /** asks the clerk at a terminal whether to retire that many; absent on a pipe */
  confirmRetire?: (n: number, share: number) => Promise<boolean>;
  operator: string;
  now: () => Date;
  t: Translate;
  townships: (text: string) => string | undefined;
  /** where data/ lives, for the second thread of a large import */
  packageRoot: string;
  onProgress?: (bytesDone: number, bytesTotal: number, rows: number) => void;
}

/**
 * The import's one transaction, owned by the use case (src/app/import-registry.ts): begun before
 * the first row is written, and either kept (the import's record finished, its one audit event
 * appended, committed) or rolled back. A process killed in between leaves nothing: SQLite rolls
 * the open transaction back.
 */
export interface ImportTransaction {
  begin(): void;
  /** keeps what was written; returns the audit event's hash */
  keep(importId: number, counts: ImportCounts, event: AuditDetails['import']): string;
  rollback(): void;
}

/** A `--full` that would retire more than this share of a registry asks first. */
export const RETIRE_ASK_SHARE = 0.1;

export interface ImportReport extends ImportCounts {
  kind: ImportKind;
  file: string;
  format: 'csv' | 'xlsx';
  encoding: Encoding | 'xlsx';
  separator: string | null;
  sheet: string | null;
  sha256: string;
  importId: number | null;
  dryRun: boolean;
  strict: boolean;
  full: boolean;
  committed: boolean;
  /** rows of empty cells, skipped */
  blank: number;
  /** title and note rows found above the header */
  titleRows: { line: number; text: string }[];
  headerLine: number;
  /** `--full` retired nothing because rows were rejected (and not --strict) */
  retireSkipped: boolean;
  unknownColumns: string[];
  rejectsFile: string | null;
  /** a rejects file of that name this import did not write, left as it was */
  staleRejectsFile: string | null;
  warningSamples: { line: number; field: string; message: string }[];
  auditHead: string | null;
}

const ruleOf = (kind: ImportKind): Rule => (kind === 'results'
  // A result is checked against its sheet's plan, which only the writer can look up; here only
  // what the row itself shows (a sheet reference Excel made a date).
  ? (raw) => toResultRow(raw)
  : RECORD_SPECS[kind].rule);

/**
 * One import: one transaction. Rows that fail a rule go to the rejects file and the rest are
 * written; `--strict` keeps nothing when anything was rejected, `--dry-run` keeps nothing at all.
 */
export async function importFile(db: Db, o: ImportOptions, tx: ImportTransaction): Promise<ImportReport> {
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
  const workbook = isXlsx(o.file);
  if (!workbook && o.sheet !== undefined) throw new DrawError(EXIT.usage, 'import.sheetNotXlsx', { file: o.file });
  const encoding: Encoding = workbook ? 'utf8' : o.encoding === 'auto' ? detectEncoding(readHead(o.file), o.file).encoding : o.encoding;

  const lookups: Lookups = { ...registryLookups(db), township: o.townships };
  const rule = ruleOf(o.kind);
  const counts: ImportCounts = { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, retired: 0 };
  const warningSamples: ImportReport['warningSamples'] = [];
  const rejectsPath = rejectsPathFor(o.file, o.rejectsFormat);
  const staleRejects = existsSync(rejectsPath) ? rejectsPath : null;
  removeStaleTemporaries(rejectsPath);
  let rejects: RejectsFile | undefined;
  let header: string[] | undefined;
  let headerLine = 0;
  let titleRows: ImportReport['titleRows'] = [];
  let blank = 0;
  let info: SourceInfo = { format: workbook ? 'xlsx' : 'csv' };
  let unknownColumns: string[] = [];
  let fieldIndex: [string, number][] = [];
  let bytesDone = 0;
  let retireSkipped = false;

  const source = checkedRows({
    file: o.file, size, encoding, sheet: o.sheet, kind: o.kind, rule, lookups, acceptedCodes: acceptedCodes(db), packageRoot: o.packageRoot,
    onBytes: (n) => { bytesDone += n; o.onProgress?.(bytesDone, size, counts.total); },
    onInfo: (i) => { info = i; },
  });
  let sha256: string;
  try {
    sha256 = await sha256File(o.file);
    tx.begin();
  } catch (error) {
    await source.close();
    throw error;
  }
  let committed = false;
  try {
    const startedAt = o.now().toISOString();
    const importId = beginImport(db, {
      kind: o.kind, file_name: basename(o.file), sha256, encoding: workbook ? 'xlsx' : encoding, full: o.full, operator: o.operator, started_at: startedAt,
    });
    const writer = o.kind === 'results' ? resultsWriter(db, o.operator, startedAt) : registryWriter(db, o.kind, importId, startedAt);
    const fieldName = (f: string) => (header ? header[fieldIndex.find(([n]) => n === f)?.[1] ?? -1] ?? f : f);
    // the column a key named twice is rejected under: the kind's (first) key, a result's sheet
    const keyField = o.kind === 'results' ? 'sheet' : RECORD_SPECS[o.kind].keys[0];
    // rows the writer kept to reject once the file has been read (their fields are read again)
    let rejectedLater = 0;

    for await (const { rows, records } of source.batches) {
      // the second thread's accepted records, written a batch at a time
      const outcomes = records && writer.upsertTuples!(records.tuples, records.width, records.lines);
      for (const row of rows) {
        if ('blank' in row) { blank++; continue; }
        if ('header' in row) {
          header = row.header;
          headerLine = row.line;
          titleRows = row.above;
          checkHeader(o.kind, o.file, header, t);
          const map = mapHeader(o.kind, header);
          unknownColumns = map.unknown;
          fieldIndex = [...map.index.entries()];
          rejects = new RejectsFile(rejectsPath, [t('rejects.line'), t('rejects.column'), t('rejects.reason')], header, t('paper.sheetName.rejects'), o.rejectsFormat);
          continue;
        }
        if (header === undefined) continue;
        counts.total++;
        const rejectRow = (column: string, reason: string) => {
          // The second thread's rows come without their fields; the only rows of theirs the writer
          // turns away, keys named twice, are rejected once the file has been read (below).
          if (!('fields' in row)) throw new Error(`line ${row.line}: a record from the second thread turned away other than as a key named twice`);
          counts.rejected++;
          rejects!.write(row.line, column, reason, row.fields);
        };
        if ('ragged' in row) {
          rejectRow('', t('reject.ragged', { expected: header.length, found: row.fields.length }));
          continue;
        }
        let result: ReturnType<typeof writer.upsert>;
        let warnings: Warning[];
        let record: Record<string, unknown> | undefined;
        if ('record' in row) {
          result = outcomes![row.record];
          warnings = row.warnings;
          if (typeof result === 'object' && 'duplicateOf' in result) {
            counts.rejected++;
            writer.rejectLater!(row.line, result.duplicateOf);
            rejectedLater++;
            continue;
          }
        } else {
          const verdict = row.verdict;
          if (!verdict.ok) {
            const r = verdict.rejection;
            rejectRow(fieldName(r.field), t(r.reason, r.params));
            continue;
          }
          record = verdict.record;
          result = writer.upsert(record, row.line);
          warnings = verdict.warnings;
        }
        if (typeof result === 'object' && 'rejected' in result) {
          rejectRow(fieldName(result.rejected.field), t(result.rejected.reason, result.rejected.params));
          continue;
        }
        if (result === 'taken') {
          rejectRow(fieldName('name'), t('reject.taken', { value: String(record?.name ?? '') }));
          continue;
        }
        if (typeof result === 'object') {
          rejectRow(fieldName(keyField), t('reject.duplicate', { line: result.duplicateOf }));
          continue;
        }
        counts[result]++;
        for (const w of warnings) noteWarning(w, row.line, fieldName(w.field));
      }
    }
    if (header === undefined) throw new DrawError(EXIT.usage, 'import.empty', { file: o.file });
    // The writer puts back what it set aside; a new registry's keys named twice are found only now.
    const late = (writer.finish?.() ?? 0) + rejectedLater;
    if (late > 0) {
      const found = await rejectLate(o, encoding, rule, lookups, writer, (duplicate, fields, warnings) => {
        if (!duplicate.counted) {
          counts.inserted--;
          counts.rejected++;
          counts.warnings -= warnings;
          for (let i = warningSamples.length - 1; i >= 0; i--) if (warningSamples[i].line === duplicate.line) warningSamples.splice(i, 1);
        }
        rejects!.write(duplicate.line, fieldName(keyField), t('reject.duplicate', { line: duplicate.firstLine }), fields);
      });
      if (found !== late) throw new Error(`${late} rows repeat a key, ${found} found again in the file`);
    }
    if (o.full && writer.missingCount) {
      // A file with rejected rows is not the whole registry: retiring what it lacks would retire
      // the rejected subjects too (an all-rejected file would empty the registry).
      if (counts.rejected > 0 && !o.strict) retireSkipped = true;
      else if (counts.rejected === 0) {
        const { missing, registered } = writer.missingCount();
        const share = registered === 0 ? 0 : missing / registered;
        if (share > RETIRE_ASK_SHARE && !o.yes) {
          const go = o.confirmRetire ? await o.confirmRetire(missing, share) : false;
          if (!go) {
            throw new DrawError(EXIT.usage, 'import.retireTooMany', {
              file: o.file, n: missing, total: registered, share: `${(share * 100).toFixed(1)}%`, limit: `${RETIRE_ASK_SHARE * 100}%`,
            }, 'import.retireTooManyHint');
          }
        }
        counts.retired = writer.retireMissing();
      }
    }
    const keep = !o.dryRun && !(o.strict && counts.rejected > 0);
    let auditHead: string | null = null;
    if (keep) {
      auditHead = tx.keep(importId, counts, {
        kind: o.kind, file: basename(o.file), sha256, encoding: workbook ? 'xlsx' : encoding, full: o.full, import: importId, ...counts,
        ...('logged' in writer ? { results: writer.logged } : {}),
      });
      committed = true;
    } else {
      tx.rollback();
    }
    await rejects?.close();
    return {
      kind: o.kind, file: o.file, format: info.format, encoding: workbook ? 'xlsx' : encoding, separator: info.separator ?? null, sheet: info.sheet ?? null,
      sha256, importId: committed ? importId : null, dryRun: o.dryRun, strict: o.strict,
      full: o.full, committed, blank, titleRows, headerLine, retireSkipped, unknownColumns, rejectsFile: counts.rejected > 0 ? rejectsPath : null,
      staleRejectsFile: counts.rejected === 0 ? staleRejects : null, warningSamples, auditHead, ...counts,
    };
  } catch (error) {
    tx.rollback();
    rejects?.discard();
    throw error;
  } finally {
    await source.close();
  }

  function noteWarning(w: Warning, line: number, column: string) {
    counts.warnings++;
    if (warningSamples.length < 20) warningSamples.push({ line, field: column, message: t(w.reason, w.params) });
  }
}

/**
 * The rows that name a key an earlier line named and were kept to be rejected once the file was
 * read (store/registry.ts): those a new registry's writer found when it built its key index, and
 * those of the second thread, which sends no fields. The file is read again, without the second
 * thread, and each such row is handed over with its fields as the file has them and the number of
 * its warnings (counted when it was read, to be taken back if it was counted inserted). Their
 * lines come from the writer in order, a thousand at a time.
 */
async function rejectLate(
  o: ImportOptions, encoding: Encoding, rule: Rule, lookups: Lookups, writer: RegistryWriter,
  reject: (duplicate: LateDuplicate, fields: string[], warnings: number) => void,
): Promise<number> {
  // The rows are checked a piece of the file ahead of this loop: the lines wanted are followed
  // where the rows are checked, and each one wanted is kept for the loop by its line.
  let wanted = writer.lateDuplicates!(0, 1000);
  let at = 0;
  const queued = new Map<number, LateDuplicate>();
  const check = (line: number, fields: string[], width: number, index: [string, number][]): Checked => {
    if (at === wanted.length && wanted.length > 0) {
      wanted = writer.lateDuplicates!(wanted[wanted.length - 1].line, 1000);
      at = 0;
    }
    if (line !== wanted[at]?.line) return { line, blank: true };
    queued.set(line, wanted[at++]);
    return checkRow(line, fields, width, index, rule, lookups);
  };
  let found = 0;
  const rows = readRows({ file: o.file, encoding, sheet: o.sheet });
  for await (const piece of framed(rows, o.kind, isXlsx(o.file), check)) {
    for (const row of piece) {
      const duplicate = queued.get(row.line);
      if (duplicate === undefined || !('verdict' in row)) continue;
      queued.delete(row.line);
      reject(duplicate, row.fields, row.verdict.ok ? row.verdict.warnings.length : 0);
      found++;
    }
    if (wanted.length === 0) break; // every one found: the rest of the file is not read
  }
  return found;
}

/**
 * A header the import can read: every required column there, and no field named twice (名称
 * beside 企业名称 would leave it to chance which one is the name).
 */
function checkHeader(kind: ImportKind, file: string, header: string[], t: Translate): void {
  const map = mapHeader(kind, header);
  if (map.missing.length > 0) {
    const suggestions = map.missing.flat().map((f) => nearestHeader(kind, f, header)).filter((x) => x !== null);
    throw new DrawError(EXIT.usage, 'import.missingColumns', {
      file,
      missing: map.missing.map((g) => g.map((f) => fieldLabel(kind, f)).join(' / ')).join(', '),
      found: header.length > 50 ? `${header.slice(0, 50).join(', ')} ${t('import.moreColumns', { n: header.length })}` : header.join(', '),
      accepted: map.missing.map((g) => g.map((f) => SPECS[kind].columns.find((c) => c.field === f)!.aliases.join('、')).join(' | ')).join('; '),
      suggestion: suggestions.map((s) => `\n${t('import.didYouMean', { found: s!.found, meant: s!.meant })}`).join(''),
    });
  }
  if (map.duplicates.length > 0) {
    const [first, second] = map.duplicates[0];
    throw new DrawError(EXIT.usage, 'import.duplicateColumn', { file, first, second }, 'import.duplicateColumnHint');
  }
}
