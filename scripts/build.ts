/**
 * The pipeline. Each stage takes the previous stage's value and returns a new one; nothing is
 * changed after the stage that made it:
 *
 *   config → notes → markdown → book model → glossary → index → assets → renderers → write
 *
 * Every command (build, dev, release, bench) runs this chain with options: `loadBook` stops after
 * the index, `prepareBook` after the assets, `build` renders and (unless `write: false`)
 * writes every output atomically in one place.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareAssets } from './assets/prepare.ts';
import { assembleBook } from './book/assemble.ts';
import { assembleBookMemoised } from './book/assemble-memo.ts';
import { numberBook } from './book/numbering.ts';
import { SharedBrowser } from './browser/shared.ts';
import { loadConfig } from './config/index.ts';
import { Diagnostics, type Warning } from './errors.ts';
import { applyIndex } from './book-index/apply.ts';
import { applyGlossary } from './glossary/apply.ts';
import { convertNotes } from './markdown/convert.ts';
import type { Book, BookAssets, OutputFormat, ResolvedBook } from './model.ts';
import { readBookNotes } from './notes/read.ts';
import { rendererFor } from './render/index.ts';
import { layoutBook } from './render/layout.ts';
import type { RenderContext, RenderedOutput } from './render/renderer.ts';
import { writeFileAtomic, writeFolderAtomic } from './util/atomic-write.ts';
import { acquireBuildLock } from './util/lock.ts';
import type { Memo } from './util/memo.ts';

/** The project folder (templates/, styles/). Set by scripts/run.mjs, which may run a bundle. */
export const PROJECT_ROOT = process.env.INKSTONE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildOptions {
  configFile: string;
  /** Instead of book.yaml's `output.dir` (absolute). */
  outDir?: string;
  formats: OutputFormat[];
  /** Only use cached remote images. */
  offline?: boolean;
  /** Seconds since 1970 for every date in the outputs; default: the SOURCE_DATE_EPOCH variable. */
  sourceDateEpoch?: string;
  /** False: render in memory only (the preview); the outputs are in `BuildResult.rendered`. */
  write?: boolean;
  onWarning?: (w: Warning) => void;
  progress?: (message: string) => void;
  /**
   * Results kept from the previous build (the preview's rebuilds): stages reuse what an unchanged
   * input gave last time. The output is the same as without it (test/memo.test.ts).
   */
  memo?: Memo;
}

export type StageName = 'config' | 'notes' | 'markdown' | 'book' | 'glossary' | 'index' | 'assets' | 'render' | 'write';

export interface BuildResult {
  book: Book;
  /** What each format made, in the order asked for. */
  rendered: { format: OutputFormat; output: RenderedOutput }[];
  /** Files and folders written (none with `write: false`). */
  outputs: { format: OutputFormat; file: string; bytes: number }[];
  warnings: Warning[];
  /** Seconds each stage took. */
  stageSeconds: Partial<Record<StageName, number>>;
}

export interface PreparedBook {
  book: Book;
  assets: BookAssets;
}

type LoadOptions = Pick<BuildOptions, 'configFile' | 'outDir' | 'offline' | 'sourceDateEpoch' | 'memo'>;

/** Runs one stage and records how long it took. */
class Stages {
  readonly seconds: Partial<Record<StageName, number>> = {};
  private readonly t0 = performance.now();
  async run<T>(name: StageName, stage: () => T | Promise<T>): Promise<T> {
    const t = performance.now();
    const value = await stage();
    this.seconds[name] = (performance.now() - t) / 1000;
    return value;
  }
  /** Seconds since the build began, for progress lines. */
  elapsed(): string {
    return ((performance.now() - this.t0) / 1000).toFixed(2);
  }
}

/** `<out>/.cache`: every stage's content-keyed cache lives under it. */
const cacheDirOf = (config: ResolvedBook) => path.join(config.output.dir, '.cache');

async function loadStages(options: LoadOptions, diagnostics: Diagnostics, stages: Stages): Promise<Book> {
  const config = await stages.run('config', () => loadConfig(options.configFile, { outDir: options.outDir, sourceDateEpoch: options.sourceDateEpoch }));
  const notes = await stages.run('notes', () => readBookNotes(config, diagnostics));
  const noteCacheDir = path.join(cacheDirOf(config), 'notes');
  const converted = await stages.run('markdown', () => convertNotes(notes, { diagnostics, markdown: config.markdown, cacheDir: noteCacheDir, root: config.root, exclude: [config.output.dir], memo: options.memo }));
  // numbering: chapter, section, figure, table and listing numbers when book.yaml asks for them (book/numbering.ts)
  const model = await stages.run('book', () => numberBook(options.memo ? assembleBookMemoised(config, converted, diagnostics, options.memo) : assembleBook(config, converted, diagnostics)));
  const glossed = await stages.run('glossary', () => applyGlossary(model, { diagnostics, noteCacheDir, memo: options.memo, cacheDir: path.join(cacheDirOf(config), 'glossary') }));
  return stages.run('index', () => applyIndex(glossed, { diagnostics, memo: options.memo }));
}

/** config → notes → markdown → book model → glossary → index: for tests and the glossary tools. */
export async function loadBook(options: LoadOptions, diagnostics: Diagnostics): Promise<Book> {
  return loadStages(options, diagnostics, new Stages());
}

/** … → assets: everything a renderer needs. */
export async function prepareBook(options: LoadOptions, diagnostics: Diagnostics): Promise<PreparedBook> {
  const stages = new Stages();
  return assetStage(await loadStages(options, diagnostics, stages), options, diagnostics, stages);
}

/** `browser`: the build's, shared with the PDF renderer; without one the diagrams start their own if they need it. */
function assetStage(book: Book, options: LoadOptions, diagnostics: Diagnostics, stages: Stages, browser?: SharedBrowser, progress?: (m: string) => void): Promise<PreparedBook> {
  const diagramBrowser = browser && (async () => (await browser.get('diagrams')).launched.browser);
  return stages.run('assets', () => prepareAssets(book, { diagnostics, cacheDir: cacheDirOf(book.config), offline: options.offline, browser: diagramBrowser, progress, memo: options.memo }));
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? (() => {});
  const diagnostics = new Diagnostics(options.onWarning);
  const stages = new Stages();

  // Renderers with slow set-up (the PDF's browser) start it now, while the notes are read. The
  // browser is the build's: mermaid diagrams (assets stage) use the same one, started only if needed.
  const browser = new SharedBrowser(progress);
  const renderers = await Promise.all(options.formats.map(rendererFor));
  const sessions = renderers.map((r) => r.open?.(progress, browser));
  try {
    const loaded = await loadStages(options, diagnostics, stages);
    const chapterCount = loaded.parts.reduce((n, p) => n + p.chapters.length, 0);
    const noteCount = loaded.parts.reduce((n, p) => n + p.chapters.reduce((m, c) => m + c.notes.length, 0), 0);
    progress(`notes → book: ${loaded.parts.length} parts, ${chapterCount} chapters, ${noteCount} notes (${stages.elapsed()} s)`);

    const outDir = loaded.config.output.dir;
    // Only a build that writes holds the output folder; the preview renders in memory.
    const release = options.write === false ? () => {} : await acquireBuildLock(outDir);
    try {
      const { book, assets } = await assetStage(loaded, options, diagnostics, stages, browser, progress);
      const kib = (assets.fonts.reduce((n, f) => n + f.data.length, 0) / 1024).toFixed(0);
      progress(`assets: ${assets.images.size} images, ${assets.fonts.length} font subsets, ${kib} KiB (${stages.elapsed()} s)`);

      const context: RenderContext = {
        book,
        assets,
        layout: layoutBook(book),
        diagnostics,
        templatesDir: path.join(PROJECT_ROOT, 'templates'),
        stylesDir: path.join(PROJECT_ROOT, 'styles'),
        progress,
        memo: options.memo,
        cacheDir: cacheDirOf(book.config),
      };
      // Formats render side by side (the EPUB is made while Chromium prints). Nothing is written
      // until every format has rendered, so a failing one leaves all previous outputs as they were.
      const rendered = await stages.run('render', () =>
        Promise.all(renderers.map(async (renderer, i) => ({ format: renderer.format, output: await renderer.render(context, sessions[i]) }))),
      );
      const outputs = options.write === false ? [] : await stages.run('write', () => writeOutputs(outDir, book.config.output.name, rendered));
      for (const o of outputs) {
        const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), o.file);
        progress(`${o.format}: ${shown}${o.format === 'html' ? '/' : ''} ${(o.bytes / 1024 / 1024).toFixed(2)} MB (${stages.elapsed()} s)`);
      }
      return { book, rendered, outputs, warnings: diagnostics.warnings, stageSeconds: stages.seconds };
    } finally {
      release();
    }
  } finally {
    await Promise.all(sessions.map((s) => s?.close()));
    await browser.close();
  }
}

/** Every output in one place: a file as `<out>/<name>.<format>`, a folder as `<out>/<format>/`, each atomically. */
function writeOutputs(outDir: string, name: string, rendered: BuildResult['rendered']): BuildResult['outputs'] {
  return rendered.map(({ format, output }) => {
    if (output.kind === 'folder') {
      const dir = path.join(outDir, format);
      return { format, file: dir, bytes: writeFolderAtomic(dir, output.files) };
    }
    const file = path.join(outDir, `${name}.${format}`);
    writeFileAtomic(file, output.data);
    return { format, file, bytes: output.data.length };
  });
}
