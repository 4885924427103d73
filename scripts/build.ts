/**
 * The pipeline, in the order it runs:
 * load config → resolve → read notes → Markdown → book model (ids, links, images)
 * → fonts and cover → one renderer per format → atomic write.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBookConfig } from './config/load.ts';
import { resolveBook } from './config/resolve.ts';
import { Diagnostics, type Warning } from './errors.ts';
import { ImageResolver } from './assets/images.ts';
import { subsetBookFonts } from './assets/fonts.ts';
import { generateCover, readCover } from './assets/cover.ts';
import { toString as hastToString } from 'hast-util-to-string';
import { assembleBook } from './book/assemble.ts';
import { applyGlossary } from './glossary/apply.ts';
import { textByRole, UI_TEXT } from './book/font-text.ts';
import { reportMissingGlyphs } from './book/missing-glyphs.ts';
import type { Book, OutputFormat } from './model.ts';
import { readBookNotes } from './notes/read.ts';
import { epubRenderer } from './render/epub.ts';
import type { Renderer, RendererSession } from './render/renderer.ts';
import type { SiteRenderer } from './render/html.ts';
import { writeFileAtomic } from './util/atomic-write.ts';
import { acquireBuildLock } from './util/lock.ts';

/** The project folder (templates/, styles/). Set by scripts/run.mjs, which may run a bundle. */
export const PROJECT_ROOT = process.env.INKSTONE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildOptions {
  configFile: string;
  outDir?: string;
  formats: OutputFormat[];
  onWarning?: (w: Warning) => void;
  progress?: (message: string) => void;
  /** Only use cached remote images. */
  offline?: boolean;
}

export interface BuildResult {
  book: Book;
  outputs: { format: OutputFormat; file: string; bytes: number }[];
  warnings: Warning[];
}

async function rendererFor(format: OutputFormat): Promise<Renderer | SiteRenderer> {
  switch (format) {
    case 'epub':
      return epubRenderer;
    case 'pdf':
      return (await import('./render/pdf.ts')).pdfRenderer;
    case 'html':
      return (await import('./render/html.ts')).htmlRenderer;
    default:
      return format satisfies never;
  }
}

/** Everything up to the book model: shared by build, preview and tests. */
export async function loadBook(options: Pick<BuildOptions, 'configFile' | 'outDir' | 'offline'>, diagnostics: Diagnostics): Promise<Book> {
  const { config, source } = loadBookConfig(options.configFile);
  const resolved = resolveBook(config, source, options.configFile);
  if (options.outDir) resolved.output.dir = path.resolve(options.outDir);
  const chapters = readBookNotes(resolved, diagnostics);
  const images = new ImageResolver({ root: resolved.root, cacheDir: path.join(resolved.output.dir, '.cache', 'images'), diagnostics, offline: options.offline });
  const book = await assembleBook(resolved, chapters, { diagnostics, images, noteCacheDir: path.join(resolved.output.dir, '.cache', 'notes') });
  book.glossary = await applyGlossary(book, diagnostics);
  if (book.glossary) {
    book.text += `\n${book.glossary.title}\n${book.glossary.entries.map((e) => `${e.term} ${e.english ?? ''} ${e.aliases.join(' ')} ${hastToString(e.definition)}`).join('\n')}参见又作出现于`;
  }
  return book;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? (() => {});
  const diagnostics = new Diagnostics(options.onWarning);
  const t0 = performance.now();
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(2);

  // Renderers with slow set-up (the PDF's browser) start it now, while the notes are read.
  const renderers = await Promise.all(options.formats.map(rendererFor));
  const sessions = renderers.map((r) => ('open' in r ? r.open?.(progress) : undefined));
  try {
    return await buildWith(options, renderers, sessions, diagnostics, progress, seconds);
  } finally {
    await Promise.all(sessions.map((s) => s?.close()));
  }
}

async function buildWith(
  options: BuildOptions,
  renderers: (Renderer | SiteRenderer)[],
  sessions: (RendererSession | undefined)[],
  diagnostics: Diagnostics,
  progress: (message: string) => void,
  seconds: () => string,
): Promise<BuildResult> {
  const book = await loadBook(options, diagnostics);
  const chapterCount = book.parts.reduce((n, p) => n + p.chapters.length, 0);
  const noteCount = book.parts.reduce((n, p) => n + p.chapters.reduce((m, c) => m + c.notes.length, 0), 0);
  progress(`notes → book: ${book.parts.length} parts, ${chapterCount} chapters, ${noteCount} notes, ${book.images.size} images (${seconds()} s)`);

  const outDir = book.config.output.dir;
  const release = await acquireBuildLock(outDir);
  try {
    const cacheDir = path.join(outDir, '.cache');
    const fonts = await subsetBookFonts({
      textByRole: textByRole(book, UI_TEXT),
      cacheDir: path.join(cacheDir, 'fonts'),
      onMissing: (chars) => reportMissingGlyphs(book, chars, diagnostics),
    });
    // The fallbacks too: resvg takes a glyph the Chinese fonts lack (a Greek ά) from them.
    const coverFonts = fonts.filter((f) => f.face.role === 'heading' || f.face.role === 'body' || f.face.role === 'fallback').map((f) => f.file);
    const cover = book.config.cover ? readCover(book.config.cover) : await generateCover(book.meta, { fontFiles: coverFonts, cacheDir });
    progress(`fonts: ${fonts.length} subsets, ${(fonts.reduce((n, f) => n + f.data.length, 0) / 1024).toFixed(0)} KiB (${seconds()} s)`);

    const context = { book, fonts, cover, diagnostics, templatesDir: path.join(PROJECT_ROOT, 'templates'), stylesDir: path.join(PROJECT_ROOT, 'styles'), progress };
    // Formats render side by side (the EPUB is made while Chromium prints). Nothing is written
    // until every format has rendered, so a failing one leaves all previous outputs as they were.
    const rendered = await Promise.all(
      renderers.map(async (renderer, i): Promise<{ files: Map<string, Buffer> } | { data: Buffer }> =>
        'renderFiles' in renderer ? { files: await renderer.renderFiles(context) } : { data: await renderer.render(context, sessions[i]) },
      ),
    );
    const outputs: BuildResult['outputs'] = [];
    for (const [i, renderer] of renderers.entries()) {
      const { format } = renderer;
      const result = rendered[i]!;
      if ('files' in result) {
        // A folder of files (the html site): written whole into <out>/<format>/.
        const dir = path.join(outDir, format);
        const { writeSiteAtomic } = await import('./render/html.ts');
        const bytes = writeSiteAtomic(dir, result.files);
        outputs.push({ format, file: dir, bytes });
        progress(`${format}: ${path.relative(process.env.INIT_CWD ?? process.cwd(), dir)}/ ${result.files.size} files, ${(bytes / 1024 / 1024).toFixed(2)} MB (${seconds()} s)`);
        continue;
      }
      const file = path.join(outDir, `${book.config.output.name}.${format}`);
      writeFileAtomic(file, result.data);
      outputs.push({ format, file, bytes: result.data.length });
      progress(`${format}: ${path.relative(process.env.INIT_CWD ?? process.cwd(), file)} ${(result.data.length / 1024 / 1024).toFixed(2)} MB (${seconds()} s)`);
    }
    return { book, outputs, warnings: diagnostics.warnings };
  } finally {
    release();
  }
}
