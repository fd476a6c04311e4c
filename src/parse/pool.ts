/**
 * Parsing in a worker thread while the main thread is still extracting: on
 * large code bases the two stages then overlap instead of adding up. Only the
 * fields the parser reads cross the thread boundary (sql, dialect, context);
 * results are re-attached to their fragments here.
 */
import { Worker } from 'node:worker_threads';
import type { SqlFragment } from '../core/types.js';
import type { ParsedQuery } from './model.js';

interface Pending {
  fragments: SqlFragment[];
  resolve: (results: ParsedQuery[]) => void;
  reject: (error: Error) => void;
}

export type WireResult = Omit<ParsedQuery, 'fragment'>;

export class ParsePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private turn = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./parse-worker.js', import.meta.url));
      worker.on('message', (msg: { id: number; results: WireResult[] }) => {
        const job = this.pending.get(msg.id);
        if (!job) return;
        this.pending.delete(msg.id);
        job.resolve(msg.results.map((r, i) => ({ ...r, fragment: job.fragments[i]! })));
      });
      worker.on('error', (error) => {
        for (const job of this.pending.values()) job.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  /** Parses a batch (one file's fragments) on the next worker in turn. */
  parse(fragments: SqlFragment[]): Promise<ParsedQuery[]> {
    if (fragments.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { fragments, resolve, reject });
      worker.postMessage({ id, jobs: fragments.map((f) => ({ sql: f.sql, dialect: f.dialect, context: f.context })) });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
