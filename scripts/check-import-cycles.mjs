#!/usr/bin/env node
// Fails (exit 1) when the TypeScript sources import each other in a circle, naming each circle.
// Usage: node scripts/check-import-cycles.mjs [dir]   (default: src)
// Every relative specifier counts: static imports and re-exports, `import type` (a type circle
// is still two files that cannot be read apart) and `import('…')` with a literal path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// Comments go first, so that an example in a comment is not an import.
const stripComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const SPECIFIER = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*)(['"])([^'"]+)\1/g;

function importsOf(file) {
  const text = stripComments(readFileSync(file, 'utf8'));
  const found = new Set();
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[2];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    const candidates = [target, `${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find((c) => { try { return statSync(c).isFile(); } catch { return false; } });
    if (hit) found.add(hit);
  }
  return [...found];
}

const files = sources(root);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

// Tarjan's strongly connected components: every component of more than one file (or a file
// that imports itself) is a circle.
let index = 0;
const stack = [];
const onStack = new Set();
const idx = new Map();
const low = new Map();
const circles = [];
function connect(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) { connect(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const component = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

/** One concrete path around a component, for the message: a → b → … → a. */
function pathIn(component) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const seen = new Set([start]);
  const walk = (v, path) => {
    for (const w of graph.get(v) ?? []) {
      if (w === start) return [...path, w];
      if (members.has(w) && !seen.has(w)) { seen.add(w); const p = walk(w, [...path, w]); if (p) return p; }
    }
    return null;
  };
  return walk(start, [start]) ?? [start, start];
}

const name = (f) => relative(process.cwd(), f);
if (circles.length === 0) {
  console.log(`import circles: none among ${files.length} files under ${name(root) || '.'}`);
} else {
  console.error(`import circles: ${circles.length} found under ${name(root) || '.'}`);
  for (const c of circles) console.error(`  ${pathIn(c).map(name).join(' → ')}`);
  process.exitCode = 1;
}
