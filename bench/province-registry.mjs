/**
 * The province bench's registry generator: the fixture county's subjects (scripts/county.mjs: the
 * same kinds, townships, names, types, statuses, grades, dates in their seven spellings, valid USCC
 * and registration-number check characters), written fast enough for 8,000,000 rows.
 *
 * Why not scripts/county.mjs subjects(): it draws every subject from one seedrandom stream (so it
 * cannot be split), keeps a Set of every organisation code it has made (8M strings: most of a
 * gigabyte, and a retry per collision that grows with the registry) and writes line by line.
 * Here a registry is cut into chunks of CHUNK rows, each from its own small PRNG seeded by the
 * size and the chunk's number, made by worker threads (one per core) and written in chunk order,
 * so the file is the same for a size whatever the number of cores. Organisation codes are unique
 * by construction: the i-th subject's is the (i·A + B) mod 31⁵-th code of the MA0xxxxx series
 * (A prime to 31, so no two subjects below 31⁵ ≈ 28.6M share one), registration numbers carry i.
 *
 * Measured on the 2-core bench machine: about 1 s per 1,000,000 rows of CPU per core against 9.4 s
 * for county.mjs (which also grows faster than the registry), so 8M in well under a minute.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  SURNAMES, GIVEN, TRADE, WORDS, ENTERPRISE_TYPES, STATUSES, ORG_CHARS, orgCheck, regno, townships, dateText, CHINESE_SUBJECT_HEADER, csvLine,
} from '../scripts/county.mjs';
import { completeUscc } from '../dist/core/uscc.js';

const CHUNK = 50_000;
const SPACE = 31 ** 5; // the MA0 series: five free characters of the 31
const A = 7_368_787; // prime, not a multiple of 31: i → i·A mod 31⁵ is a permutation
const B = 1_234_567;

/** mulberry32: a small, fast, seeded PRNG (the bench needs determinism and speed, not quality). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of the label: the chunk's seed. */
function seedOf(label) {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const STYLES = ['iso', 'iso', 'iso', 'slash', 'cn', 'compact', 'serial'];

/**
 * Rows [from, to) of the registry of `rows` subjects as UTF-8 CSV (no field needs quoting: none
 * holds a comma, quote or line break), each line encoded into one buffer as it is made: an array
 * of the chunk's lines joined at the end spent 60% of the time collecting garbage.
 */
export function chunkBytes(rows, from, to, towns = provinceTowns()) {
  let buf = Buffer.allocUnsafe((to - from) * 400);
  let at = 0;
  const r = prng(seedOf(`province-${rows}-${from}`));
  const int = (n) => Math.floor(r() * n);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;
  for (let i = from; i < to; i++) {
    const kind = chance(0.55) ? 'individual' : chance(0.06) ? 'cooperative' : 'enterprise';
    const [word, industry, scope] = pick(WORDS);
    const town = pick(towns);
    const townText = town.former && chance(0.08) ? town.former : town.name;
    const person = pick(SURNAMES) + pick(GIVEN) + (chance(0.6) ? pick(GIVEN) : '');
    let credit = ''; let reg = '';
    if (kind === 'individual' && chance(0.04)) {
      reg = regno(null, i); // an old individual business with only its registration number
    } else {
      let j = (i * A + B) % SPACE;
      let body = '';
      for (let k = 0; k < 5; k++) { body = ORG_CHARS[j % 31] + body; j = Math.floor(j / 31); }
      body = `MA0${body}`;
      credit = completeUscc(`${kind === 'individual' ? '92' : kind === 'cooperative' ? '93' : '91'}130634${body}${orgCheck(body)}`);
      if (chance(0.1)) reg = regno(null, i);
    }
    const trade = pick(TRADE) + pick(TRADE);
    const name = kind === 'individual' ? `曲阳县${townText}${person}${word}${pick(['店', '部', '厂', '坊'])}`
      : kind === 'cooperative' ? `曲阳县${trade}${word}专业合作社` : `曲阳县${trade}${word}有限公司`;
    const type = kind === 'individual' ? '个体工商户' : kind === 'cooperative' ? '农民专业合作社' : pick(ENTERPRISE_TYPES);
    let roll = int(1000) / 1000; let status = '存续';
    for (const [s, p] of STATUSES) { if (roll < p) { status = s; break; } roll -= p; }
    const founded = dateText([1995 + int(28), 1 + int(12), 1 + int(28)], STYLES[i % STYLES.length]);
    const gradeRoll = int(100);
    const grade = kind === 'individual' && chance(0.3) ? '' : gradeRoll < 30 ? 'A' : gradeRoll < 75 ? 'B' : gradeRoll < 93 ? 'C' : 'D';
    const authority = chance(0.9) ? '曲阳县市场监督管理局' : '保定市市场监督管理局';
    const address = `河北省保定市曲阳县${townText}${pick(['东', '西', '南', '北'])}${pick(TRADE)}村${1 + int(300)}号`;
    const abnormal = chance(0.03) ? '是' : '否';
    const serious = chance(0.005) ? '是' : '否';
    const line = `${credit},${reg},${name},${person},${type},${authority},${town.supervising},${townText},${founded},${status},${address},${industry},${scope},${abnormal},${serious},${grade},${grade ? '2022-01-31' : ''}\r\n`;
    if (at + line.length * 3 > buf.length) { const more = Buffer.allocUnsafe(buf.length * 2); buf.copy(more, 0, 0, at); buf = more; }
    at += buf.write(line, at);
  }
  return buf.subarray(0, at);
}

/** The townships with the market-supervision station that has each (the same text as county.mjs writes). */
function provinceTowns() {
  return townships().map((t) => ({ ...t, supervising: `曲阳县市场监督管理局${t.name.replace(/[镇乡]$/, '')}所` }));
}

/**
 * Writes the registry of `rows` subjects to `path`: the header, then the chunks in order, made by
 * up to `threads` workers, with at most two chunks per worker made or waiting to be written
 * (memory bounded by the chunk size, about 75 MB a chunk, not by the registry).
 */
export async function writeProvinceRegistry(path, rows, threads = Math.max(1, Math.min(availableParallelism(), 4))) {
  const chunks = Math.ceil(rows / CHUNK);
  const file = await open(path, 'w');
  const workers = [];
  try {
    await file.write(csvLine(CHINESE_SUBJECT_HEADER));
    const done = new Map(); // chunk number → its bytes, until its turn to be written
    const idle = [];
    let handed = 0; let inFlight = 0; let failed = null; let wake = () => {};
    const limit = 2 * Math.min(threads, chunks);
    const feed = () => {
      while (idle.length > 0 && handed < chunks && inFlight + done.size < limit) {
        const c = handed++; inFlight++;
        idle.pop().postMessage({ from: c * CHUNK, to: Math.min(rows, (c + 1) * CHUNK), c });
      }
    };
    for (let k = 0; k < Math.min(threads, chunks); k++) {
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { rows } });
      w.on('message', ({ c, bytes }) => { inFlight--; done.set(c, Buffer.from(bytes)); idle.push(w); feed(); wake(); });
      w.on('error', (e) => { failed = e; wake(); });
      workers.push(w); idle.push(w);
    }
    feed();
    for (let next = 0; next < chunks; next++) {
      while (!done.has(next)) {
        if (failed) throw failed;
        await new Promise((resolve) => { wake = resolve; });
      }
      const bytes = done.get(next); done.delete(next);
      feed();
      await file.write(bytes);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await file.close();
  }
}

if (!isMainThread) {
  const towns = provinceTowns();
  parentPort.on('message', ({ c, from, to }) => {
    const bytes = chunkBytes(workerData.rows, from, to, towns);
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length); // its own ArrayBuffer, to transfer
    parentPort.postMessage({ c, bytes: copy }, [copy]);
  });
}
