/**
 * Corpus figures for `npm run bench`: the real books of ../shared/corpus (test/corpus/books.ts)
 * beside this repository's own book, each built as a user builds it (EPUB + PDF, cold caches,
 * offline), one run each: wall time, peak memory, PDF pages, EPUB size, notes. Without the
 * corpus it prints one line saying so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { loadBookConfig } from '../config/load.ts';
import { resolveBook } from '../config/resolve.ts';
import { measure } from './measure.ts';


function noteCount(configFile: string): number {
  const { config, source } = loadBookConfig(configFile);
  return resolveBook(config, source, configFile).parts.reduce((n, p) => n + p.chapters.reduce((m, c) => m + c.notes.length, 0), 0);
}

/** One cold EPUB + PDF build of the book at configFile, described on one line. */
async function coldBuild(root: string, configFile: string): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-corpus-'));
  try {
    const m = await measure(process.execPath, [path.join(root, 'scripts/run.mjs'), 'build', configFile, '--out', out, '--format', 'epub,pdf', '--offline'], { INIT_CWD: path.dirname(configFile) });
    if (m.code !== 0) return `FAILED (exit ${m.code}) after ${m.seconds.toFixed(1)} s`;
    const pdf = path.join(out, 'book.pdf');
    const epub = path.join(out, 'book.epub');
    const pages = existsSync(pdf) ? (await PDFDocument.load(readFileSync(pdf), { updateMetadata: false })).getPageCount() : 0;
    const mb = existsSync(epub) ? statSync(epub).size / 1024 / 1024 : 0;
    return `${m.seconds.toFixed(1).padStart(6)} s, peak ${m.peakMiB.toFixed(0).padStart(4)} MiB, ${String(pages).padStart(4)} PDF pages, EPUB ${mb.toFixed(1)} MB, ${noteCount(configFile)} notes`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchCorpus({ root }: { root: string }): Promise<void> {
  const { CORPUS_BOOKS, corpusMissing, prepareCorpusBook } = (await import(path.join(root, 'test/corpus/books.ts'))) as typeof import('../../test/corpus/books.ts');
  const missing = corpusMissing();
  if (missing) {
    console.log(`corpus books: skipped, ${missing}`);
    return;
  }
  console.log('corpus books, full build EPUB + PDF, cold caches, offline (one run each):');
  const label = (s: string) => `  ${s}`.padEnd(34);
  console.log(`${label('this book (book.yaml)')}${await coldBuild(root, path.join(root, 'book.yaml'))}`);
  for (const book of CORPUS_BOOKS) {
    const prepared = prepareCorpusBook(book);
    try {
      console.log(`${label(`${book.name} (${book.tool})`)}${await coldBuild(root, prepared.configFile)}`);
    } finally {
      rmSync(path.dirname(prepared.copy), { recursive: true, force: true });
    }
  }
}
