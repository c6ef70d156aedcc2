import { describe, expect, it } from 'vitest';
import { countyDb, onDay, sqlite, writeCsv, seeded } from './helpers.js';

const PLAN = ['plan', '--year', '2022', '--name', 'x', '--departments', 'SCJG,SWJ', '--items', 'all', '--initiator', 'SCJG',
  '--ratio', '5%', '--window', '2022-04-01..2022-06-30', '--no-input'];
const drawn = async () => {
  const t = countyDb();
  expect((await onDay('2022-03-25T02:00:00Z', () => t.run(PLAN))).code).toBe(0);
  const d = JSON.parse((await onDay('2022-04-01T02:00:00Z', () => seeded(t, ['--json', 'run', '2022-001', '--seed', 'hardening']))).stdout);
  return { ...t, draw: d };
};

describe('held to the record', () => {
  it('a replacement whose substitute, exclusions and team were all rewritten still fails the replay against its log entry', async () => {
    const t = await drawn();
    const out = t.draw.sheets[0].inspectors[0].certificate;
    const r = JSON.parse((await t.run(['--json', 'replace', '1/1', '--inspector', out, '--reason', '回避', '--approved-by', '王局长'])).stdout);
    const other = sqlite(t.db, `SELECT certificate FROM inspectors WHERE department = 'SCJG' AND active = 1 AND certificate NOT IN ('${out}', '${r.substitute}') LIMIT 1`);
    const pool = sqlite(t.db, "SELECT certificate FROM inspectors WHERE department = 'SCJG'").split('\n').filter((c) => c !== other);
    sqlite(t.db, `UPDATE replacements SET substitute = '${other}', excluded = '${JSON.stringify({ conflicts: [], inactive: pool })}';
      UPDATE sheets SET team = replace(team, '"${r.substitute}"', '"${other}"') WHERE number = 1`);
    const replay = await t.run(['replay', '1']);
    expect(replay.code).toBe(4);
    expect(replay.stdout).toContain('与审计日志的记载不符');
  });

  it('a result that came in through `draw import results` and was changed behind the tool\'s back fails audit verify', async () => {
    const t = await drawn();
    expect((await onDay('2022-04-01T03:00:00Z', () => t.run(['confirm', '1', '--department', 'SWJ']))).code).toBe(0);
    const file = writeCsv(t.dir, 'r.csv', [['检查表', '部门', '检查日期', '检查结果', '事项结果', '签字确认'], ['1/2', 'SWJ', '2022-05-12', '未发现问题', '正常', '是']]);
    expect((await t.run(['import', 'results', file])).code).toBe(0);
    expect((await t.run(['audit', 'verify'])).code).toBe(0);
    sqlite(t.db, `UPDATE results SET findings = '["obstructed"]' WHERE number = 2`);
    const v = await t.run(['audit', 'verify']);
    expect(v.code).toBe(4);
    expect(v.stdout).toContain('1/2');
  });

  it('draw parameters that are no longer JSON make the replay fail with exit 4, not crash', async () => {
    const t = await drawn();
    sqlite(t.db, "UPDATE draws SET parameters = '{'");
    const r = await t.run(['replay', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('text that names a built-in', () => {
  it('a status or grade reading `constructor` is a rejected row, and `toString` is no setting', async () => {
    const t = countyDb();
    const file = writeCsv(t.dir, 's.csv', [['统一社会信用代码', '企业名称', '登记状态', '信用风险等级'],
      ['91110000600037341L', '甲', 'constructor', ''], ['911101005JLR20JR60', '乙', '存续', 'toString']]);
    const r = await t.run(['--json', 'import', 'subjects', file]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ rejected: 2, inserted: 0 });
    expect((await t.run(['config', 'toString', '5'])).code).toBe(2);
    expect((await t.run(['config', 'constructor'])).code).toBe(2);
  });
});

describe('repeated and colliding values', () => {
  it('a department renamed to a name another holds is a rejected row, not an aborted import', async () => {
    const t = countyDb();
    const file = writeCsv(t.dir, 'd.csv', [['部门编码', '部门名称'], ['SWJ', '曲阳县市场监督管理局']]);
    const r = await t.run(['--json', 'import', 'departments', file]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).rejected).toBe(1);
  });

  it('a department or item named twice in a plan counts once; plan numbers skip one taken by hand', async () => {
    const t = countyDb();
    expect((await t.run([...PLAN.slice(0, 5), '--number', '2022-002', ...PLAN.slice(5)])).code).toBe(0);
    const args = PLAN.map((a) => (a === 'SCJG,SWJ' ? 'SCJG,SCJG,SWJ' : a === 'all' ? 'SCJG-01,scjg-01,SWJ-01' : a));
    const p1 = JSON.parse((await t.run(['--json', ...args])).stdout);
    expect(p1.departments.map((d: { code: string }) => d.code)).toEqual(['SCJG', 'SWJ']);
    expect(p1.items.map((i: { code: string }) => i.code)).toEqual(['SCJG-01', 'SWJ-01']);
    expect(p1.number).toBe('2022-003');
  });
});
