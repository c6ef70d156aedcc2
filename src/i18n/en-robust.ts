import type { zhRobust } from './zh-robust.js';
import type { Catalog } from './catalog.js';
/** Messages for the robust part of the catalog (en); merged into the one catalog by index.ts. */
export const enRobust = {
  // the storage underneath a command
  'db.busy': 'the database {path} is in use by another draw command (still locked after waiting); this step\'s change was not written, nothing is half-written',
  'db.busyHint': 'run the command again when the colleague\'s import or draw has finished; if nothing else is running, check for a program (sqlite3, DB Browser) that has the file open',
  'db.readOnly': 'the database {path} is read-only and cannot be written; nothing was written',
  'db.readOnlyHint': 'check write permission on the file and its folder (WAL mode also writes -wal and -shm files beside it); copy a database on a read-only disk or share to a writable place first',
  'db.full': 'the disk is full: the database {path} cannot be written; this step\'s change was not written, nothing is half-written',
  'db.fullHint': 'free some disk space (a large import needs about the database\'s size free) and run the command again',
  'db.ioError': 'a disk error while reading or writing the database {path} ({reason}); the change was not written',
  'db.ioErrorHint': 'check the free space, file size limits and the disk; then run `draw audit verify` to confirm the database is intact',
  'db.corrupt': 'the database {path} is damaged ({reason})',
  'db.corruptHint': 'restore from a backup made with `draw db backup`: stop every draw command, copy the backup over the database file (and delete the -wal and -shm files beside it)',
  'db.cantOpenHint': 'check that the path is right and that its folder exists and is writable',
  'db.migrated': 'the database was upgraded from schema version {from} to {to}; a copy as it was is kept in {backup}',
  'file.noSpace': 'the disk is full: a file could not be written ({reason}); nothing was written',
  'file.denied': 'no permission to write a file ({reason}); nothing was written',
  'file.deniedHint': 'check the permissions of the file and its folder, or choose a writable place',
  'file.ioError': 'a disk error while reading or writing a file ({reason})',
  'decode.mixed': '{file} mixes UTF-8 and GBK (the encoding changes at byte {offset}: rows added in another editor?); nothing from the file was imported',
  'decode.mixedHint': 'save the whole file in one encoding (in Excel: Save As, CSV UTF-8) and import it again; do not force one encoding with --encoding',
  'import.notAFile': '{file} is not a file (it is a folder or a device)',
  'import.moreColumns': '… {n} columns in all',
  'rejects.writeFailed': 'cannot write the rejects file {path} ({reason}); nothing from the file was imported',
  'rejects.writeFailedHint': 'free some disk space or check write permission on the input file\'s folder (rejected rows are written beside the input), then import again',
  // draw db backup
  'help.db': 'Database upkeep: online backup',
  'example.db': '\nExamples:\n  $ draw db backup backups/draw-2022-06-30.db',
  'help.db.backup': 'Back the database up online to a new file (other commands may run meanwhile); the backup opens and verifies with draw',
  'example.db.backup': '\nExamples:\n  $ draw db backup backups/draw-2022-06-30.db\n  $ draw --db backups/draw-2022-06-30.db audit verify',
  'backup.exists': '{file} exists already and is not overwritten',
  'backup.existsHint': 'choose another name (with the date, say), or move the old file away first',
  'backup.badCopy': 'the backup {file} failed its check ({detail}) and was deleted',
  'backup.done': 'backed up to {file}: {bytes} bytes, schema version {schema}, {entries} audit entries, head {head}',
  'backup.restore': 'to restore: stop every draw command, copy {file} over {db}, and delete {db}-wal and {db}-shm if present',
  'backup.failed': 'cannot write the backup {file} ({reason}); no partial backup was left',
  'backup.failedHint': 'check the free space on the target disk (at least the database\'s size) and write permission on the folder',
  // a replay package's own audit entries (core/package.ts packageAuditProblems)
  'replay.package.entry': 'the package\'s audit entry {seq} does not match its hash (it was changed)',
  'replay.package.link': 'the package\'s audit entry {seq} does not link to the one before it',
  'replay.package.commit': 'the package\'s audit entries do not record this draw\'s commitment (they record {found})',
  'replay.package.run': 'the package\'s audit entries record seed "{seed}" and result {result}, not this draw\'s',
  // results checked against their audit entries by `draw audit verify` (proposed: store/audit.ts resultMismatches)
  'audit.result.changed': 'the result of sheet {sheet} (result {id}) does not match its audit entry: it was changed outside the tool',
  'audit.result.unlogged': 'the result of sheet {sheet} (result {id}) has no audit entry',
} as const satisfies Catalog<typeof zhRobust>;
