/** The parse worker: receives batches of SQL texts, returns the parsed model of each. */
import { parentPort } from 'node:worker_threads';
import type { SqlFragment } from '../core/types.js';
import { initParsers, parseFragment } from './index.js';
import type { WireResult } from './pool.js';

type Job = Pick<SqlFragment, 'sql' | 'dialect' | 'context'>;

await initParsers();
parentPort!.on('message', (msg: { id: number; jobs: Job[] }) => {
  const results: WireResult[] = msg.jobs.map((job) => {
    // The parser reads only these fields; the rest of the fragment stays on the main thread.
    const parsed = parseFragment(job as SqlFragment);
    return { parser: parsed.parser, statements: parsed.statements, fingerprint: parsed.fingerprint, ...(parsed.error ? { error: parsed.error } : {}) };
  });
  parentPort!.postMessage({ id: msg.id, results });
});
