import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The DLLs a Windows binary (PE32+) loads: its import table as `objdump -p` lists it, and its
 * delay-load table, which objdump names only as a directory entry, read here from the file.
 */
export function importedDlls(file: string): { imports: string[]; delayed: string[] } {
  const dump = execFileSync('objdump', ['-p', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const imports = [...dump.matchAll(/^\s*DLL Name: (\S+)$/gm)].map((m) => m[1]);
  return { imports, delayed: delayLoaded(readFileSync(file)) };
}

function delayLoaded(pe: Buffer): string[] {
  const header = pe.readUInt32LE(0x3c);
  if (pe.toString('latin1', header, header + 4) !== 'PE\0\0') throw new Error('not a PE file');
  const sections = pe.readUInt16LE(header + 6);
  const optional = header + 24;
  const optionalSize = pe.readUInt16LE(header + 20);
  if (pe.readUInt16LE(optional) !== 0x20b) throw new Error('not PE32+');
  const table = optional + optionalSize;
  const toOffset = (rva: number) => {
    for (let i = 0; i < sections; i++) {
      const s = table + i * 40;
      const va = pe.readUInt32LE(s + 12);
      const size = Math.max(pe.readUInt32LE(s + 8), pe.readUInt32LE(s + 16));
      if (rva >= va && rva < va + size) return rva - va + pe.readUInt32LE(s + 20);
    }
    throw new Error(`RVA ${rva} outside every section`);
  };
  const cString = (at: number) => pe.toString('latin1', at, pe.indexOf(0, at));
  // Data directory 13: the delay-load import descriptors, 32 bytes each, ending in a zero one.
  const rva = pe.readUInt32LE(optional + 112 + 13 * 8);
  if (rva === 0) return [];
  const names: string[] = [];
  for (let at = toOffset(rva); pe.readUInt32LE(at + 4) !== 0; at += 32) names.push(cString(toOffset(pe.readUInt32LE(at + 4))));
  return names;
}
