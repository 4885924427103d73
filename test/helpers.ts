/**
 * Test helpers: write a small book into a fresh temp folder and load it the way the CLI does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
