/**
 * The corpus: three real books nobody on this project wrote, kept in `../shared/corpus/` beside
 * the repository (CI has it; a user's clone does not). Each one's `book.yaml` is our test
 * configuration and lives here, in `test/corpus/<name>/book.yaml`; a book is built from a copy
 * in a temp folder with that file put where it belongs. Used by the corpus suite and the bench.
 */
import { cpSync, existsSync, mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `../shared/corpus` beside the repository; INKSTONE_CORPUS points elsewhere. */
export const CORPUS_DIR = path.resolve(ROOT, process.env.INKSTONE_CORPUS ?? '../shared/corpus');

/** Syntax of the authoring tool beyond CommonMark + GFM that changes what a reader sees. */
export type Dialect = 'obsidian';

export interface CorpusBook {
  /** Folder in the corpus and under test/corpus/. */
  name: string;
  /** Where book.yaml goes, relative to the book's folder (the folder the tool builds from). */
  bookDir: string;
  /** Which authoring world the notes come from. */
  tool: string;
  dialect?: Dialect;
}

export const CORPUS_BOOKS: readonly CorpusBook[] = [
  { name: 'gowebapp', bookDir: 'zh', tool: 'GitBook' },
  { name: 'islp', bookDir: 'ISLP笔记', tool: 'Obsidian', dialect: 'obsidian' },
  { name: 'advjava', bookDir: '.', tool: 'VitePress' },
];

export function corpusBook(name: string): CorpusBook {
  const book = CORPUS_BOOKS.find((b) => b.name === name);
  if (!book) throw new Error(`no corpus book named ${name}; expected one of ${CORPUS_BOOKS.map((b) => b.name).join(', ')}`);
  return book;
}

/** Why the corpus cannot be used here, or undefined when it can. */
export function corpusMissing(book?: CorpusBook): string | undefined {
  const dir = book ? path.join(CORPUS_DIR, book.name) : CORPUS_DIR;
  return existsSync(dir) ? undefined : `${dir} not found (the corpus is ../shared/corpus beside the repository; CI has it)`;
}

export interface PreparedBook {
  /** The copy's root (the book's own folder). */
  copy: string;
  /** The folder that holds book.yaml in the copy. */
  root: string;
  configFile: string;
}

/** Copy the corpus book into a new temp folder and put our book.yaml where it belongs. */
export function prepareCorpusBook(book: CorpusBook, tmpRoot = os.tmpdir()): PreparedBook {
  const copy = path.join(realpathSync(mkdtempSync(path.join(tmpRoot, `ink-corpus-${book.name}-`))), book.name);
  cpSync(path.join(CORPUS_DIR, book.name), copy, { recursive: true });
  const root = path.join(copy, book.bookDir);
  const configFile = path.join(root, 'book.yaml');
  cpSync(path.join(ROOT, 'test/corpus', book.name, 'book.yaml'), configFile);
  return { copy, root, configFile };
}
