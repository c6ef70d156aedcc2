import { gzipSync } from 'node:zlib';

/**
 * Lines per stored chunk of a subjects snapshot: a county's draw (up to 60,000 subjects) keeps its
 * snapshot in one piece, in draw_snapshots.text_gz as every draw before; a province's is stored
 * in chunks of some 2.5 MB of text.
 */
export const STORED_CHUNK_LINES = 1 << 16;

/** A stored chunk as made: its gzipped bytes and the byte length of each piece of text in it, in order. */
export interface MadeChunk { gz: Buffer; pieces: number[] }

/**
 * Stored chunks made from a snapshot's pieces (the population query's chunks), in order: a stored
 * chunk closes at the first piece that brings it to STORED_CHUNK_LINES lines, and is gzipped then.
 * No SQL and no state outside it, so that a worker thread can make them (app/snapshot-thread.ts)
 * and the bytes are the same wherever they are made.
 */
export class StoredChunkMaker {
  /** the stored chunk being filled, encoded in place (a Buffer per piece was 34 MB of garbage at a million subjects) */
  private buffer = Buffer.alloc(1 << 18);
  private filled = 0;
  private lines = 0;
  private pieces: number[] = [];

  /** Adds a piece of `lines` lines; returns the stored chunk it closes, if it closes one. */
  add(text: string, lines: number): MadeChunk | null {
    const most = Buffer.byteLength(text, 'utf8');
    if (this.filled + most > this.buffer.length) {
      const larger = Buffer.alloc(Math.max(this.buffer.length * 2, this.filled + most));
      this.buffer.copy(larger, 0, 0, this.filled);
      this.buffer = larger;
    }
    const bytes = this.buffer.write(text, this.filled, 'utf8');
    this.filled += bytes;
    this.pieces.push(bytes);
    this.lines += lines;
    return this.lines >= STORED_CHUNK_LINES ? this.close() : null;
  }

  /** The stored chunk of the pieces added since the last one closed, or null when there are none. */
  close(): MadeChunk | null {
    if (this.filled === 0 && this.pieces.length === 0) return null;
    const made = { gz: gzipSync(this.buffer.subarray(0, this.filled), { level: 1 }), pieces: this.pieces };
    this.filled = 0;
    this.lines = 0;
    this.pieces = [];
    return made;
  }
}
