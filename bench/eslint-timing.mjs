#!/usr/bin/env node
/**
 * Per-file cost of the sqlwarden ESLint rules on a large synthetic code base.
 *
 *   npm run build && node bench/eslint-timing.mjs [--files 2000] [--seed 1] [--eslint 9|10] [--keep]
 *
 * Generates the tree with bench/generate.mjs, writes a flat config that turns on
 * every sqlwarden rule (`flat/recommended`) with @typescript-eslint/parser, and
 * runs the ESLint CLI with TIMING=all (ESLint's own per-rule table, printed
 * below) and --stats, whose JSON output has each file's time per rule (create()
 * and listeners). The figure that matters is the median per file of the summed
 * sqlwarden/* times: all sqlwarden rules share one analysis per file, so the
 * first rule's listener carries the work. Target: under 2 ms.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 2;

function parseArgs(argv) {
  const opts = { files: 2000, seed: 1, eslint: '9', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(\w+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    const [, key, inline] = m;
    if (key === 'keep') opts.keep = true;
    else if (key in opts) opts[key] = inline ?? argv[++i];
    else throw new Error(`unknown option --${key}`);
  }
  return { ...opts, files: Number(opts.files), seed: Number(opts.seed) };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function describe(label, times) {
  const s = [...times].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  const f = (n) => n.toFixed(3).padStart(8);
  return `| ${label.padEnd(22)} | ${String(s.length).padStart(6)} | ${f(quantile(s, 0.5))} | ${f(quantile(s, 0.9))} | ${f(quantile(s, 0.99))} | ${f(s[s.length - 1] ?? NaN)} | ${f(mean)} |`;
}

const opts = parseArgs(process.argv.slice(2));
const plugin = path.join(ROOT, 'dist/src/eslint/index.js');
if (!fs.existsSync(plugin)) {
  console.error('dist/src/eslint/index.js is missing: run `npm run build` first.');
  process.exit(1);
}
const eslintBin = path.join(ROOT, 'node_modules', opts.eslint === '9' ? 'eslint9' : opts.eslint === '10' ? 'eslint10' : 'eslint', 'bin/eslint.js');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const parser = requireFromRoot.resolve('@typescript-eslint/parser');

const out = path.join(os.tmpdir(), `sqlwarden-eslint-bench-${opts.files}-s${opts.seed}`);
const gen = generate({ files: opts.files, out, seed: opts.seed });
fs.writeFileSync(
  path.join(out, 'eslint.config.mjs'),
  [
    `import tsParser from ${JSON.stringify(pathToFileURL(parser).href)};`,
    `import sqlwarden from ${JSON.stringify(pathToFileURL(plugin).href)};`,
    'export default [',
    "  { ignores: ['eslint.config.mjs', 'eslint-results.json'] },",
    "  { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tsParser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },",
    "  sqlwarden.configs['flat/recommended'],",
    '];',
    '',
  ].join('\n'),
);

const resultsFile = path.join(out, 'eslint-results.json');
const started = performance.now();
const run = spawnSync(process.execPath, [eslintBin, '--stats', '--format', 'json', '--output-file', resultsFile, '.'], {
  cwd: out,
  encoding: 'utf8',
  env: { ...process.env, TIMING: 'all' },
  maxBuffer: 64 * 1024 * 1024,
});
const wall = performance.now() - started;
if (run.status !== 0 && run.status !== 1) {
  console.error(`ESLint failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
const perFile = [];
let fatal = 0;
let findings = 0;
for (const r of results) {
  if (r.messages.some((m) => m.fatal)) fatal++;
  findings += r.messages.filter((m) => m.ruleId?.startsWith('sqlwarden/')).length;
  let ms = 0;
  for (const pass of r.stats?.times?.passes ?? []) {
    for (const [ruleId, t] of Object.entries(pass.rules ?? {})) if (ruleId.startsWith('sqlwarden/')) ms += t.total;
  }
  const rel = path.relative(out, r.filePath).split(path.sep).join('/');
  perFile.push({ rel, ms, sql: /\/(db|services|repositories|jobs)\/|queries\.ts$/.test(rel) });
}

const all = perFile.map((f) => f.ms);
const median = quantile([...all].sort((a, b) => a - b), 0.5);
console.log(`# sqlwarden ESLint rules, per-file time (ESLint ${opts.eslint}, ${gen.files} script files, ${gen.lines} lines, seed ${opts.seed})`);
console.log('');
console.log(`Tree: ${out}. ESLint wall time ${(wall / 1000).toFixed(2)} s (includes the TIMING table and @typescript-eslint parsing); ${findings} sqlwarden findings; ${fatal} files with a fatal parse error.`);
console.log('');
console.log('| files                  |      n |   median |      p90 |      p99 |      max |     mean |');
console.log('| ---------------------- | -----: | -------: | -------: | -------: | -------: | -------: |');
console.log(describe('all (ms)', all));
console.log(describe('with SQL (ms)', perFile.filter((f) => f.sql).map((f) => f.ms)));
console.log(describe('without SQL (ms)', perFile.filter((f) => !f.sql).map((f) => f.ms)));
console.log('');
console.log(`Median per file: ${median.toFixed(3)} ms (target < ${TARGET_MS} ms): ${median < TARGET_MS ? 'met' : 'MISSED'}`);
console.log('');
console.log('ESLint TIMING=all (whole run, per rule):');
console.log(run.stdout.trimEnd());
if (!opts.keep) fs.rmSync(out, { recursive: true, force: true });
