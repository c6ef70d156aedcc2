import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli/entry.js';
import { freshDb, ROOT } from './helpers.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * An error the tool did not expect, made real: the writer for stdout fails with a plain Error (no
 * errno code, not a DrawError), as a defect anywhere in a command would.
 */
async function failingRun(args: string[], env: Record<string, string> = {}) {
  let stderr = '';
  const io: Io = {
    stdout: () => { throw new TypeError('writer exploded'); },
    stderr: (text) => { stderr += text; },
    env: { DRAW_OPERATOR: 'tester', ...env },
    stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stderr };
}

describe('an error the tool did not expect', () => {
  it('is reported with the version from package.json and what to send, in Chinese by default; no stack', async () => {
    const t = freshDb();
    const r = await failingRun(['--db', t.db, 'list', 'departments']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`意外的内部错误（draw ${VERSION}）：writer exploded`);
    expect(r.stderr).toContain('请报告给维护者');
    expect(r.stderr).toContain('所运行的完整命令');
    expect(r.stderr).toContain('DRAW_DEBUG=1');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('speaks English with --lang en', async () => {
    const t = freshDb();
    const r = await failingRun(['--db', t.db, '--lang', 'en', 'list', 'departments']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unexpected internal error (draw ${VERSION}): writer exploded`);
    expect(r.stderr).toContain('Please report it');
    expect(r.stderr).toContain('the full command you ran');
    expect(r.stderr).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows the stack only with DRAW_DEBUG=1', async () => {
    const t = freshDb();
    const r = await failingRun(['--db', t.db, 'list', 'departments'], { DRAW_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TypeError: writer exploded');
    expect(r.stderr).toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('设置 DRAW_DEBUG=1 重新运行可看到');
  });

  it('a user error is not one: a missing database is still its own message and exit code', async () => {
    const r = await failingRun(['--db', join(ROOT, 'no-such-dir', 'x.db'), 'list', 'departments']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('内部错误');
  });
});
