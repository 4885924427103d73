/**
 * The HTML renderer: the book as a static site (index with cover, title page and contents; one
 * page per part and chapter; the glossary). Every URL is relative and every page sits in the
 * site's root folder, so it works from file:// and from any static host, in any sub-folder.
 * `npm run dev` serves the same files from memory.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { fontFaceCss } from '../assets/fonts.ts';
import { glossaryTree } from '../glossary/tree.ts';
import { chapterSection, glossaryBackLinks, titlePage } from './parts.ts';
import type { Book, Chapter, OutputFormat, Part } from '../model.ts';
import { chineseNumber } from './epub.ts';
import type { RenderContext } from './renderer.ts';
import { readStyles } from './styles.ts';
import { routeLinks } from './xhtml.ts';

/** A renderer whose output is a folder of files (relative path → bytes), not one file. */
export interface SiteRenderer {
  format: OutputFormat;
  renderFiles(context: RenderContext): Promise<Map<string, Buffer>>;
}

export const INDEX_FILE = 'index.html';
export const GLOSSARY_FILE = 'glossary.html';
export const chapterFile = (c: Chapter) => `chapter-${String(c.number).padStart(3, '0')}.html`;
export const partFile = (p: Part) => `part-${String(p.number).padStart(2, '0')}.html`;

interface Page {
  file: string;
  title: string;
  bodyClass: string;
  main: ElementContent[];
  /** Trees whose `#id` links are routed to other pages. */
  trees: HastRoot[];
}

export const htmlRenderer: SiteRenderer = {
  format: 'html',
  async renderFiles(ctx) {
    return renderSite(ctx);
  },
};

export function renderSite(ctx: RenderContext): Map<string, Buffer> {
  const { book } = ctx;
  const files = new Map<string, Buffer>();
  const pages = buildPages(ctx);

  // Which page each id lives on, so that `#id` links reach it from any page.
  const fileOfId = new Map<string, string>();
  for (const part of book.parts) {
    if (book.config.hasParts && part.title) fileOfId.set(part.id, partFile(part));
    for (const c of part.chapters) {
      fileOfId.set(c.id, chapterFile(c));
      for (const id of c.ids) fileOfId.set(id, chapterFile(c));
    }
  }
  if (book.glossary) {
    fileOfId.set(book.glossary.id, GLOSSARY_FILE);
    for (const e of book.glossary.entries) fileOfId.set(e.id, GLOSSARY_FILE);
  }
  for (const page of pages) for (const tree of page.trees) routeLinks(tree, (id) => fileOfId.get(id), page.file);

  // Reading order for prev/next: every page after the index.
  const order = pages;
  order.forEach((page, i) => {
    const prev = order[i - 1];
    const next = order[i + 1];
    files.set(page.file, Buffer.from(htmlDocument(book, page, prev, next)));
  });

  const css = [fontFaceCss(ctx.fonts, ''), readStyles(ctx.stylesDir, ['book.css', 'html.css'], book)].join('\n');
  files.set('style.css', Buffer.from(css));
  for (const f of ctx.fonts) files.set(f.href, f.data);
  for (const img of book.images.values()) files.set(img.href, img.data);
  files.set(ctx.cover.href, ctx.cover.data);
  return files;
}

function buildPages(ctx: RenderContext): Page[] {
  const { book } = ctx;
  const pages: Page[] = [];
  pages.push({
    file: INDEX_FILE,
    title: book.meta.title,
    bodyClass: 'index-page',
    trees: [],
    main: [
      h('section', { className: ['cover'], role: 'doc-cover' }, [h('img', { src: ctx.cover.href, alt: `${book.meta.title}封面` })]),
      titlePage(book, { className: ['title-page'], role: 'doc-titlepage' }),
      contents(book),
    ],
  });
  for (const part of book.parts) {
    if (book.config.hasParts && part.title) {
      pages.push({
        file: partFile(part),
        title: part.title,
        bodyClass: 'part-page',
        trees: [],
        main: [
          h('section', { className: ['part-title'], id: part.id, role: 'doc-part' }, [
            h('p', { className: ['part-number'] }, `第${chineseNumber(part.number)}部分`),
            h('h1', part.title),
            h('ol', { className: ['part-chapters'] }, part.chapters.map((c) => h('li', [h('a', { href: chapterFile(c) }, c.title)]))),
          ]),
        ],
      });
    }
    for (const chapter of part.chapters) {
      // Routing rewrites hrefs: work on a copy, other renderers use the same book.
      const tree: HastRoot = structuredClone(chapter.tree);
      pages.push({
        file: chapterFile(chapter),
        title: chapter.title,
        bodyClass: 'chapter-page',
        trees: [tree],
        main: [chapterSection(chapter, tree.children as ElementContent[])],
      });
    }
  }
  if (book.glossary) {
    const glossary = book.glossary;
    const tree = glossaryTree(glossary, glossaryBackLinks);
    pages.push({
      file: GLOSSARY_FILE,
      title: glossary.title,
      bodyClass: 'glossary-page',
      trees: [tree],
      main: [h('section', { className: ['glossary'], id: glossary.id, role: 'doc-glossary' }, [h('h1', glossary.title), ...(tree.children as ElementContent[])])],
    });
  }
  return pages;
}


function contents(book: Book): Element {
  const chapterItems = (chapters: Chapter[]) =>
    chapters.map((c) => {
      const sections = c.sections.filter((s) => s.depth === 2);
      return h('li', { className: ['toc-chapter'] }, [
        h('a', { href: chapterFile(c) }, c.title),
        sections.length ? h('ol', sections.map((s) => h('li', { className: ['toc-section'] }, [h('a', { href: `${chapterFile(c)}#${s.id}` }, s.text)]))) : null,
      ]);
    });
  const items: Element[] = [];
  for (const part of book.parts) {
    if (book.config.hasParts && part.title) items.push(h('li', { className: ['toc-part'] }, [h('a', { href: partFile(part) }, part.title), h('ol', chapterItems(part.chapters))]));
    else items.push(...chapterItems(part.chapters));
  }
  if (book.glossary) items.push(h('li', { className: ['toc-chapter'] }, [h('a', { href: GLOSSARY_FILE }, book.glossary.title)]));
  return h('nav', { className: ['contents-page'], id: 'contents', role: 'doc-toc', ariaLabel: '目录' }, [h('h2', { className: ['toc-title'] }, '目录'), h('ol', items)]);
}

function htmlDocument(book: Book, page: Page, prev: Page | undefined, next: Page | undefined): string {
  const pager = h('nav', { className: ['pager'], ariaLabel: '翻页' }, [
    prev ? h('a', { className: ['pager-prev'], rel: 'prev', href: prev.file }, `← ${prev.title}`) : h('span'),
    page.file === INDEX_FILE ? h('span') : h('a', { className: ['pager-contents'], href: `${INDEX_FILE}#contents` }, '目录'),
    next ? h('a', { className: ['pager-next'], rel: 'next', href: next.file }, `${next.title} →`) : h('span'),
  ]);
  const doc = h('html', { lang: book.meta.language }, [
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', page.file === INDEX_FILE ? book.meta.title : `${page.title} · ${book.meta.title}`),
      prev ? h('link', { rel: 'prev', href: prev.file }) : null,
      next ? h('link', { rel: 'next', href: next.file }) : null,
      h('link', { rel: 'stylesheet', href: 'style.css' }),
    ]),
    h('body', { className: ['html-book', page.bodyClass, `paragraphs-${book.config.style.paragraphs}`] }, [
      h('header', { className: ['site-header'] }, [h('a', { href: INDEX_FILE }, book.meta.title)]),
      h('main', page.main),
      pager,
    ]),
  ]);
  return `<!doctype html>\n${toHtml(doc)}\n`;
}

/**
 * Write the site into `dir` as a whole: into a temp folder beside it, then swap folders. A
 * failed or interrupted build leaves the previous site in place, never a half-written one.
 */
export function writeSiteAtomic(dir: string, files: Map<string, Buffer>): number {
  const tmp = `${dir}.${process.pid}.tmp`;
  const old = `${dir}.${process.pid}.old`;
  rmSync(tmp, { recursive: true, force: true });
  let bytes = 0;
  try {
    for (const [rel, data] of files) {
      const target = path.join(tmp, rel);
      if (!target.startsWith(tmp + path.sep)) throw new Error(`site file outside its folder: ${rel}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
      bytes += data.length;
    }
    rmSync(old, { recursive: true, force: true });
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return bytes;
}
