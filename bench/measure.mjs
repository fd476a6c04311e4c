#!/usr/bin/env node
/**
 * Peak-RSS wrapper for machines without GNU time (/usr/bin/time; `apt-get install time`).
 *
 *   node bench/measure.mjs --out FILE SCRIPT.mjs [ARGS...]
 *
 * Node cannot read a child's resource usage, and polling /proc/<pid>/status misses
 * the last moments before exit. So instead of spawning, this wrapper runs the Node
 * script in its own process: it sets process.argv as if SCRIPT had been started
 * directly, imports it, and on 'exit' writes {maxRssKb, wallMs, exitCode} to FILE
 * (process.resourceUsage().maxRSS is the process's high-water mark, in KiB on Linux).
 * The wrapper itself adds a few hundred KiB; stdout, stderr and the exit code are the script's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [flag, out, script, ...args] = process.argv.slice(2);
if (flag !== '--out' || !out || !script) {
  console.error('usage: node bench/measure.mjs --out FILE SCRIPT [ARGS...]');
  process.exit(2);
}

process.on('exit', (code) => {
  fs.writeFileSync(out, JSON.stringify({
    maxRssKb: process.resourceUsage().maxRSS,
    wallMs: Math.round(performance.now()), // since process start
    exitCode: code,
  }));
});

const abs = path.resolve(script);
process.argv = [process.argv[0], abs, ...args];
await import(pathToFileURL(abs).href);
