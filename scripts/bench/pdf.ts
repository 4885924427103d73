/**
 * PDF figures for `npm run bench`: the floor (Chromium loading and printing the book's HTML
 * once, as the build's first pass does, with the browser already running), the cold full build
 * (EPUB + PDF) against it, peak memory, and how the build time grows with a book ten times as
 * large (the notes repeated).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { prepareBook, PROJECT_ROOT } from '../build.ts';
import { Diagnostics } from '../errors.ts';
import { launchBrowser, resolveBrowser } from '../browser/launch.ts';
import { bookResources, printPage } from '../render/pdf/index.ts';
import { INDEX_URL, loadBookPage, openBookPage, printPdf } from '../render/pdf/print.ts';
import { layoutBook } from '../render/layout.ts';
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

export async function benchPdf({ root, runs }: { root: string; runs: number }): Promise<void> {
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
  console.log(`ratio full build / floor:            ${(full.seconds / floor).toFixed(2)} × (goal ≤ 2.5 ×); peak memory goal < 1536 MiB`);

  if (process.env.BENCH_QUICK) return console.log('the book ×10: skipped (BENCH_QUICK)');
  const big = multipliedBook(root, 10);
  const bigFull = await measure(...cli(path.join(big, 'book.yaml'), path.join(big, 'build')), { INIT_CWD: big });
  rmSync(big, { recursive: true, force: true });
  console.log(`the book ×10, full build:            ${fmt(bigFull)}${bigFull.code ? ' (FAILED)' : ''}`);
  console.log(`ratio ×10 / ×1:                      ${(bigFull.seconds / full.seconds).toFixed(2)} × (goal ≤ 12 ×)`);
}
