/**
 * Font subsetting side by side: subset-font (HarfBuzz in WebAssembly) takes a few hundred
 * milliseconds per CJK font and runs on one thread, so the subsets a build misses are made in
 * worker threads, one per core, the largest source files first.
 *
 * The worker is plain CommonJS given as a string (`eval`) and loads subset-font by the path
 * resolved here: it works the same from the TypeScript sources (tsx, the tests) and from the
 * CLI's esbuild bundle under node_modules/.cache/, where no worker file of ours exists.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

export interface SubsetJob {
  /** The font file to subset (TrueType/OpenType). */
  source: string;
  /** The characters to keep. */
  text: string;
}

/** Reads the source in the worker (no 15 MB copy between threads) and answers with the subset. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const subsetFont = require(workerData.subsetFont);
parentPort.on('message', async ({ index, source, text }) => {
  try {
    const data = await subsetFont(readFileSync(source), text, { targetFormat: 'sfnt' });
    parentPort.postMessage({ index, data });
  } catch (error) {
    parentPort.postMessage({ index, error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
`;

interface Answer {
  index: number;
  data?: Uint8Array;
  error?: string;
}

/** Each job's subset, in the order of `jobs`. */
export async function subsetInWorkers(jobs: readonly SubsetJob[]): Promise<Buffer[]> {
  if (jobs.length === 0) return [];
  // Largest first: the CJK fonts take most of the time, so they should not start last.
  const queue = jobs.map((job, index) => ({ ...job, index, size: statSync(job.source).size })).sort((a, b) => b.size - a.size || a.index - b.index);
  const results: Buffer[] = new Array(jobs.length);
  const size = Math.max(1, Math.min(jobs.length, availableParallelism()));
  const workerData = { subsetFont: require.resolve('subset-font') };
  const workers = Array.from({ length: size }, () => new Worker(WORKER, { eval: true, workerData }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job) return resolve();
              worker.postMessage({ index: job.index, source: job.source, text: job.text });
            };
            worker.on('message', ({ index, data, error }: Answer) => {
              if (error !== undefined || !data) return reject(new Error(`subsetting ${jobs[index]!.source} failed: ${error}`));
              results[index] = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`a font subsetting worker stopped (exit code ${code})`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
