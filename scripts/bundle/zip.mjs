// A zip writer for the bundle, small on purpose. Info-ZIP's `zip` stores Chinese names as UTF-8
// but without the UTF-8 flag (general-purpose bit 11), leaving Windows' own unzipper to guess
// the code page and garble 打开命令行.cmd; here every name is flagged, and the Unix modes go into
// the external attributes so that runtime/node and the `draw` script stay executable.
import { closeSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const UTF8_NAMES = 0x0800;
const UNIX = 3;

function dosTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

/** Every file under `dir`, as [path inside the zip, path on disk], directories first by name. */
function walk(dir, prefix) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [[`${prefix}${e.name}`, join(dir, e.name)]]);
}

/** Zips the folder `base/name` as `name/...` into `zipFile` (deflate, level 9; stored when that is no smaller). */
export function zipFolder(base, name, zipFile) {
  const fd = openSync(zipFile, 'w');
  const central = [];
  let offset = 0;
  const write = (buffer) => { writeSync(fd, buffer); offset += buffer.length; };
  const { time, day } = dosTime(new Date());
  try {
    for (const [inside, onDisk] of walk(join(base, name), `${name}/`)) {
      const data = readFileSync(onDisk);
      const packed = deflateRawSync(data, { level: 9 });
      const deflated = packed.length < data.length;
      const body = deflated ? packed : data;
      const nameBytes = Buffer.from(inside, 'utf8');
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(deflated ? 8 : 0, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(day, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(nameBytes.length, 26);
      const at = offset;
      write(Buffer.concat([local, nameBytes]));
      write(body);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE((UNIX << 8) | 20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(UTF8_NAMES, 8);
      entry.writeUInt16LE(deflated ? 8 : 0, 10);
      entry.writeUInt16LE(time, 12);
      entry.writeUInt16LE(day, 14);
      entry.writeUInt32LE(crc, 16);
      entry.writeUInt32LE(body.length, 20);
      entry.writeUInt32LE(data.length, 24);
      entry.writeUInt16LE(nameBytes.length, 28);
      entry.writeUInt32LE(((0o100000 | (statSync(onDisk).mode & 0o777)) << 16) >>> 0, 38);
      entry.writeUInt32LE(at, 42);
      central.push(Buffer.concat([entry, nameBytes]));
    }
    const start = offset;
    const directory = Buffer.concat(central);
    write(directory);
    if (central.length > 0xffff || offset > 0xffffffff) throw new Error('the bundle needs zip64, which this writer does not do');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(central.length, 8);
    end.writeUInt16LE(central.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(start, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}
