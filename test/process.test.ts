import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BIN, countyDb, NODE } from './helpers.js';

/** What only src/main.ts does, the wiring of the real process around main(argv, io). */
describe('the process', () => {
  it('a reader that stops early (`draw --json list subjects --all | head`) is no error: exit 0, nothing on stderr', async () => {
    const t = countyDb();
    const child = spawn(NODE, [BIN, '--db', t.db, '--json', 'list', 'subjects', '--all'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DRAW_OPERATOR: 'tester' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    const [first] = (await once(child.stdout!, 'data')) as [Buffer];
    child.stdout!.destroy(); // the reader goes away after the first chunk of a document far larger than a pipe holds
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(first.toString()).toMatch(/^\[/);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
