/**
 * `npm run bench`: figures, not pass/fail. Wall time and peak memory (PSS of the whole process
 * tree, sampled from /proc) of a cold EPUB build of this book against `pandoc -t epub3` on the
 * original notes, a second build with warm caches, and (when a browser is available) the full
 * EPUB + PDF build against the floor of Chromium printing the book's HTML once; then the
 * corpus books of ../shared/corpus beside this one (scripts/bench-corpus.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const notesDir = existsSync(path.resolve(root, '../shared/notes')) ? path.resolve(root, '../shared/notes') : path.join(root, 'test/fixtures/source-notes');

export interface Measurement {
  seconds: number;
  peakMiB: number;
  code: number;
}

function treeRssKiB(pid: number): number {
  let total = 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      // PSS (proportional set size): shared pages (Chromium's processes share a lot) count once
      // in total, not once per process as RSS would. Falls back to RSS where smaps is missing.
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      try {
        total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        // gone
      }
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

export function measure(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, [...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssKiB(child.pid));
    }, 25);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) process.stderr.write(stderr);
      resolve({ seconds, peakMiB: peak / 1024, code: code ?? 1 });
    });
  });
}

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
  console.log(`ratio inkstone / pandoc:           ${(epubCold.seconds / pandoc.seconds).toFixed(2)} × (goal ≤ 1.5 ×)`);

  const warmDir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  await measure(...inkstone('build', 'book.yaml', '--out', warmDir, '--format', 'epub', '--offline'), { INIT_CWD: root });
  const epubWarm = await best(() => measure(...inkstone('build', 'book.yaml', '--out', warmDir, '--format', 'epub', '--offline'), { INIT_CWD: root }));
  console.log(`EPUB rebuild, caches warm:         ${fmt(epubWarm)} (${(epubWarm.seconds / pandoc.seconds).toFixed(2)} × pandoc)`);
  await section('glossary', benchGlossary);

  const pdfBench = path.join(root, 'scripts/pdf/bench-pdf.ts');
  if (existsSync(pdfBench)) {
    const { benchPdf } = (await import(pdfBench)) as { benchPdf: (ctx: { root: string; measure: typeof measure; runs: number }) => Promise<void> };
    await section('PDF', () => benchPdf({ root, measure, runs: Math.min(runs, 2) }));
  }
  rmSync(warmDir, { recursive: true, force: true });
  const { benchIncremental } = (await import(path.join(root, 'scripts/dev/bench-dev.ts'))) as typeof import('./dev/bench-dev.ts');
  await section('preview and incremental builds', () => benchIncremental({ root, measure }));
  const { benchCorpus } = (await import(path.join(root, 'scripts/bench-corpus.ts'))) as typeof import('./bench-corpus.ts');
  await section('corpus books', () => benchCorpus({ root, measure }));
  if (unmeasured.length) console.log(`bench: not measured: ${unmeasured.join('; ')}`);
}

/** What the glossary stage adds: the stages of loadBook run one by one on the real book. */
async function benchGlossary(): Promise<void> {
  const { loadBookConfig } = await import('./config/load.ts');
  const { resolveBook } = await import('./config/resolve.ts');
  const { readBookNotes } = await import('./notes/read.ts');
  const { assembleBook } = await import('./book/assemble.ts');
  const { ImageResolver } = await import('./assets/images.ts');
  const { applyGlossary } = await import('./glossary/apply.ts');
  const { Diagnostics } = await import('./errors.ts');
  const configFile = path.join(root, 'book.yaml');
  const diagnostics = new Diagnostics();
  const t0 = performance.now();
  const { config, source } = loadBookConfig(configFile);
  const resolved = resolveBook(config, source, configFile);
  const chapters = readBookNotes(resolved, diagnostics);
  const images = new ImageResolver({ root: resolved.root, cacheDir: path.join(os.tmpdir(), 'bench-no-images'), diagnostics, offline: true });
  const book = await assembleBook(resolved, chapters, { diagnostics, images });
  const t1 = performance.now();
  await applyGlossary(book, diagnostics);
  const t2 = performance.now();
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(`glossary stage:                    ${s(t2 - t1)} s after ${s(t1 - t0)} s for notes → book, in one process (goal < 10 % of the EPUB build)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
