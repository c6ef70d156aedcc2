import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The SHA-256 of a file's bytes (lowercase hex), read in 1 MiB chunks so that a registry of
 * hundreds of megabytes is never held whole: the digest an import logs of the file it read, and
 * the one `audit verify --anchor FILE` looks up for a file that carries no head. One buffer is
 * read into again and again: a stream's fresh buffer per chunk stayed allocated until the
 * collector ran, some 30 MB of a large import's peak.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}
