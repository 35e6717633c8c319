/**
 * Checks files in worker threads, so that reading, parsing and validating the next files runs
 * beside the database writing the current one. Without workers (small imports, where starting a
 * thread costs more than it saves) the same check runs on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../domain/catalog.ts';
import type { RuleBook } from './assessment.ts';
import { checkFileRecords, type FileRecords } from './check-files.ts';

// Compiled to JavaScript (dist/, see bin/build.js) the worker is a module like this one; run from
// the TypeScript sources it starts through check-worker.mjs, which registers tsx if it must.
const WORKER_ENTRY = import.meta.url.endsWith('.js') ? './check-worker.js' : './check-worker.mjs';

/** Below this many bytes of input, checking stays on the calling thread. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** Threads for a given amount of input: none for small imports, else one per two cores. */
export function defaultCheckWorkers(totalBytes: number, files: number): number {
  if (totalBytes < WORKER_THRESHOLD_BYTES) return 0;
  return Math.max(1, Math.min(files, Math.floor(availableParallelism() / 2)));
}

export interface CheckPool {
  check(file: string): Promise<FileRecords>;
  close(): Promise<void>;
}

/** With a rule book, deployments are assessed as they are checked (see checkFileRecords); each worker compiles its own copy. */
export function createCheckPool(catalog: Catalog, workers: number, book?: RuleBook): CheckPool {
  if (workers <= 0) return { check: (file) => checkFileRecords(catalog, file, book), close: async () => {} };
  interface Job {
    id: number;
    file: string;
    resolve: (r: FileRecords) => void;
    reject: (e: Error) => void;
  }
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  const threads: Worker[] = [];
  let nextId = 0;
  let failed: Error | undefined;
  let closing = false;
  const dispatch = () => {
    while (idle.length && queue.length) {
      const w = idle.pop()!;
      const job = queue.shift()!;
      running.set(w, job);
      w.postMessage({ id: job.id, file: job.file });
    }
  };
  const fail = (err: Error) => {
    failed ??= err;
    for (const job of [...queue.splice(0), ...running.values()]) job.reject(err);
    running.clear();
  };
  // The book's source, which a worker can receive (compiled rules are functions) and compile.
  const rules = book && { rulesets: book.rulesets, definitions: book.definitions };
  for (let i = 0; i < workers; i++) {
    const w = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: { vocabs: catalog.vocabs, rules } });
    threads.push(w);
    w.on('message', (msg: { ready?: true; id?: number; result?: FileRecords; error?: string }) => {
      if (!msg.ready) {
        const job = running.get(w);
        running.delete(w);
        if (job && msg.error !== undefined) job.reject(new Error(msg.error));
        else if (job) job.resolve(msg.result!);
      }
      idle.push(w);
      dispatch();
    });
    w.on('error', (err) => fail(err));
    w.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`a check worker stopped (exit code ${code})`));
    });
  }
  return {
    check: (file) =>
      new Promise<FileRecords>((resolve, reject) => {
        if (failed) return reject(failed);
        queue.push({ id: nextId++, file, resolve, reject });
        dispatch();
      }),
    close: async () => {
      closing = true;
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
