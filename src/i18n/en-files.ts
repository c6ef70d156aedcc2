import type { zhFiles } from './zh-files.js';
import type { Catalog } from './catalog.js';

/** Messages for writing output files (src/io/write-file.ts) (en); merged into the one catalog by index.ts. */
export const enFiles = {
  'write.isDatabase': 'will not write "{path}": it is the database "{db}" itself, or its -wal, -shm or -journal file, or a copy kept before an upgrade; nothing was written, the database is intact',
  'write.isDatabaseHint': 'give the output another name, for example "disclosure.csv"; no export ever replaces the database, not even with --force',
  'write.exists': '"{path}" exists and is not replaced; nothing was written',
  'write.existsHint': 'choose another name, or add --force to replace "{path}"',
  'write.symlink': '"{path}" is a symbolic link: it is not written, nor is the file it points to; nothing was written',
  'write.symlinkHint': 'give the real file name, or delete the link "{path}" first',
  'write.notRegular': '"{path}" is not a regular file (a device, a pipe, a socket or a Windows device name) and is not written',
  'write.notRegularHint': 'choose the name of a regular file, for example "disclosure.csv" in "{folder}"',
  'write.isFolder': '"{path}" is a folder, not a file; nothing was written',
  'write.isFolderHint': 'add a file name after the folder, for example --out "{path}/disclosure.csv"',
  'write.noFolder': 'the folder "{folder}" does not exist (or is not a folder), so "{path}" cannot be written; nothing was written',
  'write.noFolderHint': 'create the folder "{folder}" first, or check the path for a typo',
  'write.nameTooLong': 'the file name is too long ({length} characters; the file system allows 255 bytes): "{name}"; nothing was written',
  'write.nameTooLongHint': 'use a shorter file name in "{folder}"',
  'write.full': 'the disk is full: "{path}" was not written; the old file, if any, is as it was, and no half-written file is left',
  'write.fullHint': 'free some space on the disk of "{folder}", or write to another disk, then run the command again',
  'write.denied': 'no permission to write "{path}" ({reason}); the old file, if any, is as it was',
  'write.deniedHint': 'check write permission on the folder "{folder}" and the file "{path}"; for a read-only share or disc choose another place',
  'write.busy': '"{path}" is open in another program and cannot be replaced (still held after waiting); the old file is as it was',
  'write.busyHint': 'close the program that has it open (for example, close "{path}" in Excel) and run the command again',
  'write.locked': '"{path}" is locked and cannot be replaced (still held after waiting): another program may have it open; the old file is as it was',
  'write.lockedHint': 'close the program that has it open (for example, close "{path}" in Excel) and run the command again; if none has, check that the file is not read-only and that the folder "{folder}" is writable',
  'write.failed': 'cannot write "{path}" ({reason}); the old file, if any, is as it was',
  'write.failedHint': 'check the disk and the folder "{folder}", then run the command again',
  'opt.force': 'replace the output file if it exists (the database and its -wal and -shm files are never replaced)',
} as const satisfies Catalog<typeof zhFiles>;
