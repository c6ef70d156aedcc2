import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The SHA-256 of a file's bytes (lowercase hex), read in 1 MiB chunks so that a registry of
 * hundreds of megabytes is never held whole: the digest an import logs of the file it read, and
 * the one `audit verify --anchor FILE` looks up for a file that carries no head.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
