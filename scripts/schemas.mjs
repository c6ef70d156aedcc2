#!/usr/bin/env node
// Writes docs/replay-package.schema.json and docs/audit-entry.schema.json from their one
// definition (src/core/package-schema.ts, as built into dist/): `npm run schemas` after changing it.
// test/schemas.test.ts fails while the files in docs/ differ from what this writes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const { publishedSchemaFiles } = await import(join(root, 'dist', 'core', 'package-schema.js'));
for (const [path, text] of Object.entries(publishedSchemaFiles())) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
