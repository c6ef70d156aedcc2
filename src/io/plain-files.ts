import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureFolder } from './write-file.js';

/**
 * The commands' file plumbing other than writing a file (which is write-file.ts's, the one way):
 * an output folder, the demo's folder (a package is read back by package-reader.ts). Files only in src/io.
 */

/** A file inside an output folder, made if missing; `null` when the path names something that is not a folder. */
export function fileInFolder(dir: string, name: string): string | null {
  const folder = resolve(dir);
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false) return null;
  ensureFolder(folder);
  return join(folder, name);
}

/** A folder made for the demo: `false` when it exists and is not empty. */
export function makeEmptyFolder(dir: string): boolean {
  if (existsSync(dir) && readdirSync(dir).length > 0) return false;
  mkdirSync(dir, { recursive: true });
  return true;
}

export function copyFile(from: string, to: string): void {
  copyFileSync(from, to);
}
