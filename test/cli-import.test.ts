import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyDb, drawProcess, freshDb, FIXTURES, readCsvText, sqlite, writeCsv } from './helpers.js';

const fixture = (f: string) => join(FIXTURES, f);
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

async function registries() {
  const t = freshDb();
  for (const k of ['departments', 'items', 'inspectors']) expect((await t.run(['import', k, fixture(`${k}.csv`)])).code).toBe(0);
  return t;
}

/**
 * The fixture registry repeated under fresh keys until the file passes the 8 MB at which the
 * second thread takes over: its lines (the header first) and where the key, name and address are.
 */
async function largeRegistry() {
  const [header, ...rows] = readFileSync(fixture('subjects-pinyin.csv'), 'utf8').split('\r\n').filter((l) => l !== '');
  const { completeUscc } = await import('../src/core/uscc.js');
  const cols = header.split(',');
  const [key, name, address] = ['uniscid', 'qymc', 'zs'].map((c) => cols.indexOf(c));
  const lines: string[] = [header];
  let bytes = 0;
  for (let n = 0; bytes < 9 << 20; n++) {
    for (const row of rows) {
      const cells = row.split(',');
      cells[key] = completeUscc(`91130634${String(n).padStart(4, '0')}${String(lines.length).padStart(5, '0')}`);
      lines.push(cells.join(','));
      bytes += Buffer.byteLength(lines[lines.length - 1]) + 2;
    }
  }
  return { lines, key, name, address };
}

describe('importing the fixture county', () => {
  let t: Awaited<ReturnType<typeof registries>>;
  beforeAll(async () => { t = await registries(); });

  it('reads the GB18030 registry export with Chinese headers', async () => {
    const r = await t.run(['--json', 'import', 'subjects', fixture('subjects.csv')]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ encoding: 'gb18030', total: 3000, inserted: 3000, rejected: 0, committed: true });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('3000');
    // written with foreign keys off (store/db.ts beginBulkWrite): every row names an import that exists
    expect(sqlite(t.db, 'PRAGMA foreign_key_check')).toBe('');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects s JOIN imports i ON i.id = s.import_id')).toBe('3000');
  });

  it('reads the same registry from the pinyin dump: every row unchanged, the unknown column reported once', async () => {
    const r = await t.run(['--json', 'import', 'subjects', fixture('subjects-pinyin.csv')]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ encoding: 'utf8', total: 3000, inserted: 0, updated: 0, unchanged: 3000 });
    expect(json(r).unknownColumns).toEqual(['#nbxh(C|50)']);
    expect(r.stderr.match(/#nbxh/g)).toHaveLength(1);
  });

  it('keeps identifiers as text, normalises status and maps former township names', async () => {
    const rows = JSON.parse((await t.run(['--json', 'list', 'subjects', '--town', '孝墓乡'])).stdout);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((s: { township: string }) => s.township === '孝墓镇')).toBe(true);
    expect(rows.some((s: { township_raw: string }) => s.township_raw === '孝墓乡')).toBe(true);
    const revoked = JSON.parse((await t.run(['--json', 'list', 'subjects', '--status', '吊销'])).stdout);
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked[0]).toMatchObject({ status: 'revoked', status_raw: '吊销，未注销' });
  });

  it('imports conflicts that name known inspectors and subjects', async () => {
    const r = await t.run(['--json', 'import', 'conflicts', fixture('conflicts.csv')]);
    expect(json(r)).toMatchObject({ inserted: 10, rejected: 0 });
  });

  it('records each import with its file hash, counts and operator, and logs it', async () => {
    const imports = json(await t.run(['--json', 'list', 'imports']));
    expect(imports.map((i: { kind: string }) => i.kind)).toEqual(['departments', 'items', 'inspectors', 'subjects', 'subjects', 'conflicts']);
    expect(imports[3]).toMatchObject({ operator: 'tester', total: 3000, inserted: 3000 });
    expect(imports[3].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'")).toBe('6');
  });

  it('lists with filters and shows one record', async () => {
    const d = json(await t.run(['--json', 'list', 'subjects', '--grade', 'D', '--type', '个体工商户']));
    expect(d.every((s: { credit_grade: string; type_class: string }) => s.credit_grade === 'D' && s.type_class === 'individual')).toBe(true);
    const table = await t.run(['list', 'subjects']);
    expect(table.stdout).toContain('共 3,000 条');
    expect(table.stdout.split('\n').filter((l) => /^│ [0-9A-Z]{15,18} /.test(l))).toHaveLength(50);
    const one = d[0].credit_code;
    expect(json(await t.run(['--json', 'show', 'subject', one.toLowerCase()])).credit_code).toBe(one);
    expect((await t.run(['show', 'subject', '91000000000000000X'])).code).toBe(2);
    expect(json(await t.run(['--json', 'show', 'department', 'SCJG'])).name).toBe('曲阳县市场监督管理局');
    expect(json(await t.run(['--json', 'list', 'subjects', '--abnormal'])).every((s: { abnormal: boolean }) => s.abnormal)).toBe(true);
    expect(json(await t.run(['--json', 'list', 'subjects', '--search', '石材'])).length).toBeGreaterThan(0);
    // the JSON fields come from the record spec: no phone number, no business scope; the table's columns too
    const inspectors = json(await t.run(['--json', 'list', 'inspectors']));
    expect(inspectors[0]).toHaveProperty('certificate');
    expect(inspectors.some((i: Record<string, unknown>) => 'phone' in i)).toBe(false);
    expect(json(await t.run(['--json', 'list', 'subjects', '--limit', '1']))[0]).not.toHaveProperty('business_scope');
    expect((await t.run(['list', 'subjects'])).stdout.split('\n').find((l) => l.includes('统一社会信用代码'))).toMatch(/统一社会信用代码.*名称.*类别.*乡镇.*状态/);
  });
});

describe('encodings', () => {
  const header = ['部门编码', '部门名称'];
  const rows = [header, ['SCJG', '曲阳县市场监督管理局'], ['SWJ', '国家税务总局曲阳县税务局']];
  it.each([
    ['UTF-8 with BOM', (p: string) => writeFileSync(p, '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n'))],
    ['UTF-8 without BOM', (p: string) => writeFileSync(p, rows.map((r) => r.join(',')).join('\n'))],
    ['GBK', (p: string) => writeFileSync(p, iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'gbk'))],
  ])('%s', async (_name, write) => {
    const t = freshDb();
    const p = join(t.dir, 'd.csv');
    write(p);
    const r = await t.run(['--json', 'import', 'departments', p]);
    expect(r.code).toBe(0);
    expect(sqlite(t.db, 'SELECT name FROM departments ORDER BY code')).toBe('曲阳县市场监督管理局\n国家税务总局曲阳县税务局');
  });

  it('names the byte offset and the flag when a file does not decode as told', async () => {
    const t = freshDb();
    const p = join(t.dir, 'gbk.csv');
    writeFileSync(p, iconv.encode('部门编码,部门名称\nSCJG,曲阳县市场监督管理局\n', 'gbk'));
    const r = await t.run(['import', 'departments', p, '--encoding', 'utf8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--encoding gb18030');
    expect(r.stderr).toMatch(/第 0 字节/);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM departments')).toBe('0');
  });

  it('stops on a bad byte deep in the file with nothing half-written', async () => {
    const t = freshDb();
    const p = join(t.dir, 'late.csv');
    const good = Buffer.from(`部门编码,部门名称\n${Array.from({ length: 5000 }, (_, i) => `D${i},部门${i}`).join('\n')}\n`);
    writeFileSync(p, Buffer.concat([good, Buffer.from([0x44, 0x58, 0x2c, 0xff, 0xfe, 0x0a])]));
    const r = await t.run(['import', 'departments', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`第 ${good.length + 3} 字节`);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM departments')).toBe('0');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM imports')).toBe('0');
  });
});

describe('validation, rejects and exit codes', () => {
  it('rejects every broken row with its line, column and reason, imports the rest, exits 3', async () => {
    const t = await registries();
    const dir = t.dir;
    const input = join(dir, 'broken.csv');
    writeFileSync(input, readFileSync(fixture('broken/subjects-broken.csv')));
    const r = await t.run(['--json', 'import', 'subjects', input]);
    expect(r.code).toBe(3);
    const report = json(r);
    expect(report).toMatchObject({ total: 21, inserted: 2, rejected: 19, warnings: 1 });
    const rejects = readCsvText(readFileSync(join(dir, 'broken.rejects.csv'), 'utf8'));
    expect(rejects[0].slice(0, 3)).toEqual(['行号', '列', '原因']);
    const byLine = Object.fromEntries(rejects.slice(1).map((row) => [row[0], { column: row[1], reason: row[2], fields: row.slice(3) }]));
    expect(byLine['3'].reason).toMatch(/校验位错误.*应为 K/);
    expect(byLine['4'].reason).toMatch(/福建早期试点/);
    expect(byLine['4'].reason).toContain('draw code accept');
    expect(byLine['5'].reason).toMatch(/登记管理部门代码/);
    expect(byLine['6'].reason).toMatch(/长度/);
    expect(byLine['7'].reason).toMatch(/不允许的字符/);
    expect(byLine['8']).toMatchObject({ column: '注册号' });
    expect(byLine['8'].reason).toMatch(/MOD 11,10/);
    expect(byLine['9'].reason).toMatch(/都为空/);
    expect(byLine['10'].reason).toMatch(/与第 2 行重复/);
    expect(byLine['11']).toMatchObject({ column: '企业名称', reason: '不能为空' });
    expect(byLine['12'].reason).toContain('2022-02-30');
    expect(byLine['13'].column).toBe('成立日期');
    expect(byLine['14'].column).toBe('登记状态');
    expect(byLine['15'].column).toBe('行业代码');
    expect(byLine['16'].column).toBe('信用风险等级');
    expect(byLine['17'].column).toBe('是否列入经营异常名录');
    expect(byLine['18'].reason).toMatch(/过长/);
    expect(byLine['19'].reason).toMatch(/控制字符/);
    expect(byLine['20'].reason).toMatch(/18 个字段，表头有 17/);
    expect(byLine['22'].reason).toMatch(/与第 2 行重复/); // full-width lowercase normalises to line 2's code
    // the original fields are kept, so nothing is lost
    expect(byLine['3'].fields[0]).toBe('91130634MA0XXXXX1A');
    expect(byLine['20'].fields).toHaveLength(18);
    expect(r.stderr).toMatch(/警告 第 21 行 统一社会信用代码/);
  });

  it('--strict imports nothing when a row is rejected', async () => {
    const t = await registries();
    const before = sqlite(t.db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const input = join(t.dir, 'broken.csv');
    writeFileSync(input, readFileSync(fixture('broken/subjects-broken.csv')));
    const r = await t.run(['import', 'subjects', input, '--strict']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('--strict');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('0');
    expect(sqlite(t.db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')).toBe(before);
  });

  it('--dry-run reports exactly what an import would do and writes nothing', async () => {
    const t = await registries();
    const dry = json(await t.run(['--json', 'import', 'subjects', fixture('subjects.csv'), '--dry-run']));
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('0');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM imports')).toBe('3');
    const real = json(await t.run(['--json', 'import', 'subjects', fixture('subjects.csv')]));
    for (const k of ['total', 'inserted', 'updated', 'unchanged', 'rejected', 'warnings']) expect(dry[k]).toBe(real[k]);
    expect(dry.committed).toBe(false);
  });

  it('a missing required column lists what was found and the names accepted (exit 2)', async () => {
    const t = freshDb();
    const p = writeCsv(t.dir, 'x.csv', [['企业名称', '住所'], ['某公司', '某地']]);
    const r = await t.run(['import', 'subjects', p]);
    expect(r.code).toBe(2);
    // The Chinese names first (issue 9), the field names after them.
    expect(r.stderr).toContain('统一社会信用代码 (credit_code) / 注册号 (registration_number)');
    expect(r.stderr).toContain('企业名称, 住所');
    expect(r.stderr).toContain('uniscid');
  });

  it('an empty file and a header-only file', async () => {
    const t = freshDb();
    const empty = join(t.dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await t.run(['import', 'departments', empty])).code).toBe(2);
    const headerOnly = writeCsv(t.dir, 'h.csv', [['部门编码', '部门名称']]);
    expect(json(await t.run(['--json', 'import', 'departments', headerOnly]))).toMatchObject({ total: 0, committed: true });
  });

  it('an unbalanced quote is a clear error naming the line, with nothing imported', async () => {
    const t = freshDb();
    const p = join(t.dir, 'q.csv');
    writeFileSync(p, '部门编码,部门名称\nA,甲\nB,"乙\n');
    const r = await t.run(['import', 'departments', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/第 \d+ 行/);
    expect(r.stderr).not.toContain('    at ');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM departments')).toBe('0');
  });

  it('a field with an embedded newline keeps its row\'s starting line in messages', async () => {
    const t = freshDb();
    const p = join(t.dir, 'nl.csv');
    writeFileSync(p, '部门编码,部门名称\nA,"甲\n乙"\nB#,丙\n');
    const r = await t.run(['--json', 'import', 'departments', p]);
    expect(r.code).toBe(3);
    const rejects = readCsvText(readFileSync(join(t.dir, 'nl.rejects.csv'), 'utf8'));
    expect(rejects[1][0]).toBe('4');
  });

  it('rejects conflicts naming unknown inspectors or subjects', async () => {
    const t = countyDb();
    const p = writeCsv(t.dir, 'c.csv', [['执法证号', '统一社会信用代码', '利害关系'], ['NOPE1', '91110000600037341L', '亲属']]);
    const r = await t.run(['import', 'conflicts', p]);
    expect(r.code).toBe(3);
    expect(readFileSync(join(t.dir, 'c.rejects.csv'), 'utf8')).toContain('不在执法检查人员名录库中');
  });

  it('rejects broken inspector rows and warns on an odd phone', async () => {
    const t = await registries();
    const input = join(t.dir, 'inspectors-broken.csv');
    writeFileSync(input, readFileSync(fixture('broken/inspectors-broken.csv')));
    const r = await t.run(['--json', 'import', 'inspectors', input]);
    expect(r.code).toBe(3);
    expect(json(r)).toMatchObject({ inserted: 2, rejected: 5, warnings: 1 });
    const text = readFileSync(join(t.dir, 'inspectors-broken.rejects.csv'), 'utf8');
    for (const s of ['不存在的局', '不能为空', '不允许的字符', '2025-13-01', '也许']) expect(text).toContain(s);
  });
});

describe('re-imports', () => {
  it('updates by key and reports inserted / updated / unchanged', async () => {
    const t = freshDb();
    const a = writeCsv(t.dir, 'a.csv', [['部门编码', '部门名称'], ['A', '甲局'], ['B', '乙局']]);
    await t.run(['import', 'departments', a]);
    const b = writeCsv(t.dir, 'b.csv', [['code', 'name'], ['A', '甲局'], ['B', '乙局（更名）'], ['C', '丙局']]);
    expect(json(await t.run(['--json', 'import', 'departments', b]))).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect(sqlite(t.db, "SELECT name FROM departments WHERE code = 'B'")).toBe('乙局（更名）');
  });

  it('--full marks subjects missing from the file as no longer in the registry, never deletes them', async () => {
    const t = await registries();
    await t.run(['import', 'subjects', fixture('subjects-pinyin.csv')]);
    const lines = readFileSync(fixture('subjects-pinyin.csv'), 'utf8').split('\r\n');
    const part = join(t.dir, 'part.csv');
    writeFileSync(part, lines.slice(0, 2001).join('\r\n') + '\r\n');
    // A third of the registry is more than the 10% --full retires without --yes.
    const refused = await t.run(['--json', 'import', 'subjects', part, '--full']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('1000');
    expect(refused.stderr).toContain('33.3%');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE in_registry = 0')).toBe('0');
    const r = json(await t.run(['--json', 'import', 'subjects', part, '--full', '--yes']));
    expect(r).toMatchObject({ total: 2000, unchanged: 2000, retired: 1000 });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects')).toBe('3000');
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE in_registry = 0')).toBe('1000');
    expect(json(await t.run(['--json', 'list', 'subjects'])).length).toBe(2000);
    expect(json(await t.run(['--json', 'list', 'subjects', '--all'])).length).toBe(3000);
    // a later import that has them again brings them back
    expect(json(await t.run(['--json', 'import', 'subjects', fixture('subjects-pinyin.csv')]))).toMatchObject({ updated: 1000, unchanged: 2000 });
  });

  it('a re-import leaves unchanged records as they were, and still catches a key named twice and what --full retires', async () => {
    const t = freshDb();
    const header = ['部门编码', '部门名称'];
    await t.run(['import', 'departments', writeCsv(t.dir, 'a.csv', [header, ['A', '甲局'], ['B', '乙局'], ['C', '丙局']])]);
    const first = sqlite(t.db, 'SELECT import_id FROM departments WHERE code = \'A\'');
    // A unchanged on line 2 and named again on line 4; B changed; C missing
    const b = writeCsv(t.dir, 'b.csv', [header, ['A', '甲局'], ['B', '乙局（更名）'], ['A', '甲局']]);
    const r = await t.run(['--json', 'import', 'departments', b, '--full', '--yes']);
    expect(json(r)).toMatchObject({ total: 3, unchanged: 1, updated: 1, rejected: 1, retired: 0 });
    expect(readFileSync(join(t.dir, 'b.rejects.csv'), 'utf8')).toMatch(/^4,.*第 2 行/m);
    // the unchanged record keeps the import that last wrote it; the changed one names this import and its line
    expect(sqlite(t.db, 'SELECT import_id, import_line FROM departments WHERE code = \'A\'')).toBe(`${first}|2`);
    expect(sqlite(t.db, 'SELECT import_id > ' + first + ', import_line FROM departments WHERE code = \'B\'')).toBe('1|3');
    // without the duplicate the file is the whole registry: C, missing, is retired, the unchanged A is not
    const c = writeCsv(t.dir, 'c.csv', [header, ['A', '甲局'], ['B', '乙局（更名）']]);
    const full = json(await t.run(['--json', 'import', 'departments', c, '--full', '--yes']));
    expect(full).toMatchObject({ total: 2, unchanged: 2, retired: 1 });
    expect(sqlite(t.db, 'SELECT code FROM departments WHERE active = 0')).toBe('C');
  });

  it('a registry large enough for the checking thread: keys named twice rejected with their lines and fields as the file had them, U+FFFF in a field too', async () => {
    const t = await registries();
    const { lines: out, key, name } = await largeRegistry();
    const total = out.length - 1;
    out.splice(101, 0, out[50]); // line 102 repeats line 51's key (and everything else)
    const marked = out[60].split(',');
    marked[name] = `${marked[name]}\uffff号`; // a noncharacter in the name (it once stood between the fields the thread sent)
    out.splice(201, 0, marked.join(',')); // line 202: line 61's key again, under that name
    const file = join(t.dir, 'big.csv');
    writeFileSync(file, `${out.join('\r\n')}\r\n`);
    expect(statSync(file).size).toBeGreaterThan(8 << 20);
    const r = drawProcess(['--db', t.db, '--json', 'import', 'subjects', file]);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: total + 2, inserted: total, rejected: 2 });
    const rejects = readCsvText(readFileSync(join(t.dir, 'big.rejects.csv'), 'utf8'));
    expect(rejects.map((x) => x[0])).toEqual([rejects[0][0], '102', '202']);
    expect(rejects[1][2]).toContain('51');
    expect(rejects[2][2]).toContain('61');
    // each rejected row's fields exactly as the file had them
    expect(rejects[1].slice(3)).toEqual(out[101].split(','));
    expect(rejects[2].slice(3)).toEqual(marked);
  }, 120_000);

  it('a re-import through the checking thread: keys named twice after an unchanged, a changed and a new record, each rejected with its fields as the file had them, after the other rejects', async () => {
    const t = await registries();
    const { lines: first, key, name, address } = await largeRegistry();
    const { completeUscc } = await import('../src/core/uscc.js');
    const registry = join(t.dir, 'month1.csv');
    writeFileSync(registry, `${first.join('\r\n')}\r\n`);
    expect(drawProcess(['--db', t.db, 'import', 'subjects', registry]).code).toBe(0);
    const total = first.length - 1;

    // next month: line 51 changed and named again at 102, and line 71 changed and named again at
    // 73 (among the same records looked up at once); line 61 unchanged and named again at 202
    // under a name holding U+FFFF; a new record at 301 named again at 302; line 250 a broken code
    const next = [...first];
    const change = (i: number) => {
      const cells = next[i].split(',');
      cells[address] = `${cells[address]}（新址）`;
      next[i] = cells.join(',');
      return cells;
    };
    const changed = change(50);
    change(70);
    next.splice(72, 0, next[70]);
    next.splice(101, 0, next[50]);
    const marked = next[60].split(',');
    marked[name] = `${marked[name]}\uffff号`;
    next.splice(201, 0, marked.join(','));
    const broken = next[249].split(',');
    broken[key] = `${broken[key].slice(0, 17)}${broken[key][17] === '0' ? '1' : '0'}`;
    next[249] = broken.join(',');
    const fresh = next[300].split(',');
    fresh[key] = completeUscc('92130634MA0000001');
    next.splice(300, 0, fresh.join(','), fresh.join(','));
    const file = join(t.dir, 'month2.csv');
    writeFileSync(file, `${next.join('\r\n')}\r\n`);
    const r = drawProcess(['--db', t.db, '--json', 'import', 'subjects', file]);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: total + 5, inserted: 1, updated: 2, unchanged: total - 3, rejected: 5 });
    const rejects = readCsvText(readFileSync(join(t.dir, 'month2.rejects.csv'), 'utf8'));
    // the broken code as it was read; the keys named twice once the file had been read, in line order
    expect(rejects.slice(1).map((x) => x[0])).toEqual(['250', '73', '102', '202', '302']);
    expect(rejects.slice(2).map((x) => x[2].match(/\d+/)?.[0])).toEqual(['71', '51', '61', '301']);
    expect(rejects[2].slice(3)).toEqual(next[72].split(','));
    expect(rejects[3].slice(3)).toEqual(next[101].split(','));
    expect(rejects[4].slice(3)).toEqual(marked);
    expect(rejects[5].slice(3)).toEqual(fresh);
    expect(sqlite(t.db, `SELECT address, import_line FROM subjects WHERE credit_code = '${changed[key]}'`)).toBe(`${changed[address]}|51`);
  }, 180_000);

  it('a subject re-import knows an unchanged record by its row hash whichever thread checked it; rows stored without one are compared field by field, once', async () => {
    const t = await registries();
    const { lines, address } = await largeRegistry();
    const big = join(t.dir, 'big.csv');
    writeFileSync(big, `${lines.join('\r\n')}\r\n`);
    const total = lines.length - 1;
    // written by the checking thread (the file passes 8 MB)
    expect(drawProcess(['--db', t.db, 'import', 'subjects', big]).code).toBe(0);
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE row_hash IS NULL')).toBe('0');
    // a part of it checked on the main thread finds the same hashes: nothing rewritten
    const part = join(t.dir, 'part.csv');
    writeFileSync(part, `${lines.slice(0, 501).join('\r\n')}\r\n`);
    expect(json(await t.run(['--json', 'import', 'subjects', part]))).toMatchObject({ total: 500, unchanged: 500, updated: 0 });

    // the rows as a database made before the hash holds them, and one of them changed in the next month's file
    sqlite(t.db, 'UPDATE subjects SET row_hash = NULL');
    const next = [...lines];
    const cells = next[40].split(',');
    cells[address] = `${cells[address]}（新址）`;
    next[40] = cells.join(',');
    const month = join(t.dir, 'month.csv');
    writeFileSync(month, `${next.join('\r\n')}\r\n`);
    const r = drawProcess(['--db', t.db, '--json', 'import', 'subjects', month]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total, updated: 1, unchanged: total - 1 });
    expect(sqlite(t.db, 'SELECT COUNT(*) FROM subjects WHERE row_hash IS NULL')).toBe('0');
    expect(sqlite(t.db, `SELECT COUNT(*) FROM subjects WHERE address = '${cells[address]}'`)).toBe('1');
    // the hashes given then are the ones an import works out: the same file again changes nothing
    const again = drawProcess(['--db', t.db, '--json', 'import', 'subjects', month]);
    expect(JSON.parse(again.stdout)).toMatchObject({ total, updated: 0, unchanged: total });
  }, 180_000);

  it('an item that changes keeps its old version', async () => {
    const t = await registries();
    const p = writeCsv(t.dir, 'items2.csv', [['部门', '事项编码', '检查项目', '检查子项', '检查内容', '检查依据', '检查方式'],
      ['SCJG', 'SCJG-01', '企业公示信息检查', '年度报告公示信息', '检查年度报告（新）', '《企业信息公示暂行条例》（2024 修订）', '书面检查']]);
    expect(json(await t.run(['--json', 'import', 'items', p]))).toMatchObject({ updated: 1 });
    const item = json(await t.run(['--json', 'show', 'item', 'SCJG-01']));
    expect(item.version).toBe(2);
    expect(item.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[1, false], [2, true]]);
    expect(item.versions[0].basis).toBe('《企业信息公示暂行条例》第八条、第十八条');
  });

  it('an inspector named twice is rejected under the certificate column as the file names it', async () => {
    const t = await registries();
    const p = writeCsv(t.dir, 'twice.csv', [['单位', '姓名', '执法证号'], ['SCJG', '马敏', '130634009001'], ['SCJG', '马敏', '130634009001']]);
    expect(json(await t.run(['--json', 'import', 'inspectors', p]))).toMatchObject({ total: 2, rejected: 1 });
    const rejects = readCsvText(readFileSync(join(t.dir, 'twice.rejects.csv'), 'utf8'));
    expect(rejects[1].slice(0, 2)).toEqual(['3', '执法证号']);
  });

  it('an inspector who leaves is deactivated, never deleted', async () => {
    const t = await registries();
    const p = writeCsv(t.dir, 'i.csv', [['单位', '姓名', '执法证号', '状态'], ['SCJG', '马敏', '130634001001', '调离']]);
    expect(json(await t.run(['--json', 'import', 'inspectors', p]))).toMatchObject({ updated: 1 });
    expect(sqlite(t.db, "SELECT active FROM inspectors WHERE certificate = '130634001001'")).toBe('0');
  });
});

describe('lawful codes that fail the check', () => {
  it('an office accepts a listed code deliberately, on the record', async () => {
    const t = await registries();
    const p = writeCsv(t.dir, 'fj.csv', [['统一社会信用代码', '企业名称', '登记状态'], ['91350211M0000XUF46', '厦门某公司', '存续']]);
    expect((await t.run(['import', 'subjects', p])).code).toBe(3);
    const accept = await t.run(['code', 'accept', '91350211m0000xuf46', '--reason', '福建试点代码，经登记机关核实']);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toMatch(/审计日志头哈希：[0-9a-f]{64}/);
    expect(sqlite(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'code.accept' AND detail LIKE '%91350211M0000XUF46%'")).toBe('1');
    const clean = await t.run(['--json', 'import', 'subjects', p]);
    expect(clean.code).toBe(0);
    expect((await t.run(['code', 'accept', '91110000600037341L', '--reason', 'x'])).code).toBe(2);
    // The first run's rejects file is left as it was (issue 15: an import with nothing rejected
    // deletes no file it did not write), and the report says it is not this import's.
    expect(existsSync(join(t.dir, 'fj.rejects.csv'))).toBe(true);
    expect(json(clean)).toMatchObject({ rejectsFile: null, staleRejectsFile: join(t.dir, 'fj.rejects.csv') });
  });

  it('draw code check says what the importer would say', async () => {
    const t = freshDb();
    expect((await t.run(['code', 'check', '91110000600037341L'])).code).toBe(0);
    const bad = await t.run(['code', 'check', '91110000600037341X']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('应为 L');
  });
});
