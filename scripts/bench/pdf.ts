/**
 * PDF figures for `npm run bench`: the floor (Chromium loading and printing the book's HTML
 * once, as the build's first pass does, with the browser already running), the cold full build
 * (EPUB + PDF) against it, a full build after one note changed against it, peak memory, and how
 * the build time grows with a book ten times as large (the notes repeated).
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { prepareBook, PROJECT_ROOT } from '../build.ts';
import { Diagnostics } from '../errors.ts';
import { launchBrowser, resolveBrowser } from '../browser/launch.ts';
import { bookResources, printPage } from '../render/pdf/index.ts';
import { INDEX_URL, loadBookPage, openBookPage, printPdf } from '../render/pdf/print.ts';
import { layoutBook } from '../render/layout.ts';
import { PDFDocument } from 'pdf-lib';
import type { GoalTable } from './goals.ts';
import { measure, type Measurement } from './measure.ts';

/** Seconds for one load + print of the book's HTML in an already running Chromium. */
async function printFloor(configFile: string, outDir: string): Promise<{ seconds: number; launchSeconds: number }> {
  const diagnostics = new Diagnostics();
  // The build's own chain up to the renderers, then the PDF renderer's first-pass page.
  const { book, assets } = await prepareBook({ configFile, outDir, offline: true }, diagnostics);
  const ctx = { book, assets, layout: layoutBook(book), diagnostics, templatesDir: path.join(PROJECT_ROOT, 'templates'), stylesDir: path.join(PROJECT_ROOT, 'styles'), progress: () => {} };
  const resources = bookResources(ctx);
  resources.set(INDEX_URL, printPage(ctx));
  const t0 = performance.now();
  const launched = await launchBrowser(await resolveBrowser(() => {}));
  const launchSeconds = (performance.now() - t0) / 1000;
  try {
    const page = await openBookPage(launched.browser, resources, new Set());
    const t1 = performance.now();
    await loadBookPage(page);
    await printPdf(page);
    return { seconds: (performance.now() - t1) / 1000, launchSeconds };
  } finally {
    await launched.close();
  }
}

/** A copy of the book with every chapter folder repeated `times` times. */
function multipliedBook(root: string, times: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-x${times}-`));
  const config = parse(readFileSync(path.join(root, 'book.yaml'), 'utf8')) as { parts: { title: string; chapters: unknown[] }[]; glossary?: string };
  const parts: unknown[] = [];
  for (let i = 1; i <= times; i++) {
    cpSync(path.join(root, 'chapters'), path.join(dir, `copy-${i}`, 'chapters'), { recursive: true });
    const prefix = (p: string) => `copy-${i}/${p}`;
    for (const part of config.parts) {
      parts.push({
        title: `${part.title}（${i}）`,
        chapters: part.chapters.map((c) => (typeof c === 'string' ? prefix(c) : { ...(c as object), notes: (c as { notes: string[] }).notes.map(prefix) })),
      });
    }
  }
  if (config.glossary) config.glossary = `copy-1/${config.glossary}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'book.yaml'), stringify({ ...config, parts }));
  return dir;
}

/** A copy of the book (book.yaml and chapters/) in a temporary folder. */
function copiedBook(root: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-book-'));
  cpSync(path.join(root, 'book.yaml'), path.join(dir, 'book.yaml'));
  cpSync(path.join(root, 'chapters'), path.join(dir, 'chapters'), { recursive: true });
  return dir;
}

export async function benchPdf({ root, runs, goals }: { root: string; runs: number; goals: GoalTable }): Promise<void> {
  const fmt = (m: Measurement) => `${m.seconds.toFixed(2)} s, peak ${m.peakMiB.toFixed(0)} MiB`;
  const cli = (config: string, out: string) => [process.execPath, [path.join(root, 'scripts/run.mjs'), 'build', config, '--out', out, '--offline']] as const;
  const best = async (f: () => Promise<Measurement>) => {
    let b: Measurement | undefined;
    for (let i = 0; i < runs; i++) {
      const m = await f();
      if (!b || m.seconds < b.seconds) b = m;
    }
    return b!;
  };
  const coldFull = (config: string) =>
    best(async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'bench-full-'));
      const m = await measure(...cli(config, out), { INIT_CWD: root });
      rmSync(out, { recursive: true, force: true });
      return m;
    });

  const floorDir = mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  let floor = Infinity;
  let launch = 0;
  for (let i = 0; i < runs; i++) {
    const f = await printFloor(path.join(root, 'book.yaml'), floorDir);
    if (f.seconds < floor) [floor, launch] = [f.seconds, f.launchSeconds];
  }
  rmSync(floorDir, { recursive: true, force: true });
  const full = await coldFull(path.join(root, 'book.yaml'));
  console.log(`Chromium: load + print the HTML once (floor): ${floor.toFixed(2)} s (browser start ${launch.toFixed(2)} s more)`);
  console.log(`full build EPUB + PDF, cold:         ${fmt(full)}`);
  goals.atMost('full-cold', full.seconds / floor, 1.6, ' ×', `${full.seconds.toFixed(1)} s ÷ ${floor.toFixed(1)} s`);

  // An author's usual build: the previous one's caches are there, one note changed since.
  const changed = await best(async () => {
    const book = copiedBook(root);
    try {
      const out = path.join(book, 'build');
      await measure(...cli(path.join(book, 'book.yaml'), out), { INIT_CWD: book });
      appendFileSync(path.join(book, 'chapters/essays/llm-bootstrapping.md'), '\n\n改动一行。\n');
      return await measure(...cli(path.join(book, 'book.yaml'), out), { INIT_CWD: book });
    } finally {
      rmSync(book, { recursive: true, force: true });
    }
  });
  console.log(`full build after one note changed:   ${fmt(changed)}`);
  goals.atMost('full-changed', changed.seconds / floor, 1.2, ' ×', `${changed.seconds.toFixed(1)} s ÷ ${floor.toFixed(1)} s`);

  if (process.env.BENCH_QUICK) return console.log('the book ×10: skipped (BENCH_QUICK)');
  const big = multipliedBook(root, 10);
  const bigFull = await measure(...cli(path.join(big, 'book.yaml'), path.join(big, 'build')), { INIT_CWD: big });
  let bigPages = 0;
  try {
    bigPages = (await PDFDocument.load(readFileSync(path.join(big, 'build', 'book.pdf')), { updateMetadata: false })).getPageCount();
  } catch {
    // The build failed: said below.
  }
  rmSync(big, { recursive: true, force: true });
  console.log(`the book ×10, full build:            ${fmt(bigFull)}, ${bigPages} pages${bigFull.code ? ' (FAILED)' : ''}`);
  if (bigFull.code) return;
  goals.atMost('x10-ratio', bigFull.seconds / full.seconds, 10, ' ×', `${bigFull.seconds.toFixed(1)} s ÷ ${full.seconds.toFixed(1)} s, ${bigPages} pages`);
  goals.set('x10-memory', { measured: `${bigFull.peakMiB.toFixed(0)} MiB`, met: bigFull.peakMiB < 1536 });
}
