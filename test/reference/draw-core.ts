// An implementation of the draw written from docs/ALGORITHM.md alone, for the tests to hold the
// code and the document to each other. It imports nothing of src/ (not even a type): its own
// sorting (Buffer.compare on UTF-8), its own ARC4, its own uniform integers with rejection, a naive
// matching, the replacement and substitute rules, and (replay.ts) the texts, hashes and package.

import { createHash } from 'node:crypto';

/** The inputs of section 1 (draw-core/2 when `algorithm` says so, section 16). */
export interface RefInput {
  algorithm?: string;
  seed: string;
  subjects: readonly { key: string; stratum: string; departments?: readonly string[] }[];
  strata: readonly { stratum: string; ppm: number }[];
  departments: readonly { code: string; teamSize: number; inspectors: readonly string[] }[];
  conflicts: readonly { certificate: string; key: string }[];
}

export interface RefSheetInspector { department: string; certificate: string }
export interface RefOutput {
  strata: { stratum: string; size: number; drawn: number }[];
  sheets: { number: number; key: string; stratum: string; inspectors: RefSheetInspector[] }[];
  pools: { department: string; order: string[] }[];
}

/** A replacement request as section 13 takes it. */
export interface RefRequest {
  sheet: number;
  department: string;
  certificate: string;
  conflicts: readonly { certificate: string; key: string }[];
  activeInspectors?: readonly string[];
}

/** A change of section 17: a replacement or a rejection, applied in seq order. */
export type RefChange =
  | ({ kind: 'replace'; seq: number } & RefRequest)
  | { kind: 'reject'; seq: number; sheet: number; department: string; cancels: boolean; skipped: readonly string[];
    excluded: { conflicts: readonly { certificate: string; key: string }[]; inactive: readonly string[] } };

export const TWO_32 = 2 ** 32;

/** Section 2: bytewise on UTF-8. */
export function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Section 5: seedrandom's ARC4, keyed with a text, after the 256-byte drop. */
export class RefArc4 {
  private readonly S: number[];
  private i = 0;
  private j = 0;
  constructor(keyText: string) {
    const K: number[] = [];
    let smear = 0;
    for (let j = 0; j < keyText.length; j++) {
      smear ^= (K[j % 256] ?? 0) * 19;
      K[j % 256] = (smear + keyText.charCodeAt(j)) % 256;
    }
    const S = Array.from({ length: 256 }, (_, i) => i);
    let j = 0;
    for (let i = 0; i < 256; i++) {
      j = (j + K[i % K.length]! + S[i]!) % 256;
      [S[i], S[j]] = [S[j]!, S[i]!];
    }
    this.S = S;
    for (let n = 0; n < 256; n++) this.byte();
  }
  byte(): number {
    const S = this.S;
    this.i = (this.i + 1) % 256;
    this.j = (this.j + S[this.i]!) % 256;
    [S[this.i], S[this.j]] = [S[this.j]!, S[this.i]!];
    return S[(S[this.i]! + S[this.j]!) % 256]!;
  }
  uint32(): number {
    let u = 0;
    for (let k = 0; k < 4; k++) u = u * 256 + this.byte();
    return u;
  }
}

/** Section 4. */
export function refStreamHex(seed: string, labels: string[]): string {
  const parts: Buffer[] = [Buffer.from(seed, 'utf8')];
  for (const l of labels) parts.push(Buffer.from([0x1f]), Buffer.from(l, 'utf8'));
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

export interface RefDrawRecord {
  stream: string;
  u: number;
  n: number;
  rejected: boolean;
  i: number;
  j: number;
  level: number | null;
}

export interface RefMatchStep {
  sheet: number;
  department: string;
  /** certificate → [load, rank] or 'conflict', in sorted pool order. */
  state: [string, [number, number] | 'conflict'][];
  chosen: string[];
}

export interface RefResult {
  output: RefOutput;
  streams: { path: string; hex: string }[];
  draws: RefDrawRecord[];
  sorted: { name: string; values: string[] }[];
  perms: { department: string; level: number; order: string[] }[];
  steps: RefMatchStep[];
}

export class RefStream {
  readonly rng: RefArc4;
  readonly hex: string;
  constructor(
    seed: string,
    readonly labels: string[],
    private readonly log: RefDrawRecord[],
  ) {
    this.hex = refStreamHex(seed, labels);
    this.rng = new RefArc4(this.hex);
  }
  /** Section 6, logged as one Fisher–Yates step. */
  uniform(n: number, i: number, level: number | null): number {
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const u = this.rng.uint32();
      const ok = u < limit;
      this.log.push({ stream: this.labels.join('/'), u, n, rejected: !ok, i, j: ok ? i + (u % n) : -1, level });
      if (ok) return u % n;
    }
  }
  /** Section 8: partial Fisher–Yates. */
  sample<T>(items: T[], k: number, level: number | null = null): T[] {
    const a = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.uniform(a.length - i, i, level);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  }
}

export function refDraw(input: RefInput): RefResult {
  const draws: RefDrawRecord[] = [];
  const streams: RefResult['streams'] = [];
  const open = (labels: string[]): RefStream => {
    const s = new RefStream(input.seed, labels, draws);
    streams.push({ path: labels.join('/'), hex: s.hex });
    return s;
  };
  const sorted: RefResult['sorted'] = [];
  const strata = [...input.strata].sort((a, b) => cmp(a.stratum, b.stratum));
  const sheets: RefOutput['sheets'] = [];
  const strataOut: RefOutput['strata'] = [];
  for (const { stratum, ppm } of strata) {
    const keys = input.subjects.filter((s) => s.stratum === stratum).map((s) => s.key).sort(cmp);
    sorted.push({ name: stratum, values: keys });
    const c = (BigInt(ppm) * BigInt(keys.length) + 999_999n) / 1_000_000n; // section 7
    const k = Math.min(keys.length, Number(c));
    const drawn = open(['subjects', stratum]).sample(keys, k);
    strataOut.push({ stratum, size: keys.length, drawn: k });
    for (const key of drawn) sheets.push({ number: sheets.length + 1, key, stratum, inspectors: [] });
  }
  const departments = [...input.departments].sort((a, b) => cmp(a.code, b.code));
  const pools: RefOutput['pools'] = [];
  for (const d of departments) {
    const pool = [...d.inspectors].sort(cmp);
    sorted.push({ name: d.code, values: pool });
    pools.push({ department: d.code, order: open(['inspectors', d.code]).sample(pool, pool.length) });
  }
  const perms: RefResult['perms'] = [];
  const steps: RefMatchStep[] = [];
  for (const d of departments) {
    const pool = [...d.inspectors].sort(cmp);
    const m = pool.length;
    const stream = open(['match', d.code]);
    const levels: number[][] = [];
    const rank = (level: number, i: number): number => {
      while (levels.length <= level) {
        const perm = stream.sample([...Array(m).keys()], m, levels.length);
        perms.push({ department: d.code, level: levels.length, order: perm.map((x) => pool[x]!) });
        levels.push(perm);
      }
      return levels[level]!.indexOf(i);
    };
    const load = new Array<number>(m).fill(0);
    // Section 16: under draw-core/2 a department is matched over the sheets whose subject has it.
    const departmentsOf = new Map(input.subjects.map((s) => [s.key, s.departments]));
    const on = input.algorithm === 'draw-core/2' ? sheets.filter((sh) => departmentsOf.get(sh.key)!.includes(d.code)) : sheets;
    for (const sheet of on) {
      const conflicted = new Set(input.conflicts.filter((c) => c.key === sheet.key).map((c) => c.certificate));
      const keyOf = pool.map((_, i) => [load[i]!, rank(load[i]!, i)] as [number, number]);
      const eligible = [...Array(m).keys()].filter((i) => !conflicted.has(pool[i]!));
      eligible.sort((a, b) => keyOf[a]![0] - keyOf[b]![0] || keyOf[a]![1] - keyOf[b]![1]);
      const chosen = eligible.slice(0, d.teamSize);
      steps.push({
        sheet: sheet.number,
        department: d.code,
        state: pool.map((c, i) => [c, conflicted.has(c) ? 'conflict' : keyOf[i]!]),
        chosen: chosen.map((i) => pool[i]!),
      });
      for (const i of chosen) {
        sheet.inspectors.push({ department: d.code, certificate: pool[i]! });
        load[i]!++;
      }
    }
  }
  return { output: { strata: strataOut, sheets, pools }, streams, draws, sorted, perms, steps };
}

export interface RefReplacement {
  substitute: string | null;
  position: number | null;
  cursor: number;
}

/** Section 13. */
export function refReplace(output: RefOutput, requests: RefRequest[]): { results: RefReplacement[]; sheets: RefOutput['sheets'] } {
  const sheets = output.sheets.map((s) => ({ ...s, inspectors: s.inspectors.map((i) => ({ ...i })) }));
  const cursor = new Map<string, number>();
  const results: RefReplacement[] = [];
  for (const r of requests) {
    const sheet = sheets.find((s) => s.number === r.sheet)!;
    const order = output.pools.find((p) => p.department === r.department)!.order;
    const m = order.length;
    const start = cursor.get(r.department) ?? 0;
    let found: number | null = null;
    for (let k = 0; k < m && found === null; k++) {
      const p = (start + k) % m;
      const c = order[p]!;
      if (sheet.inspectors.some((i) => i.certificate === c)) continue;
      if (r.conflicts.some((x) => x.certificate === c && x.key === sheet.key)) continue;
      if (r.activeInspectors && !r.activeInspectors.includes(c)) continue;
      found = p;
    }
    if (found !== null) {
      const slot = sheet.inspectors.find((i) => i.department === r.department && i.certificate === r.certificate)!;
      slot.certificate = order[found]!;
      cursor.set(r.department, (found + 1) % m);
    }
    results.push({ substitute: found === null ? null : order[found]!, position: found, cursor: cursor.get(r.department) ?? 0 });
  }
  return { results, sheets };
}


/** Section 17: the changes applied in seq order to the sheets as drawn (with the lines of example-change-outcomes). */
export interface RefSheet { number: number; key: string; stratum: string; inspectors: { department: string; certificate: string }[]; cancelledBy?: number; substituteFor?: number }

export function refChanges(input: RefInput, output: RefOutput, changes: RefChange[]) {
  const sheets: RefSheet[] = output.sheets.map((s) => ({ ...s, inspectors: s.inspectors.map((i) => ({ ...i })) }));
  const cursor = new Map<string, number>(output.pools.map((p) => [p.department, 0]));
  const teamSize = new Map(input.departments.map((d) => [d.code, d.teamSize]));
  const codes = [...input.departments.map((d) => d.code)].sort(cmp);
  const orderOf = new Map(output.pools.map((p) => [p.department, p.order]));
  // per stratum: its sorted keys, the Fisher–Yates array as far as drawn, the stream, the stratum cursor
  const strata = new Map<string, { a: string[]; done: number; stream: RefStream; cursor: number }>();
  for (const st of output.strata) {
    const a = input.subjects.filter((x) => x.stratum === st.stratum).map((x) => x.key).sort(cmp);
    const stream = new RefStream(input.seed, ['subjects', st.stratum], []);
    for (let i = 0; i < st.drawn; i++) { const j = i + stream.uniform(a.length - i, i, null); [a[i], a[j]] = [a[j]!, a[i]!]; }
    strata.set(st.stratum, { a, done: st.drawn, stream, cursor: st.drawn });
  }
  const lines: string[] = [];
  for (const c of [...changes].sort((x, y) => x.seq - y.seq)) {
    const sheet = sheets.find((x) => x.number === c.sheet)!;
    if (c.kind === 'replace') {
      const order = orderOf.get(c.department)!;
      const m = order.length;
      const start = cursor.get(c.department)!;
      for (let k = 0; k < m; k++) {
        const p = (start + k) % m;
        const x = order[p]!;
        if (sheet.inspectors.some((i) => i.certificate === x) || c.conflicts.some((y) => y.certificate === x && y.key === sheet.key)) continue;
        if (c.activeInspectors && !c.activeInspectors.includes(x)) continue;
        sheet.inspectors.find((i) => i.department === c.department && i.certificate === c.certificate)!.certificate = x;
        cursor.set(c.department, (p + 1) % m);
        lines.push(`${c.seq} replaced sheet=${c.sheet} ${c.department} -> ${x} position=${p}`);
        break;
      }
      continue;
    }
    const rest = sheet.inspectors.filter((i) => i.department !== c.department);
    if (!c.cancels && rest.length > 0) { sheet.inspectors = rest; lines.push(`${c.seq} removed sheet=${c.sheet} ${c.department}`); continue; }
    sheet.cancelledBy = c.seq;
    const st = strata.get(sheet.stratum)!;
    const passed: string[] = [];
    let found = '-';
    for (let i = st.cursor; i < st.a.length; i++) {
      while (st.done <= i) { const q = st.done++; const j = q + st.stream.uniform(st.a.length - q, q, null); [st.a[q], st.a[j]] = [st.a[j]!, st.a[q]!]; }
      const key = st.a[i]!;
      st.cursor = i + 1;
      if (c.skipped.includes(key)) { passed.push(`${sheet.stratum}:${i}:${key}:skipped`); continue; }
      const own = input.algorithm === 'draw-core/2' ? codes.filter((d) => input.subjects.find((x) => x.key === key)!.departments!.includes(d)) : codes;
      const conflicted = (x: string) => [...input.conflicts, ...c.excluded.conflicts].some((y) => y.certificate === x && y.key === key) || c.excluded.inactive.includes(x);
      const team: { department: string; certificate: string }[] = [];
      const moved = new Map<string, number>();
      let failed: string | null = null;
      for (const d of own) {
        const order = orderOf.get(d)!;
        const taken: number[] = [];
        for (let k = 0; k < order.length && taken.length < teamSize.get(d)!; k++) {
          const p = (cursor.get(d)! + k) % order.length;
          if (!conflicted(order[p]!)) taken.push(p);
        }
        if (taken.length < teamSize.get(d)!) { failed = d; break; }
        for (const p of taken) team.push({ department: d, certificate: order[p]! });
        moved.set(d, (taken.at(-1)! + 1) % order.length);
      }
      if (failed) { passed.push(`${sheet.stratum}:${i}:${key}:no-team(${failed})`); continue; }
      for (const [d, p] of moved) cursor.set(d, p);
      const number = Math.max(...sheets.map((x) => x.number)) + 1;
      sheets.push({ number, key, stratum: sheet.stratum, inspectors: team, substituteFor: sheet.number });
      found = `${number} ${sheet.stratum}:${i}:${key} ${team.map((t) => `${t.department}:${t.certificate}`).join(' ')}`;
      break;
    }
    if (found === '-') st.cursor = st.a.length;
    lines.push(`${c.seq} cancelled sheet=${c.sheet} passed=${passed.join(',') || '-'} substitute=${found}`);
  }
  lines.push(`cursors ${[...cursor].sort((x, y) => cmp(x[0], y[0])).map(([d, p]) => `${d}=${p}`).join(' ')}`);
  lines.push(`strata ${[...strata].sort((x, y) => cmp(x[0], y[0])).map(([n, v]) => `${n}=${v.cursor}`).join(' ')}`);
  return { lines, sheets };
}

