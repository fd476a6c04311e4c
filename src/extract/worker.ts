/**
 * A worker thread's share of a large run: the extraction of a slice of the
 * files (see parallel.ts). Imports into other slices are read from disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DialectChoice } from './script-extractor.js';
import type { Detector } from './detectors.js';
import type { SourceFile } from '../core/types.js';
import { extractPart } from './index.js';

interface Job {
  cwd: string;
  files: SourceFile[];
  detectors: Detector[];
  dialects: [string, DialectChoice][];
}

const job = workerData as Job;
const dialects = new Map(job.dialects);
parentPort!.postMessage(extractPart(job.files, { cwd: job.cwd, detectors: job.detectors, dialectFor: (file) => dialects.get(file) }));
