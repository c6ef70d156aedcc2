import { closeSync, fstatSync, openSync, readSync, statSync as statOf, type Stats } from 'node:fs';
import { DrawError, EXIT } from '../errors.js';
import { JsonSyntaxError, LayoutScanner, type MemberRange, type Offsets, type PackageLayout } from './json-layout.js';
import type { PackageParts } from '../core/package-parts.js';

/**
 * A replay package read from its file in bounded memory (issue 14): at a million subjects the file
 * is 54 MB, and parsed whole it took 370 MB. One pass finds its layout (io/json-layout.ts, which
 * also checks it is JSON); then the small members are read whole, each from its bytes, the subjects
 * snapshot as decoded pieces ending after a LF (what core/snapshot.ts replayChunks reads), and the
 * expected sheets a page at a time, each time they are asked for. Whatever order the members stand
 * in and however the file is indented: only JSON.parse's reading of each value counts.
 */
export interface PackageReadOptions {
  /** bytes read at a time (the layout pass and the subjects snapshot) */
  piece?: number;
  /** bytes of the subjects snapshot at least in a piece */
  cutEvery?: number;
  /** sheets in a page */
  pageSheets?: number;
}

/** Where the text stops being JSON: JSON.parse's words for what is wrong, the byte, its line and column (in characters). */
export interface JsonProblem { problem: string; byte: number; line: number; column: number }

export type PackageFile =
  | { problem: 'noFile' }
  | { problem: 'json'; detail: JsonProblem }
  | { problem: null; parts: PackageParts };

const DEFAULTS = { piece: 1 << 20, cutEvery: 1 << 16, pageSheets: 512 };

export function readPackageFile(file: string, options: PackageReadOptions = {}): PackageFile {
  const o = { ...DEFAULTS, ...options };
  let fd: number;
  try { fd = openSync(file, 'r'); } catch { return { problem: 'noFile' }; }
  let layout: PackageLayout;
  let seen: Stats;
  try {
    seen = fstatSync(fd);
    layout = scan(fd, o.piece, o.cutEvery);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { problem: 'json', detail: whereIn(fd, error) };
    // a folder, or a file that cannot be read: as readFileSync's failure was
    if ((error as NodeJS.ErrnoException).code) return { problem: 'noFile' };
    throw error;
  } finally {
    closeSync(fd);
  }
  return { problem: null, parts: partsOf({ file, seen }, layout, o) };
}

/**
 * The file as the layout pass read it. The package is read again by offsets (its members, the
 * snapshot's pieces, the sheets' pages), so every later open must find the same file, unchanged
 * since (same inode, size and modification time), and every read its bytes in full: a package
 * written to, or replaced, during a replay is refused (exit 2) rather than read half old, half new.
 */
interface SameFile { file: string; seen: Stats }

const changed = (f: SameFile) => new DrawError(EXIT.usage, 'replay.packageChanged', { file: f.file });

function isSame(f: SameFile, now: Stats): boolean {
  return now.ino === f.seen.ino && now.dev === f.seen.dev && now.size === f.seen.size && now.mtimeMs === f.seen.mtimeMs;
}

function openSame(f: SameFile): number {
  let fd: number;
  try { fd = openSync(f.file, 'r'); } catch { throw changed(f); }
  if (!isSame(f, fstatSync(fd))) { closeSync(fd); throw changed(f); }
  return fd;
}

/** `length` bytes at `position`, all of them, or the package changed. */
function readFully(f: SameFile, fd: number, buf: Buffer, length: number, position: number): void {
  if (readAt(fd, buf, 0, length, position) !== length) throw changed(f);
}

/** The first bytes of a file saved with a byte-order mark, which JSON.parse of the text never saw. */
const BOM = [0xef, 0xbb, 0xbf];

function scan(fd: number, piece: number, cutEvery: number): PackageLayout {
  const head = Buffer.alloc(3);
  const got = readAt(fd, head, 0, 3, 0);
  const start = got === 3 && BOM.every((b, i) => head[i] === b) ? 3 : 0;
  const scanner = new LayoutScanner(cutEvery, start);
  const buf = Buffer.allocUnsafe(piece);
  for (let at = start; ;) {
    const n = readAt(fd, buf, 0, piece, at);
    if (n === 0) break;
    scanner.feed(buf, n);
    at += n;
  }
  return scanner.end();
}

/** readSync until `length` bytes or the end: a short read is not the end. */
function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, offset + got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** The error with the line and column of its byte. */
function whereIn(fd: number, e: JsonSyntaxError): JsonProblem {
  let line = 1;
  let lineStart = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let at = 0; at < e.at;) {
    const n = readAt(fd, buf, 0, Math.min(buf.length, e.at - at), at);
    if (n === 0) break;
    for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) { line++; lineStart = at + i + 1; }
    at += n;
  }
  const col = Buffer.allocUnsafe(Math.min(e.at - lineStart, 1 << 16));
  const n = readAt(fd, col, 0, col.length, e.at - col.length);
  const column = col.subarray(0, n).toString('utf8').length + 1;
  return { problem: e.problem, byte: e.at, line, column };
}

/** The bytes [start, end) of the file, as text. */
function textAt(f: SameFile, start: number, end: number): string {
  const fd = openSame(f);
  try {
    const buf = Buffer.allocUnsafe(end - start);
    readFully(f, fd, buf, end - start, start);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A property as JSON.parse makes it: own and enumerable (a key `__proto__` too), the last of a key met twice in the place of the first. */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

const last = (members: readonly MemberRange[], key: string) => {
  for (let i = members.length - 1; i >= 0; i--) if (members[i]!.key === key) return members[i]!;
  return undefined;
};

function partsOf(file: SameFile, layout: PackageLayout, o: typeof DEFAULTS): PackageParts {
  const snapshots = last(layout.members, 'snapshots');
  const expected = last(layout.members, 'expected');
  const subjects = snapshots?.members && last(snapshots.members, 'subjects');
  const sheets = expected?.members && last(expected.members, 'sheets');
  // the two large members, read in pieces when they are what the package says (a string, an array)
  const cuts = subjects?.cuts;
  const elements = sheets?.elements;
  const valueOf = (m: MemberRange) => (m === subjects && cuts ? '' : m === sheets && elements ? [] : JSON.parse(textAt(file, m.start, m.end)));
  return {
    isObject: layout.root === '{',
    depths() {
      const d: Record<string, number> = {};
      for (const m of layout.members) put(d, m.key, m.depth);
      return d;
    },
    skeleton() {
      const root: Record<string, unknown> = {};
      for (const m of layout.members) {
        if (!m.members) { put(root, m.key, valueOf(m)); continue; }
        const inner: Record<string, unknown> = {};
        for (const c of m.members) put(inner, c.key, valueOf(c));
        put(root, m.key, inner);
      }
      return root;
    },
    subjects: cuts ? { chunks: () => subjectPieces(file, cuts, o.piece) } : null,
    subjectsJson: cuts && subjects.canonical ? () => bytesOf(file, subjects.start, subjects.end, o.piece) : null,
    sheets: elements ? { count: elements.length / 2, pages: () => sheetPages(file, elements, o.pageSheets) } : null,
    stillSame() {
      let now: Stats;
      try { now = statOf(file.file); } catch { throw changed(file); }
      if (!isSame(file, now)) throw changed(file);
    },
  };
}

/**
 * The subjects snapshot decoded a piece at a time, each ending after a LF (the last where the
 * text ends): the bytes between two cuts split no escape and no UTF-8 sequence, so each decodes
 * alone as it does in the whole; a piece cut elsewhere than after a LF (a text without escaped
 * LFs) waits for the rest of its line.
 */
function* subjectPieces(file: SameFile, cuts: Offsets, piece: number): Generator<string> {
  const fd = openSame(file);
  try {
    let buf = Buffer.allocUnsafe(piece);
    let held = '';
    for (let c = 0; c + 1 < cuts.length;) {
      // as many whole pieces as fit in one read (at least one)
      const from = cuts.at(c);
      let to = c + 1;
      while (to + 1 < cuts.length && cuts.at(to + 1) - from <= buf.length) to++;
      const size = cuts.at(to) - from;
      if (size > buf.length) buf = Buffer.allocUnsafe(size);
      readFully(file, fd, buf, size, from);
      for (; c < to; c++) {
        const text = JSON.parse(`"${buf.toString('utf8', cuts.at(c) - from, cuts.at(c + 1) - from)}"`) as string;
        if (text === '') continue;
        if (text.charCodeAt(text.length - 1) === 10 && held === '') { yield text; continue; }
        const nl = text.lastIndexOf('\n');
        if (nl < 0) { held += text; continue; }
        yield held + text.slice(0, nl + 1);
        held = text.slice(nl + 1);
      }
    }
    if (held !== '') yield held;
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes [start, end) of the file, `piece` at a time, in one buffer read again and again (each
 * piece is used before the next is read): a fresh buffer a piece lies outside the heap until the
 * collector runs, 60 MB and more of them at eight million subjects.
 */
function* bytesOf(file: SameFile, start: number, end: number, piece: number): Generator<Uint8Array> {
  const fd = openSame(file);
  try {
    const buf = Buffer.allocUnsafe(Math.min(piece, end - start));
    for (let at = start; at < end;) {
      const n = Math.min(buf.length, end - at);
      readFully(file, fd, buf, n, at);
      yield buf.subarray(0, n);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The expected sheets, `size` at a time, each page parsed from its bytes alone (the sheets and the commas between them). */
function* sheetPages(file: SameFile, elements: Offsets, size: number): Generator<unknown[]> {
  const count = elements.length / 2;
  const fd = openSame(file);
  try {
    let buf = Buffer.allocUnsafe(0);
    for (let k = 0; k < count; k += size) {
      const end = Math.min(k + size, count);
      const from = elements.at(2 * k);
      const length = elements.at(2 * end - 1) - from;
      // one buffer for every page (grown when a page is larger), as bytesOf
      if (length > buf.length) buf = Buffer.allocUnsafe(Math.max(length, 2 * buf.length));
      readFully(file, fd, buf, length, from);
      yield JSON.parse(`[${buf.toString('utf8', 0, length)}]`) as unknown[];
    }
  } finally {
    closeSync(fd);
  }
}
