import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests spawn the built bin/draw, so build it once before any test runs.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
