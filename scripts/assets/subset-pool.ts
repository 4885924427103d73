/**
 * Font subsetting side by side: subset-font (HarfBuzz in WebAssembly) takes a few hundred
 * milliseconds per CJK font and runs on one thread, so the subsets a build misses are made in
 * worker threads (util/worker-pool.ts), the largest source files first.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInWorkers } from '../util/worker-pool.ts';

const require = createRequire(import.meta.url);

export interface SubsetJob {
  /** The font file to subset (TrueType/OpenType). */
  source: string;
  /** The characters to keep. */
  text: string;
}

/** Reads the source in the worker (no 15 MB copy between threads) and answers with the subset. */
const HANDLER = `
const { readFileSync } = require('node:fs');
const subsetFont = require(workerData.subsetFont);
return ({ source, text }) => subsetFont(readFileSync(source), text, { targetFormat: 'sfnt' });
`;

/** Each job's subset, in the order of `jobs`. */
export async function subsetInWorkers(jobs: readonly SubsetJob[]): Promise<Buffer[]> {
  // Largest first: the CJK fonts take most of the time, so they should not start last.
  const sizes = jobs.map((job) => statSync(job.source).size);
  const order = [...jobs.keys()].sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const subsets = await runInWorkers<SubsetJob, Uint8Array>({ handler: HANDLER, workerData: { subsetFont: require.resolve('subset-font') }, jobs, order });
  return subsets.map((data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
