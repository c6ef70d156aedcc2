/**
 * A replay package's layout, found in one pass over its bytes, a piece at a time, without building
 * its values (io/package-reader.ts reads them afterwards, each from where it lies): the whole text
 * checked against JSON's grammar as JSON.parse checks it; the byte range of every top-level member
 * and of the members of `snapshots` and `expected`; where each of the expected sheets starts and
 * ends; and, in the subjects snapshot (one JSON string of 38 MB at a million subjects), places to
 * cut it where no escape or UTF-8 sequence is split, after an escaped LF when there is one. Only
 * what the package needs is recorded: anything else is checked and passed over.
 */

/** Text that is not JSON: what is wrong, and the byte where JSON.parse would have stopped. */
export class JsonSyntaxError extends Error {
  constructor(readonly problem: string, readonly at: number) {
    super(problem);
  }
}

/** One member of an object: its key (decoded) and the bytes of its value, [start, end). */
export interface MemberRange {
  key: string;
  start: number;
  end: number;
  /** the deepest nesting of containers inside the value (1: the value is a container holding none) */
  depth: number;
  /** a container's members, when asked for (`snapshots`, `expected`) */
  members?: MemberRange[];
  /** the expected sheets: each sheet's [start, end), flat */
  elements?: Offsets;
  /** the subjects snapshot: the offsets of its cuts, from just after its opening quote to its closing quote */
  cuts?: Offsets;
  /** the subjects snapshot: its bytes are its canonical JSON (ASCII, escaped only as JSON.stringify escapes) */
  canonical?: boolean;
}

/** A growing list of byte offsets (a province's 208,791 sheets are 418k numbers: no array of objects). */
export class Offsets {
  private data = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i]!;
  }
}

export interface PackageLayout {
  /** `{` for an object; the first byte of anything else (the package must be an object) */
  root: string;
  /** the top-level members, in the order they stand (a key met twice: both, the last is JSON.parse's) */
  members: MemberRange[];
  /** the file's length in bytes */
  size: number;
}

// states
const VALUE = 0, ARRAY_FIRST = 1, OBJECT_FIRST = 2, KEY = 3, COLON = 4, AFTER = 5, STRING = 6, ESCAPE = 7, HEX = 8, NUMBER = 9, LITERAL = 10;
// number states: what was read last
const N_MINUS = 0, N_ZERO = 1, N_INT = 2, N_DOT = 3, N_FRAC = 4, N_E = 5, N_ESIGN = 6, N_EXP = 7;
const OBJ = 1, ARR = 2;
const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

/** The bytes that end a run of a string's plain bytes: a quote, a backslash, a control character; in the subjects snapshot any non-ASCII byte too (its text is then not its canonical JSON as it stands). */
const STOP = new Uint8Array(256).map((_, b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 1 : 0));
const STOP_WATCHED = STOP.map((v, b) => (b >= 0x80 ? 1 : v));
const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const shown = (c: number) => (c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`);

/**
 * The scanner: feed it the file's pieces in order, then call end(). `cutEvery`: how many bytes of
 * the subjects snapshot at least between two cuts (at the next escaped LF; at four times that, at
 * the next place that splits no escape or UTF-8 sequence, for a snapshot without line ends).
 */
export class LayoutScanner {
  private state = VALUE;
  private numState = 0;
  private literal = '';
  private literalAt = 0;
  private hexLeft = 0;
  private stack = new Uint8Array(64);
  private depth = 0;
  private isKey = false;
  private pos = 0; // bytes fed before the current piece
  private rootByte = '';
  readonly members: MemberRange[] = [];
  // the top-level member being read (depth 1), a member of `snapshots` or `expected` (depth 2)
  private top: MemberRange | null = null;
  private child: MemberRange | null = null;
  private topKey = '';
  private childKey = '';
  private track = false; // record the top member's members
  private sheets: Offsets | null = null; // recording the sheets' ranges (inside expected.sheets)
  private cuts: Offsets | null = null; // cutting the subjects snapshot (inside it)
  private lastCut = 0;
  private key: Buffer[] = []; // the bytes of a key being read at depth 1 or 2 (only those are decoded)
  private keyFrom = -1; // where in the current piece the key's bytes start; -1: not collecting
  private maxDepth = 0;

  /** `start`: the offset of the first byte fed (3 after a BOM, which the reader passes over) */
  constructor(private readonly cutEvery: number, start = 0) {
    this.pos = start;
  }

  feed(buf: Uint8Array, n: number): void {
    let i = 0;
    let state = this.state;
    while (i < n) {
      const c = buf[i]!;
      switch (state) {
        case STRING: {
          // the bytes of a string up to its end, its simple escapes (\t, \n, …) read here too: a snapshot has three a line
          const watch = this.cuts !== null;
          const stop = watch ? STOP_WATCHED : STOP;
          let j = i;
          for (;;) {
            let d = 0;
            const run = j;
            while (j < n && stop[(d = buf[j]!)] === 0) j++;
            if (watch) this.farCut(buf, run, j, n);
            if (j === n) break;
            if (d >= 0x80) { this.child!.canonical = false; j++; continue; }
            if (d !== 0x5c || j + 1 >= n) break;
            const e = buf[j + 1]!;
            if (e !== 0x6e && e !== 0x74 && e !== 0x22 && e !== 0x5c && e !== 0x72 && e !== 0x62 && e !== 0x66) break;
            j += 2;
            // after an escaped LF: a place to cut the subjects snapshot, each piece then ending with its line
            if (watch && e === 0x6e && this.pos + j - this.lastCut >= this.cutEvery) this.cut(this.pos + j);
          }
          i = j;
          if (j === n) continue;
          const d = buf[j]!;
          if (d === 0x22) {
            i++;
            state = this.stringEnded(buf, i);
            continue;
          }
          if (d === 0x5c) { state = ESCAPE; i++; continue; }
          throw new JsonSyntaxError('Bad control character in string literal', this.pos + j);
        }
        case ESCAPE:
          // the snapshot's canonical JSON (core/canonical.ts) escapes only as JSON.stringify does: none of \u and \/
          if ((c === 0x75 || c === 0x2f) && this.cuts) this.child!.canonical = false;
          if (c === 0x75) { state = HEX; this.hexLeft = 4; i++; continue; }
          if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
            state = STRING;
            i++;
            // after an escaped LF: a place to cut the subjects snapshot, each piece then ending with its line
            if (c === 0x6e && this.cuts && this.pos + i - this.lastCut >= this.cutEvery) this.cut(this.pos + i);
            continue;
          }
          throw new JsonSyntaxError('Bad escaped character', this.pos + i);
        case HEX:
          if (!isHex(c)) throw new JsonSyntaxError('Bad Unicode escape', this.pos + i);
          if (--this.hexLeft === 0) state = STRING;
          i++;
          continue;
        case NUMBER: {
          const ns = this.numState;
          const digit = c >= 0x30 && c <= 0x39;
          if (digit) {
            if (ns === N_ZERO) throw new JsonSyntaxError('Unexpected number', this.pos + i);
            this.numState = ns === N_MINUS ? (c === 0x30 ? N_ZERO : N_INT) : ns === N_DOT ? N_FRAC : ns === N_E || ns === N_ESIGN ? N_EXP : ns;
            i++;
            continue;
          }
          if (c === 0x2e && (ns === N_ZERO || ns === N_INT)) { this.numState = N_DOT; i++; continue; }
          if ((c | 0x20) === 0x65 && (ns === N_ZERO || ns === N_INT || ns === N_FRAC)) { this.numState = N_E; i++; continue; }
          if ((c === 0x2b || c === 0x2d) && ns === N_E) { this.numState = N_ESIGN; i++; continue; }
          if (ns === N_MINUS || ns === N_DOT || ns === N_E || ns === N_ESIGN) throw new JsonSyntaxError('No number after minus sign, decimal point or exponent', this.pos + i);
          // the number ended before this byte: read it again after the value
          state = this.valueEnded(this.pos + i);
          continue;
        }
        case LITERAL:
          if (c !== this.literal.charCodeAt(this.literalAt)) throw new JsonSyntaxError(`Unexpected token ${shown(c)}`, this.pos + i);
          i++;
          if (++this.literalAt === this.literal.length) state = this.valueEnded(this.pos + i);
          continue;
        default:
          break;
      }
      if (isWs(c)) {
        i++;
        while (i < n && isWs(buf[i]!)) i++;
        continue;
      }
      switch (state) {
        case VALUE:
        case ARRAY_FIRST:
          if (state === ARRAY_FIRST && c === 0x5d) { state = this.close(this.pos + i); i++; continue; }
          state = this.valueStarts(c, this.pos + i);
          i++;
          // a number's or literal's first byte is its first: go on with the next
          continue;
        case OBJECT_FIRST:
        case KEY:
          if (state === OBJECT_FIRST && c === 0x7d) { state = this.close(this.pos + i); i++; continue; }
          if (c !== 0x22) throw new JsonSyntaxError(state === KEY ? `Expected double-quoted property name, found ${shown(c)}` : `Unexpected token ${shown(c)}`, this.pos + i);
          this.isKey = true;
          if (this.depth === 1 || (this.depth === 2 && this.track)) { this.key = []; this.keyFrom = i; }
          state = STRING;
          i++;
          continue;
        case COLON:
          if (c !== 0x3a) throw new JsonSyntaxError(`Expected ':' after property name, found ${shown(c)}`, this.pos + i);
          state = VALUE;
          i++;
          continue;
        case AFTER: {
          if (this.depth === 0) throw new JsonSyntaxError(`Unexpected non-whitespace character after JSON (${shown(c)})`, this.pos + i);
          const kind = this.stack[this.depth - 1];
          if (c === 0x2c) { state = kind === OBJ ? KEY : VALUE; i++; continue; }
          if ((kind === OBJ && c === 0x7d) || (kind === ARR && c === 0x5d)) { state = this.close(this.pos + i); i++; continue; }
          throw new JsonSyntaxError(kind === OBJ ? `Expected ',' or '}' after property value, found ${shown(c)}` : `Expected ',' or ']' after array element, found ${shown(c)}`, this.pos + i);
        }
        default:
          throw new JsonSyntaxError(`Unexpected token ${shown(c)}`, this.pos + i);
      }
    }
    // a key read at depth 1 or 2 going on into the next piece: its bytes so far kept
    if (this.keyFrom >= 0) { this.key.push(Buffer.from(buf.subarray(this.keyFrom, n))); this.keyFrom = 0; }
    this.state = state;
    this.pos += n;
  }

  /** The layout, once every byte was fed; throws when the text ended before its value did. */
  end(): PackageLayout {
    if (this.state === NUMBER && this.depth === 0) {
      if (this.numState === N_MINUS || this.numState === N_DOT || this.numState === N_E || this.numState === N_ESIGN) throw new JsonSyntaxError('Unexpected end of JSON input', this.pos);
      this.state = AFTER;
    }
    if (this.state === STRING || this.state === ESCAPE || this.state === HEX) throw new JsonSyntaxError('Unterminated string', this.pos);
    if (this.state !== AFTER || this.depth !== 0) throw new JsonSyntaxError('Unexpected end of JSON input', this.pos);
    return { root: this.rootByte, members: this.members, size: this.pos };
  }

  private valueStarts(c: number, at: number): number {
    if (this.depth === 0 && !this.rootByte) this.rootByte = String.fromCharCode(c);
    // where the value starts, at the depths the package's layout is recorded
    if (this.depth === 1 && this.stack[0] === OBJ) {
      this.top = { key: this.topKey, start: at, end: at, depth: 0 };
      this.maxDepth = 1;
      this.track = c === 0x7b && (this.topKey === 'snapshots' || this.topKey === 'expected');
      if (this.track) this.top.members = [];
    } else if (this.depth === 2 && this.track) {
      this.child = { key: this.childKey, start: at, end: at, depth: 0 };
      if (c === 0x5b && this.topKey === 'expected' && this.childKey === 'sheets') this.sheets = this.child.elements = new Offsets();
      if (c === 0x22 && this.topKey === 'snapshots' && this.childKey === 'subjects') {
        this.cuts = this.child.cuts = new Offsets();
        this.child.canonical = true;
        this.cut(at + 1);
      }
    } else if (this.depth === 3 && this.sheets && this.child?.elements === this.sheets) {
      this.sheets.push(at);
    }
    if (c === 0x7b || c === 0x5b) {
      if (this.depth === this.stack.length) {
        const next = new Uint8Array(this.stack.length * 2);
        next.set(this.stack);
        this.stack = next;
      }
      this.stack[this.depth++] = c === 0x7b ? OBJ : ARR;
      if (this.depth > this.maxDepth) this.maxDepth = this.depth;
      return c === 0x7b ? OBJECT_FIRST : ARRAY_FIRST;
    }
    if (c === 0x22) { this.isKey = false; return STRING; }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) { this.numState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT; return NUMBER; }
    const word = LITERALS[c];
    if (word) { this.literal = word; this.literalAt = 1; return LITERAL; }
    throw new JsonSyntaxError(`Unexpected token ${shown(c)}`, at);
  }

  /** A string ended just before byte i of this piece: a key goes on to its colon, a value ends. */
  private stringEnded(buf: Uint8Array, i: number): number {
    if (this.isKey) {
      this.isKey = false;
      if (this.keyFrom >= 0) {
        this.key.push(Buffer.from(buf.subarray(this.keyFrom, i)));
        this.keyFrom = -1;
        const key = JSON.parse(Buffer.concat(this.key).toString('utf8')) as string;
        this.key = [];
        if (this.depth === 1) this.topKey = key;
        else this.childKey = key;
      }
      return COLON;
    }
    if (this.cuts && this.depth === 2) {
      // the snapshot's last piece ends at its closing quote
      this.cut(this.pos + i - 1);
      this.cuts = null;
    }
    return this.valueEnded(this.pos + i);
  }

  private close(at: number): number {
    this.depth--;
    return this.valueEnded(at + 1);
  }

  /** A value ended just before byte `at`: the ranges of the depths recorded are closed. */
  private valueEnded(at: number): number {
    if (this.depth === 1 && this.top) {
      this.top.end = at;
      this.top.depth = this.maxDepth - 1;
      this.members.push(this.top);
      this.top = null;
      this.track = false;
    } else if (this.depth === 2 && this.child && this.top?.members) {
      this.child.end = at;
      if (this.child.elements === this.sheets) this.sheets = null;
      this.top.members.push(this.child);
      this.child = null;
    } else if (this.depth === 3 && this.sheets && this.child?.elements === this.sheets) {
      this.sheets.push(at);
    }
    return AFTER;
  }

  private cut(at: number): void {
    if (at === this.lastCut && this.cuts!.length > 1) return;
    this.cuts!.push(at);
    this.lastCut = at;
  }

  /**
   * In a snapshot without escaped LFs (one long line, or written with \u000a): a cut at four times
   * the distance, before a byte that starts a character (bytes i..j of this piece hold no escape).
   */
  private farCut(buf: Uint8Array, i: number, j: number, n: number): void {
    const far = this.lastCut + 4 * this.cutEvery - this.pos;
    if (j + (j < n ? 1 : 0) <= far) return;
    let k = Math.max(i, far);
    while (k < j && (buf[k]! & 0xc0) === 0x80) k++;
    if (k < j || (k === j && j < n && buf[j] !== 0x22 && (buf[j]! & 0xc0) !== 0x80)) this.cut(this.pos + k);
  }
}
