#!/usr/bin/env node
/**
 * Benchmark `sqlwarden check` against the floor (parse + walk every file with TypeScript).
 *
 *   node bench/run.mjs [--sizes 1000,10000] [--seed 1] [--runs 1] [--keep]
 *                      [--measure auto|time|node] [--floor-only] [--bin PATH]
 *
 * For each size: generate a code base in os.tmpdir(), run bench/floor.mjs and
 * `node bin/sqlwarden.js check <dir> --format json` as child processes, measure
 * wall time and peak RSS, print a markdown table and write bench/results/latest.json.
 * See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const CLI_ENTRY = path.join(ROOT, 'dist', 'src', 'cli', 'index.js'); // what bin/sqlwarden.js imports
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 1024;

// ---------------------------------------------------------------- options

const opts = { sizes: '1000,10000', seed: '1', runs: '1', measure: 'auto', bin: '', keep: false, 'floor-only': false };
for (let i = 2; i < process.argv.length; i++) {
  const m = /^--([\w-]+)(?:=(.*))?$/.exec(process.argv[i]);
  if (!m || !(m[1] in opts)) fail(`unknown argument ${process.argv[i]} (see bench/README.md)`);
  opts[m[1]] = typeof opts[m[1]] === 'boolean' ? true : m[2] ?? process.argv[++i];
}
const sizes = opts.sizes.split(',').map(Number);
const seed = Number(opts.seed);
const runs = Math.max(1, Number(opts.runs));
const method = opts.measure === 'auto' ? (fs.existsSync('/usr/bin/time') ? 'time' : 'node') : opts.measure;
const BIN = opts.bin ? path.resolve(opts.bin) : path.join(ROOT, 'bin', 'sqlwarden.js');
if (!opts['floor-only'] && !opts.bin && !fs.existsSync(CLI_ENTRY)) {
  fail(`${path.relative(ROOT, CLI_ENTRY)} is missing: run \`npm run build\` first (or pass --floor-only).`);
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- measuring

/**
 * Run `node SCRIPT ARGS` and return {wallMs, peakRssMb, status, stdout, stderr}.
 * method 'time': under GNU time (`-f %M`: max RSS of the child, KiB).
 * method 'node': under bench/measure.mjs (process.resourceUsage().maxRSS in the same process).
 * Output goes to files, not pipes, so a large JSON report costs nothing extra.
 */
function measure(script, args, cwd) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-measure-'));
  const [outFile, errFile, rssFile] = ['stdout', 'stderr', 'rss'].map((n) => path.join(tmp, n));
  const [cmd, argv] = method === 'time'
    ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, script, ...args]]
    : [process.execPath, [path.join(BENCH, 'measure.mjs'), '--out', rssFile, script, ...args]];
  const outFd = fs.openSync(outFile, 'w'), errFd = fs.openSync(errFile, 'w');
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', outFd, errFd], timeout: 30 * 60_000 });
  const wallMs = performance.now() - t0;
  fs.closeSync(outFd);
  fs.closeSync(errFd);
  let rssKb = NaN;
  if (fs.existsSync(rssFile)) {
    const raw = fs.readFileSync(rssFile, 'utf8').trim();
    rssKb = method === 'time' ? Number(raw.split('\n').pop()) : JSON.parse(raw).maxRssKb;
  }
  const res = {
    wallMs, peakRssMb: Math.round(rssKb / 102.4) / 10, status: r.status ?? r.signal ?? String(r.error),
    stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8'),
  };
  fs.rmSync(tmp, { recursive: true, force: true });
  return res;
}

/** Run `runs` times; keep the fastest run's output and the highest peak RSS. */
function measureBest(script, args, cwd, before = () => {}) {
  let best, peak = 0;
  for (let i = 0; i < runs; i++) {
    before();
    const r = measure(script, args, cwd);
    if (!best || r.wallMs < best.wallMs) best = r;
    peak = Math.max(peak, r.peakRssMb);
  }
  return { ...best, peakRssMb: peak };
}

function parseJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}
const round3 = (ms) => Math.round(ms) / 1000; // ms -> s, 3 decimals
const num = (...xs) => xs.find((x) => typeof x === 'number' && Number.isFinite(x)) ?? null;

// ---------------------------------------------------------------- one size

function benchSize(size) {
  const dir = path.join(os.tmpdir(), `sqlwarden-bench-${size}-s${seed}`);
  const g0 = performance.now();
  const gen = generate({ files: size, out: dir, seed });
  console.error(`bench: generated ${gen.files} files, ${gen.lines} lines in ${((performance.now() - g0) / 1000).toFixed(1)}s -> ${dir}`);

  const f = measureBest(path.join(BENCH, 'floor.mjs'), [dir], ROOT);
  const floorJson = parseJson(f.stdout);
  if (f.status !== 0 || !floorJson) fail(`floor failed (exit ${f.status}):\n${f.stderr.slice(-2000)}`);
  const floor = { wallS: round3(f.wallMs), peakRssMb: f.peakRssMb, inProcessMs: floorJson.ms, nodes: floorJson.nodes };
  const result = { size, files: floorJson.files, lines: floorJson.lines, bytes: floorJson.bytes, generated: gen, floor };

  if (!opts['floor-only']) {
    // Run from inside the tree so the config search and relative paths stay in it;
    // drop any cache a previous run left, so every run is cold.
    const c = measureBest(BIN, ['check', dir, '--format', 'json'], dir,
      () => fs.rmSync(path.join(dir, '.sqlwarden-cache'), { recursive: true, force: true }));
    const report = parseJson(c.stdout);
    if ((c.status !== 0 && c.status !== 1) || !report) {
      console.error(`bench: check failed at ${size} files (exit ${c.status}${report ? '' : ', stdout is not JSON'}):\n${c.stderr.slice(-2000)}`);
      result.check = { error: `exit ${c.status}`, wallS: round3(c.wallMs), peakRssMb: c.peakRssMb };
    } else {
      const s = report.summary ?? {};
      const diagnostics = report.diagnostics ?? report.findings ?? (Array.isArray(report) ? report : null);
      result.check = {
        wallS: round3(c.wallMs), peakRssMb: c.peakRssMb, exitCode: c.status,
        files: num(s.files), queries: num(s.queries, s.fragments), parsed: num(s.parsed),
        findings: num(s.findings, diagnostics?.length),
      };
      result.ratio = Math.round((result.check.wallS / floor.wallS) * 1000) / 1000;
      result.targets = {
        ratio: { limit: TARGET_RATIO, pass: result.ratio <= TARGET_RATIO },
        peakRss: { limitMb: TARGET_RSS_MB, pass: result.check.peakRssMb < TARGET_RSS_MB },
      };
    }
  }
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

// ---------------------------------------------------------------- report

const fmt = (x, digits = 0) => (x == null || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function table(r) {
  const row = (name, m, files, queries, ratio) => `| ${name} | ${fmt(files)} | ${fmt(r.lines)} | ${fmt(m.wallS, 2)} | ${fmt(files / m.wallS)} | ${fmt(r.lines / m.wallS)} | ${queries == null ? '–' : fmt(queries / m.wallS)} | ${fmt(m.peakRssMb)} | ${ratio} |`;
  const out = [
    `### ${fmt(r.size)} files (${fmt(r.lines)} lines, ${fmt(r.bytes / 1048576, 1)} MB)`, '',
    '| run | files | lines | wall s | files/s | lines/s | queries/s | peak RSS MB | × floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('floor', r.floor, r.files, null, '1.00'),
  ];
  const c = r.check;
  if (c && !c.error) {
    out.push(row('check', c, c.files ?? r.files, c.queries, `${fmt(r.ratio, 2)}`), '');
    const mark = (pass) => (pass ? 'PASS' : 'FAIL');
    out.push(`Targets: check ≤ ${TARGET_RATIO}× floor: **${mark(r.targets.ratio.pass)}** (${fmt(r.ratio, 2)}×); ` +
      `peak RSS < ${TARGET_RSS_MB} MB: **${mark(r.targets.peakRss.pass)}** (${fmt(c.peakRssMb)} MB). ` +
      `check exit ${c.exitCode}, queries ${fmt(c.queries)}, findings ${fmt(c.findings)}.`);
  } else if (c) {
    out.push('', `check: **failed** (${c.error}), see stderr above.`);
  }
  return out.join('\n') + '\n';
}

const results = [];
for (const size of sizes) {
  const r = benchSize(size);
  results.push(r);
  console.log(table(r));
}
console.log(`_node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, seed ${seed}, best of ${runs}, RSS via ${method === 'time' ? 'GNU time %M' : 'bench/measure.mjs'}._`);

fs.mkdirSync(path.join(BENCH, 'results'), { recursive: true });
fs.writeFileSync(path.join(BENCH, 'results', 'latest.json'), JSON.stringify({
  date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryMb: Math.round(os.totalmem() / 1048576),
  seed, runs, rssMethod: method, floorOnly: opts['floor-only'], results,
}, null, 2) + '\n');
if (results.some((r) => r.check?.error)) process.exitCode = 1;
