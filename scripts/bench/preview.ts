/**
 * Preview and incremental figures for `npm run bench`: the time from saving a one-line change in
 * a note to the updated page being served by `npm run dev` (median and 95th percentile of 20
 * edits, for this book and for the largest corpus book when ../shared/corpus is there), and a
 * second `npm run build` with nothing changed against the first.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_BOOKS, corpusMissing, prepareCorpusBook } from '../../test/corpus/books.ts';
import type { GoalTable } from './goals.ts';
import { measure, type Measurement } from './measure.ts';

function copyBook(root: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-book-'));
  cpSync(path.join(root, 'book.yaml'), path.join(dir, 'book.yaml'));
  cpSync(path.join(root, 'chapters'), path.join(dir, 'chapters'), { recursive: true });
  return dir;
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** A copy of a book to edit: the note that gets a line, the page that must show it. */
export interface PreviewBook {
  name: string;
  configFile: string;
  note: string;
  page: string;
  remove: () => void;
}

/** This repository's own book: a line in an essay, shown on chapter 3. */
export function ownPreviewBook(root: string): PreviewBook {
  const dir = copyBook(root);
  return { name: 'this book', configFile: path.join(dir, 'book.yaml'), note: path.join(dir, 'chapters/essays/llm-bootstrapping.md'), page: 'chapter-003.html', remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The largest corpus book (gowebapp): a line in 02.2.md (Go基础), chapter 10; undefined without the corpus. */
export function corpusPreviewBook(): PreviewBook | undefined {
  const book = CORPUS_BOOKS.find((b) => b.name === 'gowebapp')!;
  if (corpusMissing(book)) return undefined;
  const { copy, root, configFile } = prepareCorpusBook(book);
  return { name: 'gowebapp', configFile, note: path.join(root, '02.2.md'), page: 'chapter-010.html', remove: () => rmSync(path.dirname(copy), { recursive: true, force: true }) };
}

/** Milliseconds from appending a line to a note until the preview serves it, `times` times. */
export async function previewLatency(root: string, times: number, book: PreviewBook = ownPreviewBook(root)): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/dev.ts'), book.configFile, '--port', '0', '--offline'], {
    cwd: root,
    env: { ...process.env, INIT_CWD: path.dirname(book.configFile) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const waitFor = async (test: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error(`preview did not answer in time:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await waitFor(() => /preview at (http:\/\/\S+)/.test(output) && /built \d+ chapters/.test(output), 120_000);
    await new Promise((r) => setTimeout(r, 500)); // settled: an author edits a book already open
    const url = /preview at (http:\/\/\S+)/.exec(output)![1]!;
    const { note } = book;
    const page = `${url}${book.page}`;
    const results: number[] = [];
    for (let i = 0; i < times; i++) {
      const marker = `基准测试标记${i}号`;
      const t0 = performance.now();
      appendFileSync(note, `\n\n${marker}\n`);
      let served = false;
      while (!served) {
        served = (await get(page)).includes(marker);
        if (!served) await new Promise((r) => setTimeout(r, 5));
        if (performance.now() - t0 > 60_000) throw new Error(`the change never reached the page; the preview said:\n${output.slice(-3000)}`);
      }
      results.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 300));
    }
    return results;
  } finally {
    child.kill('SIGINT');
    book.remove();
  }
}

/** Median and 95th percentile of the latencies, in ms. */
export function previewStats(latencies: number[]): { median: number; p95: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const median = sorted.length % 2 ? at(0.5) : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { median, p95: at(0.95) };
}

/** `preview NAME: median N ms, p95 N ms (goal …)`: one-line change → page served. */
export function previewLine(name: string, latencies: number[]): string {
  const { median, p95 } = previewStats(latencies);
  return `preview ${name} (${latencies.length} edits): median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (goal ≤ 150 / ≤ 300 ms)`;
}

export async function benchIncremental({ root, goals }: { root: string; goals: GoalTable }): Promise<void> {
  // One copy at a time (each is removed when its preview stops); gowebapp only where the corpus is.
  for (const [row, copy] of [['preview-book', () => ownPreviewBook(root)], ['preview-corpus', corpusPreviewBook]] as const) {
    const book = copy();
    if (!book) continue;
    const latencies = await previewLatency(root, 20, book);
    console.log(previewLine(book.name, latencies));
    const { median, p95 } = previewStats(latencies);
    goals.set(row, { measured: `${median.toFixed(0)} / ${p95.toFixed(0)} ms`, met: median <= 150 && p95 <= 300, detail: book.name });
  }

  // A second build with nothing changed reuses the PDF (render/pdf/index.ts outputCache).
  const book = copyBook(root);
  const out = path.join(book, 'build');
  const cli = [path.join(root, 'scripts/run.mjs'), 'build', path.join(book, 'book.yaml'), '--out', out, '--offline'];
  const env = { INIT_CWD: book };
  const first = await measure(process.execPath, cli, env);
  const second = await measure(process.execPath, cli, env);
  rmSync(book, { recursive: true, force: true });
  const f = (m: Measurement) => `${m.seconds.toFixed(2)} s`;
  console.log(`npm run build (EPUB + PDF), first:  ${f(first)}`);
  console.log(`  again, nothing changed:          ${f(second)} (${(first.seconds / second.seconds).toFixed(1)} × faster; goal ≥ 3 ×)`);
}
