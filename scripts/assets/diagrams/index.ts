/**
 * Diagrams, drawn at build time (part of the assets stage, before the fonts are subset, because
 * the diagrams' text is set in the book's fonts). The Markdown stage marked each
 * ```` ```mermaid ````, ```` ```dot ```` and ```` ```graphviz ```` block (`data.diagram`, see
 * markdown/diagram-blocks.ts); here each becomes a `<figure class="diagram">` holding inline
 * SVG, the same in the EPUB, the PDF and the HTML site:
 *
 *   - Graphviz blocks are drawn by Graphviz in WebAssembly (graphviz.ts), mermaid blocks by
 *     mermaid in the build's browser (mermaid.ts), which is started only when a mermaid diagram
 *     is not in the cache (cache.ts);
 *   - a diagram that cannot be drawn stays what it was, its source as code, with a
 *     `diagram-error` warning naming `file:line` and the parser's message; the build goes on.
 */
import type { Element, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Browser } from 'puppeteer';
import { visit } from 'unist-util-visit';
import { SharedBrowser } from '../../browser/shared.ts';
import { ToolError, type Diagnostics } from '../../errors.ts';
import type { Book, Chapter, DiagramKind, NoteRef } from '../../model.ts';
import { BOOK_FONTS, emojiIn, subsetBookFonts } from '../fonts.ts';
import { DiagramCache } from './cache.ts';
import { drawGraphviz, graphvizVersion } from './graphviz.ts';
import { drawMermaid, mermaidConfig, mermaidVersion } from './mermaid.ts';
import { diagramFigure } from './svg-element.ts';
import type { DiagramResult } from './types.ts';
import { memoisedForTree, type Memo } from '../../util/memo.ts';

/** Diagram text is set like body text: the book's serif, emoji from the emoji font. */
const FONT_FAMILY = `"${BOOK_FONTS.find((f) => f.role === 'body')!.family}", "${BOOK_FONTS.find((f) => f.role === 'emoji')!.family}"`;

/**
 * Part of every cache key: bump it when the drawing code changes what it draws (the page-side
 * code in mermaid.ts, the layout in graphviz.ts), so no book is served a drawing of the old code.
 * test/diagrams.test.ts fails when that code changes, as a reminder. (Not the code's own text:
 * it differs between the bundled CLI and tsx, and the cache must serve both.)
 */
export const DIAGRAM_CACHE_VERSION = '1';

export interface DiagramOptions {
  diagnostics: Diagnostics;
  /** `<out>/.cache`: drawn diagrams under `diagrams/`, the fonts mermaid measures with under `fonts/`. */
  cacheDir: string;
  /** The build's browser (build.ts); without one, a browser of its own is started when needed. */
  browser?: () => Promise<Browser>;
  progress?: (message: string) => void;
  /** The preview's memo: whether a chapter has diagrams is kept while its tree is the same. */
  memo?: Memo;
}

interface Block {
  pre: Element;
  kind: DiagramKind;
  source: string;
  key: string;
  file: string;
  line?: number;
}

/** A new book with every diagram block drawn; chapters without diagrams are shared. */
export async function drawDiagrams(book: Book, options: DiagramOptions): Promise<Book> {
  const t0 = performance.now();
  const trees = new Map<Chapter, Root>();
  const blocks: Block[] = [];
  let chapterIndex = 0;
  for (const part of book.parts) {
    for (const chapter of part.chapters) {
      if (!memoisedForTree(options.memo, `diagrams:has:${chapterIndex++}`, chapter.tree, () => hasDiagram(chapter.tree))) continue;
      const tree = structuredClone(chapter.tree);
      trees.set(chapter, tree);
      for (const wrapper of tree.children) {
        if (wrapper.type === 'element' && wrapper.data?.note) blocks.push(...blocksOf(wrapper, wrapper.data.note));
      }
    }
  }
  if (blocks.length === 0) return book;

  const cache = new DiagramCache(`${options.cacheDir}/diagrams`);
  const results = new Map<string, DiagramResult>();
  const missing = new Map<string, Block>();
  for (const b of blocks) {
    const hit = cache.get(b.key);
    if (hit) results.set(b.key, hit);
    else missing.set(b.key, b);
  }
  const toDraw = [...missing.values()];
  for (const b of toDraw.filter((d) => d.kind === 'graphviz')) results.set(b.key, await drawGraphviz(b.source, FONT_FAMILY));
  const mermaid = toDraw.filter((d) => d.kind === 'mermaid');
  if (mermaid.length) {
    const drawn = await drawWithBrowser(mermaid, options);
    mermaid.forEach((b, i) => results.set(b.key, drawn[i]!));
  }
  for (const b of toDraw) cache.set(b.key, results.get(b.key)!);

  // Ids are numbered in reading order, so equal books give equal bytes.
  let number = 0;
  for (const b of blocks) {
    const result = results.get(b.key)!;
    const figure = result.ok ? diagramFigure(result.svg, { kind: b.kind, source: b.source, idPrefix: `diagram-${++number}-` }) : undefined;
    if (figure?.ok) {
      // In place: the `<pre>` becomes the figure (the tree is this stage's own copy).
      Object.assign(b.pre, figure.element, { position: b.pre.position });
      delete b.pre.data?.diagram;
      continue;
    }
    const why = result.ok ? (figure as { reason: string }).reason : result.message;
    const name = b.kind === 'mermaid' ? 'mermaid' : 'Graphviz';
    options.diagnostics.warn('diagram-error', `${name} diagram not drawn, its source is shown as code: ${why}`, { file: b.file, line: b.line });
    delete b.pre.data?.diagram;
  }
  const fromCache = blocks.filter((b) => !missing.has(b.key)).length;
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  options.progress?.(`diagrams: ${blocks.length}, ${toDraw.length} drawn, ${fromCache} from the cache (${seconds} s)`);

  const parts = book.parts.map((part) => ({ ...part, chapters: part.chapters.map((c) => (trees.has(c) ? { ...c, tree: trees.get(c)! } : c)) }));
  return { ...book, parts };
}

function hasDiagram(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (el: Element) => {
    if (el.data?.diagram) found = true;
  });
  return found;
}

function blocksOf(wrapper: Element, note: NoteRef): Block[] {
  const found: Block[] = [];
  visit(wrapper, 'element', (pre: Element) => {
    const diagram = pre.data?.diagram;
    if (!diagram) return;
    const source = hastToString(pre);
    found.push({ pre, kind: diagram.kind, source, key: keyOf(diagram.kind, source), file: note.relPath, line: diagram.line });
    return 'skip';
  });
  return found;
}

function keyOf(kind: DiagramKind, source: string): string {
  const engine = kind === 'mermaid' ? ['mermaid', mermaidVersion(), JSON.stringify(mermaidConfig(FONT_FAMILY))] : ['graphviz', graphvizVersion(), FONT_FAMILY];
  return DiagramCache.key([DIAGRAM_CACHE_VERSION, ...engine, source]);
}

/** Mermaid's diagrams, in the build's browser (or one of its own), measured in the book's fonts. */
async function drawWithBrowser(blocks: Block[], options: DiagramOptions): Promise<DiagramResult[]> {
  // The fonts subset to the diagrams' text (and what mermaid adds: «interface», digits): a few
  // KiB to load instead of megabytes, and the same glyph widths as the book's own subsets.
  const text = `${blocks.map((b) => b.source).join('\n')}«»‹›…`;
  const faces = await subsetBookFonts({ textByRole: { body: text, bold: text, heading: '', mono: '', emoji: emojiIn(text), math: '' }, cacheDir: `${options.cacheDir}/fonts` });
  const fonts = faces.filter((f) => f.face.role === 'body' || f.face.role === 'bold' || f.face.role === 'emoji');
  const own = options.browser ? undefined : new SharedBrowser(options.progress);
  const browser = options.browser ?? (async () => (await own!.get('diagrams')).launched.browser);
  try {
    return await drawMermaid(
      blocks.map((b) => b.source),
      { browser, fonts, fontFamily: FONT_FAMILY },
    );
  } catch (e) {
    if (e instanceof ToolError) throw e;
    throw new ToolError(`diagrams: the browser failed while drawing mermaid diagrams: ${String((e as Error)?.message ?? e).split('\n')[0]}`, {
      hint: 'build again; if it keeps failing, set markdown: { diagrams: false } in book.yaml to show diagrams as code, and please report it',
      cause: e,
    });
  } finally {
    await own?.close();
  }
}
