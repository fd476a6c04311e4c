/**
 * The CLI tests run the build (`npm test` builds first); a standalone run of
 * test/eslint rebuilds a stale dist/, once, under a lock (test files run in parallel).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist/src/eslint/index.js');
const LOCK = path.join(ROOT, 'dist/.eslint-test-build.lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < Math.max(newestSource(path.join(ROOT, 'src')), newestSource(path.join(ROOT, 'rules')));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuild(): void {
  if (!stale()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (const started = Date.now(); ; sleep(200)) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is left over from a crash.
      if (Date.now() - started > 120_000) rmSync(LOCK, { recursive: true, force: true });
    }
  }
  try {
    if (!stale()) return;
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    throw new Error(`npm run build failed:\n${(error as { stdout?: string }).stdout ?? ''}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
