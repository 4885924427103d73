/**
 * The print document: one HTML page with the cover, title page, contents, part pages and
 * chapters. Page numbers in the contents come from a previous print (`pageOf`); the first print
 * leaves the slots empty (they have a fixed width, so filling them in moves nothing).
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { fontFaceCss } from '../../assets/fonts.ts';
import { glossaryTree } from '../../glossary/tree.ts';
import { LABELS } from '../../labels.ts';
import type { Book, Chapter, Glossary } from '../../model.ts';
import { toHtmlString } from '../html-string.ts';
import { flattenContents, type BookLayout, type ContentsEntry } from '../layout.ts';
import { titlePage } from '../markup.ts';
import type { RenderContext } from '../renderer.ts';
import { readStyles } from '../styles.ts';
import { addFootnotePages, footnotePagesPatch } from './footnote-pages.ts';
import { CODE_MARK_HREF, codeMarkCss, splitCodeLines } from './code-lines.ts';
import { inlineSvgImages } from './inline-svg.ts';
import { addBreakOpportunities } from './line-breaks.ts';
import { boxMissingGlyphs, missingGlyphPattern, spellMissing } from './missing-glyphs.ts';
import { pageList } from './page-list.ts';
import { addCrossReferencePages, crossReferencePatch } from './cross-references.ts';
import { indexSection } from './index-section.ts';

/** Every URL the page may load lives under this origin; the renderer answers them from memory. */
export const BOOK_ORIGIN = 'https://book.invalid/';

/** An entry of the contents: its anchor id, and where its page number goes. */
export interface TocTarget {
  id: string;
  kind: 'part' | 'chapter' | 'section';
  title: string;
}

export const chapterPageName = (c: Chapter) => `ch-${c.number}`;

/** A CSS string literal (for `content:` in margin boxes). */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (m) => `\\${m}`).replace(/[\n\r\f]/g, ' ')}"`;
}

const HEADING = /^h([1-6])$/;

/**
 * With parts, the outline needs part → chapter → section levels, and Chromium builds it from
 * h1–h6: chapter titles become h2 and every heading inside a chapter moves one level down
 * (without parts, only a stray h1 inside a chapter moves, to h2).
 * The original depth stays as a class (`h-2`), which print.css styles.
 */
function shiftHeadings(tree: HastRoot, by: number): HastRoot {
  const copy = structuredClone(tree);
  visit(copy, 'element', (el: Element) => {
    const m = HEADING.exec(el.tagName);
    if (!m) return;
    const depth = Number(m[1]);
    const cls = Array.isArray(el.properties.className) ? el.properties.className : [];
    el.properties.className = [...cls, `h-${depth}`];
    // A note's own h1 inside a chapter sits at section level.
    el.tagName = `h${Math.min(6, Math.max(2, depth) + by)}`;
  });
  return copy;
}

/** The contents' kind as print.css styles it: the glossary stands level with parts (or chapters). */
function targetKind(book: Book, e: ContentsEntry): TocTarget['kind'] {
  if (e.kind !== 'glossary' && e.kind !== 'index') return e.kind;
  return book.config.hasParts ? 'part' : 'chapter';
}

/** Every contents entry, in order: the ids whose pages the contents print. */
export function tocTargets(book: Book, layout: BookLayout): TocTarget[] {
  return flattenContents(layout.contents).map((e) => ({ id: e.id, kind: targetKind(book, e), title: e.title }));
}

function tocEntry(t: TocTarget, pageOf: Map<string, number> | undefined, children: ElementContent[] = []): Element {
  const page = pageOf?.get(t.id);
  return h('li', { className: [`toc-${t.kind}`] }, [
    h('a', { href: `#${t.id}` }, [
      h('span', { className: ['toc-text'] }, t.title),
      h('span', { className: ['toc-leader'], ariaHidden: 'true' }),
      h('span', { className: ['toc-page'] }, page === undefined ? '' : String(page)),
    ]),
    ...(children.length ? [h('ol', children)] : []),
  ]);
}

function contents(book: Book, layout: BookLayout, pageOf: Map<string, number> | undefined): Element {
  const entry = (e: ContentsEntry): Element => tocEntry({ id: e.id, kind: targetKind(book, e), title: e.title }, pageOf, e.children.map(entry));
  // Not a heading: the contents page stays out of the PDF outline.
  return h('nav', { className: ['contents-page', 'front-matter'], role: 'doc-toc', ariaLabel: LABELS.contents }, [h('p', { className: ['toc-title'] }, LABELS.contents), h('ol', layout.contents.map(entry))]);
}

/**
 * One named page per chapter: its title as the running head (recto), the book title (verso).
 * The `:first` rule is kept for browsers that apply it per page group; Chromium 156 applies
 * `:first` only to the document's first page, so postprocess.ts removes the margin boxes from
 * chapter opening pages instead.
 */
function chapterPageCss(book: Book, missing?: RegExp): string {
  const title = cssString(spellMissing(book.meta.title, missing));
  const rules: string[] = [];
  const pages = book.parts.flatMap((p) => p.chapters).map((c) => ({ name: chapterPageName(c), title: c.title }));
  if (book.glossary) pages.push({ name: 'glossary', title: book.glossary.title });
  if (book.index) pages.push({ name: 'book-index', title: book.index.title });
  for (const c of pages) {
    const name = c.name;
    rules.push(
      `.${name} { page: ${name}; }`,
      `@page ${name}:left { @top-left { content: ${title}; } }`,
      `@page ${name}:right { @top-right { content: ${cssString(spellMissing(c.title, missing))}; } }`,
      `@page ${name}:first { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }`,
    );
  }
  return rules.join('\n');
}

/**
 * The glossary at the end of the book. Each entry ends with the pages where its term is used,
 * ranges collapsed (12, 15–17), each number a link to the first use on that page. The first
 * print has no page numbers yet; it measures where every use is (probe links, print.ts). The
 * glossary is last, so its changing length moves nothing before it.
 */
function glossarySection(glossary: Glossary, hasParts: boolean, pageOf: Map<string, number> | undefined): Element {
  const tree = glossaryTree(glossary, (entry) => {
    // The first print measures where the uses are (probe links, print.ts), and has no numbers yet.
    if (!pageOf) return [];
    return [LABELS.pages, ...pageList(entry.uses.map((u) => u.id), pageOf)];
  });
  return h('section', { className: ['chapter', 'glossary-chapter', 'glossary'], id: `${glossary.id}-section`, role: 'doc-glossary' }, [
    h('h1', { id: glossary.id, className: ['chapter-title'] }, glossary.title),
    ...(shiftHeadings(tree, hasParts ? 1 : 0).children as ElementContent[]),
  ]);
}

export { collapseRanges } from './page-list.ts';

/**
 * What changes between the first print and the next: the contents' page numbers and the
 * glossary's page lists. Patching these into the loaded page spares a second load; the result
 * is the page printHtml(ctx, pageOf) describes.
 */
export interface PagePatch {
  /** Contents entry id → page number. */
  numbers: [string, string][];
  glossaryId?: string;
  glossaryHtml?: string;
  /** Footnote id → the pages of its references (footnote-pages.ts). */
  footnotePages: [string, string][];
  /** Cross-reference target id → its page ('' hides the reference: the target has no page). */
  references?: [string, string][];
  indexId?: string;
  indexHtml?: string;
}

export function pagePatch(ctx: RenderContext, pageOf: Map<string, number>): PagePatch {
  const { book, layout } = ctx;
  const numbers = tocTargets(book, layout).map((t): [string, string] => [t.id, String(pageOf.get(t.id) ?? '')]);
  const patch: PagePatch = { numbers, footnotePages: footnotePagesPatch(book, pageOf), references: crossReferencePatch(book, pageOf) };
  if (book.index) {
    const index = indexSection(book.index, book.config.hasParts, pageOf);
    forPrint(index, ctx);
    Object.assign(patch, { indexId: `${book.index.id}-section`, indexHtml: toHtmlString(index) });
  }
  if (!book.glossary) return patch;
  const glossary = glossarySection(book.glossary, book.config.hasParts, pageOf);
  forPrint(glossary, ctx);
  return { ...patch, glossaryId: `${book.glossary.id}-section`, glossaryHtml: toHtmlString(glossary) };
}

/** Only the book's fonts draw the page: missing characters boxed, SVG images inline. */
function forPrint(tree: Element, ctx: RenderContext): void {
  const missing = missingGlyphPattern(ctx.book, ctx.assets);
  boxMissingGlyphs(tree, missing);
  inlineSvgImages(tree, ctx.assets.images, missing);
  // Code and URLs break after punctuation; code blocks one block per line (marks for wrapped lines).
  addBreakOpportunities(tree);
  splitCodeLines(tree);
}

export function printHtml(ctx: RenderContext, pageOf?: Map<string, number>): string {
  const { book } = ctx;
  const hasParts = book.config.hasParts;
  const { width, height } = book.config.pdf.pageSize;
  const css = [
    fontFaceCss(ctx.assets.fonts, BOOK_ORIGIN),
    readStyles(ctx.stylesDir, ['book.css', 'print.css'], book),
    `@page { size: ${width} ${height}; }`,
    book.config.pdf.chapterStart === 'right' ? '.chapter, .part-page { break-before: right; }' : '',
    chapterPageCss(book, missingGlyphPattern(book, ctx.assets)),
    codeMarkCss(BOOK_ORIGIN + CODE_MARK_HREF),
  ].join('\n');

  const body: ElementContent[] = [
    h('section', { className: ['cover-page'], role: 'doc-cover' }, [h('img', { src: BOOK_ORIGIN + ctx.assets.cover.href, alt: LABELS.coverAlt(book.meta.title) })]),
    titlePage(book, { className: ['title-page', 'front-matter'], role: 'doc-titlepage' }, 'p'),
    contents(book, ctx.layout, pageOf),
  ];
  for (const part of book.parts) {
    const partPage = ctx.layout.partPages.find((p) => p.part === part);
    if (partPage) {
      body.push(
        h('section', { className: ['part-page'], role: 'doc-part' }, [
          h('p', { className: ['part-number'] }, partPage.label),
          h('h1', { id: part.id, className: ['part-heading'] }, part.title),
        ]),
      );
    }
    for (const chapter of part.chapters) {
      const tree = shiftHeadings(chapter.tree, hasParts ? 1 : 0);
      addFootnotePages(tree, pageOf);
      addCrossReferencePages(tree, book, pageOf);
      body.push(
        h('section', { className: ['chapter', chapterPageName(chapter)], role: 'doc-chapter', ariaLabelledBy: chapter.id }, [
          h(hasParts ? 'h2' : 'h1', { id: chapter.id, className: ['chapter-title'] }, chapter.title),
          ...(tree.children as ElementContent[]),
        ]),
      );
    }
  }
  if (book.glossary) body.push(glossarySection(book.glossary, hasParts, pageOf));
  if (book.index) body.push(indexSection(book.index, hasParts, pageOf));
  const bodyElement = h('body', body);
  forPrint(bodyElement, ctx);
  const doc = h('html', { lang: book.meta.language }, [
    h('head', [h('meta', { charset: 'utf-8' }), h('base', { href: BOOK_ORIGIN }), h('title', book.meta.title), h('style', css)]),
    bodyElement,
  ]);
  return `<!doctype html>\n${toHtmlString(doc)}\n`;
}
