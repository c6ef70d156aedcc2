import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Whether a database path lies on a Windows network share, where SQLite's WAL is unsafe: its
 * shared-memory index (draw.db-shm) is not shared between PCs, so two clerks could each see a
 * different database. Files only; the journal rule itself is in src/store/db.ts.
 */

/**
 * A UNC path: `\\server\share\…` or `//server/share/…` (Windows accepts both slashes), also in the
 * long form `\\?\UNC\server\share\…`. Not a device path (`\\.\`, `\\?\C:\`).
 */
export function isUncPath(path: string): boolean {
  const p = path.replace(/\//g, '\\');
  if (/^\\\\\?\\UNC\\[^\\]+\\[^\\]+/i.test(p)) return true;
  return /^\\\\[^\\?.][^\\]*\\[^\\]+/.test(p);
}

/**
 * On Windows: the path is a UNC path, or it resolves to one. A mapped drive (Z:\draw.db) resolves
 * to its share: `realpathSync.native` asks Windows for the file's final path, which for a network
 * drive is `\\server\share\…` — one cheap call, no `net use`. Elsewhere (Linux, macOS) a share is
 * not recognisable from the path and this is false: `draw db journal delete` is the way there.
 */
export function onWindowsShare(path: string, platform: NodeJS.Platform = process.platform, realpath: (p: string) => string = realpathSync.native): boolean {
  if (platform !== 'win32') return false;
  if (isUncPath(path)) return true;
  // The file may not exist yet (draw init): its folder then says where it will be.
  for (const candidate of [path, dirname(resolve(path))]) {
    try {
      return isUncPath(realpath(candidate));
    } catch {
      // not there (yet): try the folder
    }
  }
  return false;
}
