/**
 * `npm run bench`: figures, not pass/fail. Wall time and peak memory (PSS of the whole process
 * tree, sampled from /proc) of a cold EPUB build of this book against `pandoc -t epub3` on the
 * original notes, a second build with warm caches, and (when a browser is available) the full
 * EPUB + PDF build against the floor of Chromium printing the book's HTML once; then the
 * corpus books of ../shared/corpus beside this one (scripts/bench-corpus.ts).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performanceGoals } from './bench/goals.ts';
import { measure, type Measurement } from './bench/measure.ts';
import { runCommand } from './util/command.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const notesDir = existsSync(path.resolve(root, '../shared/notes')) ? path.resolve(root, '../shared/notes') : path.join(root, 'test/fixtures/source-notes');

const fmt = (m: Measurement) => `${m.seconds.toFixed(2)} s, peak ${m.peakMiB.toFixed(0)} MiB`;
/** The command a user runs (scripts/run.mjs → the bundled CLI), without npm's own start-up. */
const inkstone = (...args: string[]) => [process.execPath, [path.join(root, 'scripts/run.mjs'), ...args]] as const;

/**
 * Figures are not pass/fail: a part that cannot be measured says so and the others still run.
 * (Behaviour is checked by the test suites, not here.)
 */
const unmeasured: string[] = [];
async function section(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    console.log(`${name}: could not be measured: ${message.split('\n')[0]}`);
    process.stderr.write(`${message}\n`);
    unmeasured.push(name);
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const best = async (f: () => Promise<Measurement>) => {
    const all: Measurement[] = [];
    for (let i = 0; i < runs; i++) all.push(await f());
    return all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  };
  console.log(`inkstone bench (best of ${runs}; peak = PSS of the whole process tree)`);
  const goals = performanceGoals();
  // The first command after a change of the pipeline's code bundles it (scripts/run.mjs): not a
  // cost of any build measured here.
  await measure(...inkstone('build', '--help'));

  const epubCold = await best(async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const m = await measure(...inkstone('build', 'book.yaml', '--out', out, '--format', 'epub', '--offline'), { INIT_CWD: root });
    rmSync(out, { recursive: true, force: true });
    return m;
  });
  const notes = readdirSync(notesDir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(notesDir, f));
  const pandocOut = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'pandoc.epub');
  const pandoc = await best(() => measure('pandoc', ['-f', 'markdown', '-t', 'epub3', '--metadata', 'title=大模型手记', '--metadata', 'lang=zh-CN', '-o', pandocOut, ...notes]));
  console.log(`EPUB cold build (no caches):       ${fmt(epubCold)}`);
  console.log(`pandoc -t epub3, the five notes:   ${fmt(pandoc)}`);
  goals.atMost('epub-cold', epubCold.seconds / pandoc.seconds, 2.5, ' ×', `${epubCold.seconds.toFixed(2)} s ÷ ${pandoc.seconds.toFixed(2)} s`);

  const warmDir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  await measure(...inkstone('build', 'book.yaml', '--out', warmDir, '--format', 'epub', '--offline'), { INIT_CWD: root });
  const epubWarm = await best(() => measure(...inkstone('build', 'book.yaml', '--out', warmDir, '--format', 'epub', '--offline'), { INIT_CWD: root }));
  console.log(`EPUB rebuild, caches warm:         ${fmt(epubWarm)}`);
  goals.atMost('epub-warm', epubWarm.seconds / pandoc.seconds, 1.2, ' ×', `${epubWarm.seconds.toFixed(2)} s ÷ ${pandoc.seconds.toFixed(2)} s`);
  await section('glossary', benchGlossary);

  const { benchPdf } = await import('./bench/pdf.ts');
  await section('PDF', () => benchPdf({ root, runs: Math.min(runs, 2), goals }));
  rmSync(warmDir, { recursive: true, force: true });
  const { benchIncremental } = await import('./bench/preview.ts');
  await section('preview and incremental builds', () => benchIncremental({ root, goals }));
  const { benchCorpus } = await import('./bench/corpus.ts');
  await section('corpus books', () => benchCorpus({ root }));
  if (unmeasured.length) console.log(`bench: not measured: ${unmeasured.join('; ')}`);
  console.log(`\nperformance goals (issue #12), measured in this run on ${os.availableParallelism()} cores:\n${goals.format()}`);
}

/** What the glossary stage adds: the build's own stage timings, the real book, in one process. */
async function benchGlossary(): Promise<void> {
  const { build } = await import('./build.ts');
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-glossary-'));
  try {
    const { stageSeconds: t } = await build({ configFile: path.join(root, 'book.yaml'), outDir: out, formats: [], offline: true, write: false });
    const before = (t.config ?? 0) + (t.notes ?? 0) + (t.markdown ?? 0) + (t.book ?? 0);
    const s = (seconds: number) => seconds.toFixed(2);
    console.log(`glossary stage:                    ${s(t.glossary ?? 0)} s after ${s(before)} s for notes → book, in one process (goal < 10 % of the EPUB build)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

runCommand(async () => {
  await main();
  return 0;
});
