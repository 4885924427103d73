/**
 * Test helpers: write a small book into a fresh temp folder and load it the way the CLI does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { loadBookConfig } from '../scripts/config/load.ts';
import { resolveBook } from '../scripts/config/resolve.ts';
import { loadBook } from '../scripts/build.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import type { Book, ImageAsset, ResolvedBook } from '../scripts/model.ts';
import { embedImages } from '../scripts/assets/embed-images.ts';
import { ImageResolver } from '../scripts/assets/images.ts';

/** Files of a fixture book: relative path → text (or bytes). */
export type FixtureFiles = Record<string, string | Uint8Array>;

/** A new empty folder under the system temp dir, removed by `cleanupTempDirs`. */
const created: string[] = [];
export function makeTempDir(prefix = 'ink-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}
export function cleanupTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Write the files into dir (folders created as needed); returns dir. */
export function writeFiles(dir: string, files: FixtureFiles): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** A fixture book in a fresh temp dir; returns the folder. */
export function writeBook(files: FixtureFiles): string {
  return writeFiles(makeTempDir(), files);
}

/**
 * Run `fn` with process.cwd() set to dir, so that loadBookConfig shows `book.yaml` (a path
 * relative to the working directory) in its messages whatever folder the tests start in.
 */
export function inDir<T>(dir: string, fn: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(before);
  }
}

export async function inDirAsync<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

/** loadBookConfig + resolveBook on dir/book.yaml, with the messages showing `book.yaml`. */
export function resolveIn(dir: string): ResolvedBook {
  return inDir(dir, () => {
    const file = path.join(dir, 'book.yaml');
    const { config, source } = loadBookConfig(file);
    return resolveBook(config, source, file);
  });
}

/** The message of what `fn` throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

export async function errorOfAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The config error for dir/book.yaml, as the CLI prints it. */
export function configError(dir: string): string {
  return errorOf(() => resolveIn(dir));
}

export interface LoadedBook {
  book: Book;
  diagnostics: Diagnostics;
  /** Warnings as the CLI prints them. */
  warnings: string[];
}

/** The whole book model for dir/book.yaml, cwd = dir. */
export async function loadIn(dir: string): Promise<LoadedBook> {
  const diagnostics = new Diagnostics();
  const book = await inDirAsync(dir, () => loadBook({ configFile: path.join(dir, 'book.yaml') }, diagnostics));
  return { book, diagnostics, warnings: diagnostics.warnings.map(formatWarning) };
}

/**
 * The book model with its images embedded (the assets stage's image step, without the fonts):
 * offline unless told otherwise, caches in `<out>/.cache/images` as in a build.
 */
export async function loadWithImagesIn(dir: string, options: { offline?: boolean } = {}): Promise<LoadedBook & { images: Map<string, ImageAsset> }> {
  const loaded = await loadIn(dir);
  const config = loaded.book.config;
  const resolver = new ImageResolver({ root: config.root, cacheDir: path.join(config.output.dir, '.cache', 'images'), diagnostics: loaded.diagnostics, offline: options.offline ?? true });
  const book = await inDirAsync(dir, () => embedImages(loaded.book, resolver));
  return { book, images: resolver.assets, diagnostics: loaded.diagnostics, warnings: loaded.diagnostics.warnings.map(formatWarning) };
}

/** A minimal valid book.yaml around a chapters list (YAML text, already indented by the caller). */
export function bookYaml(chapters: string, extra = ''): string {
  return `title: 测试之书\nauthor: 测试者\nlanguage: zh-CN\n${extra}chapters:\n${chapters}`;
}

/** A 1×1 transparent PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A note's Markdown as the tools that write notes read it: CommonMark (indented code included),
 * GFM and YAML front matter. Deliberately not Inkstone's own parser: the tests compare the book
 * against what the author wrote, not against what the pipeline thinks they wrote.
 */
export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).parse(markdown) as Root;
}

/** Text without whitespace (wrapping and indentation differ between source and book) and `*`. */
export const normaliseText = (s: string) => s.replace(/\s+/g, '').replace(/\*/g, '');

/** Decode the entities XHTML and HTML use for text (named markup ones and numeric ones). */
export const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&#(x?)([0-9a-f]+);/gi, (_, hex: string, digits: string) => String.fromCodePoint(parseInt(digits, hex ? 16 : 10)))
    .replace(/&amp;/g, '&');

/**
 * The text of an XHTML document's body as a reader sees it: tags removed, entities decoded, soft
 * hyphens (hyphenation points in wide tables, render/tables.ts) dropped.
 */
export const xhtmlText = (xhtml: string) => decodeEntities(xhtml.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<[^>]+>/g, '')).replace(/\u00ad/g, '');

/** One block of a note's text as a reader reads it, normalised (see normaliseText). */
export interface SourceBlock {
  /** `image`: the image's URL (an unreachable image's placeholder shows it); `html`: a run of text inside a raw HTML block. */
  kind: 'paragraph' | 'heading' | 'tableCell' | 'code' | 'image' | 'html';
  text: string;
  line: number | undefined;
}

/**
 * Every paragraph, heading, GFM table cell, code block and image of a note, and the text runs of
 * its raw HTML blocks (scripts, styles and comments left out): what must reach the reader.
 * Inline HTML tags are markup, not text (`a<br>b` reads "ab"); image alt text is not in a
 * paragraph's text (images are checked on their own).
 */
export function sourceBlocks(markdown: string): SourceBlock[] {
  const tree = parseMarkdown(markdown);
  const blocks: SourceBlock[] = [];
  const push = (kind: SourceBlock['kind'], raw: string, line: number | undefined) => {
    const text = normaliseText(raw);
    if (text) blocks.push({ kind, text, line });
  };
  visit(tree, 'image', (node, index, parent) => {
    push('image', node.url, node.position?.start.line);
    if (parent && index !== undefined) parent.children.splice(index, 1);
    return index;
  });
  visit(tree, (node, _index, parent) => {
    const line = node.position?.start.line;
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      push(node.type, toString(node, { includeHtml: false }), line);
      return 'skip';
    }
    if (node.type === 'code') push('code', node.value, line);
    // Block-level raw HTML (a table, a div): its text runs. Inline tags are inside paragraphs.
    if (node.type === 'html' && parent?.type !== 'paragraph' && parent?.type !== 'heading' && parent?.type !== 'tableCell') {
      const body = node.value.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '');
      for (const run of body.split(/<[^>]*>/)) push('html', decodeEntities(run), line);
    }
    return undefined;
  });
  return blocks;
}
