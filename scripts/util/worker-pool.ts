/**
 * CPU-heavy steps that run in a dependency's JavaScript or WebAssembly (font subsetting,
 * deflating) done side by side in worker threads, at most one per core.
 *
 * A worker is plain CommonJS given as a string (`eval`), and loads what it needs by paths the
 * caller resolved: it works the same from the TypeScript sources (tsx, the tests) and from the
 * CLI's esbuild bundle under node_modules/.cache/, where no worker file of ours exists.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface WorkerTask<Job> {
  /**
   * CommonJS function body that returns the handler, `(job) => result` (may be async). It sees
   * `require` and `workerData`.
   */
  handler: string;
  workerData?: unknown;
  jobs: readonly Job[];
  /** Which jobs to start first (indexes into `jobs`); default: in order. */
  order?: readonly number[];
}

interface Answer {
  index: number;
  result?: unknown;
  error?: string;
}

const WORKER = (handler: string) => `
const { parentPort, workerData } = require('node:worker_threads');
const handle = (function () {
${handler}
})();
parentPort.on('message', async ({ index, job }) => {
  try {
    parentPort.postMessage({ index, result: await handle(job) });
  } catch (error) {
    parentPort.postMessage({ index, error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
`;

/** Each job's result, in the order of `jobs`. The first failure rejects (after the workers stop). */
export async function runInWorkers<Job, Result>(task: WorkerTask<Job>): Promise<Result[]> {
  const { jobs } = task;
  if (jobs.length === 0) return [];
  const queue = [...(task.order ?? jobs.keys())];
  const results: Result[] = new Array(jobs.length);
  const size = Math.max(1, Math.min(jobs.length, availableParallelism()));
  const source = WORKER(task.handler);
  const workers = Array.from({ length: size }, () => new Worker(source, { eval: true, workerData: task.workerData }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const index = queue.shift();
              if (index === undefined) return resolve();
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on('message', ({ index, result, error }: Answer) => {
              if (error !== undefined) return reject(new Error(error));
              results[index] = result as Result;
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`a worker thread stopped (exit code ${code})`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
