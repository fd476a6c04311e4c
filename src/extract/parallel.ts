/**
 * Extraction is the costliest stage (a full TypeScript parse of every file with
 * SQL), and files are independent but for cross-file facts that merge cleanly.
 * On large runs the files are cut into contiguous slices (folders stay together,
 * so most imports stay inside a slice): the main thread extracts one slice while
 * worker threads extract the others, then the parts are merged.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../core/types.js';
import { type ExtractOptions, type ExtractResult, type ExtractionPart, extractAll, extractPart, mergeExtractions } from './index.js';

/** Below this many files a worker's start-up (loading the compiler) costs more than it saves. */
export const PARALLEL_MIN_FILES = 3000;

/** Workers for a run of `files` files; SQLWARDEN_WORKERS and SQLWARDEN_PARALLEL_MIN_FILES tune it. */
export function workerCount(files: number): number {
  const configured = process.env.SQLWARDEN_WORKERS;
  const wanted = configured !== undefined ? Number(configured) : Math.min(3, availableParallelism() - 1);
  const minFiles = Number(process.env.SQLWARDEN_PARALLEL_MIN_FILES ?? PARALLEL_MIN_FILES);
  return files >= minFiles && Number.isInteger(wanted) && wanted > 0 ? wanted : 0;
}

export async function extractParallel(files: readonly SourceFile[], options: ExtractOptions): Promise<ExtractResult> {
  const workers = workerCount(files.length);
  if (workers === 0) return extractAll(files, options);
  const slices = slice(files, workers + 1);
  const jobs = slices.slice(1).map((share) => runWorker(share, options));
  const mine = extractPart(slices[0]!, options);
  const parts = [mine, ...(await Promise.all(jobs))];
  return mergeExtractions(parts, files, options);
}

function runWorker(files: readonly SourceFile[], options: ExtractOptions): Promise<ExtractionPart> {
  const dialects = files.flatMap((f) => {
    const choice = options.dialectFor?.(f.relativePath);
    return choice ? [[f.relativePath, choice] as const] : [];
  });
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { cwd: options.cwd, files, detectors: options.detectors ?? [], dialects },
    });
    worker.once('message', (part: ExtractionPart) => {
      resolve(part);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Contiguous slices of about equal text size, in path order. */
function slice(files: readonly SourceFile[], count: number): SourceFile[][] {
  const total = files.reduce((n, f) => n + f.text.length, 0);
  const out: SourceFile[][] = [[]];
  let size = 0;
  for (const f of files) {
    if (size >= (total / count) * out.length && out.length < count) out.push([]);
    out[out.length - 1]!.push(f);
    size += f.text.length;
  }
  return out;
}
