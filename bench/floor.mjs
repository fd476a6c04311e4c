#!/usr/bin/env node
/**
 * The floor: the least work any TS-AST-based linter must do on DIR. Walk DIR for
 * script files, read each, parse it with the TypeScript compiler (parent pointers on)
 * and visit every node once. `sqlwarden check` is compared against this.
 *
 *   node bench/floor.mjs DIR
 *
 * Prints JSON {files, lines, bytes, nodes, ms, filesPerSec, linesPerSec, peakRssMb}.
 * `ms` is measured in-process from the start of the walk (module loading excluded);
 * bench/run.mjs measures the whole process from outside as well.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

function scriptKindFor(name) {
  switch (path.extname(name)) {
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    case '.js': case '.mjs': case '.cjs': return ts.ScriptKind.JS;
    default: return ts.ScriptKind.TS;
  }
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

function countNodes(node) {
  let n = 1;
  ts.forEachChild(node, (child) => { n += countNodes(child); });
  return n;
}

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node bench/floor.mjs DIR');
  process.exit(2);
}

const t0 = performance.now();
let files = 0, lines = 0, bytes = 0, nodes = 0;
for (const file of walk(path.resolve(dir))) {
  const buf = fs.readFileSync(file);
  const text = buf.toString('utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, /* setParentNodes */ true, scriptKindFor(file));
  nodes += countNodes(sf);
  files++;
  bytes += buf.length;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.length > 0 && !text.endsWith('\n')) lines++;
}
const ms = performance.now() - t0;

console.log(JSON.stringify({
  files, lines, bytes, nodes,
  ms: Math.round(ms),
  filesPerSec: Math.round(files / (ms / 1000)),
  linesPerSec: Math.round(lines / (ms / 1000)),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
