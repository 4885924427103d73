/**
 * The HTML renderer: the book as a static site (index with cover, title page and contents; one
 * page per part and chapter; the glossary). Every URL is relative and every page sits in the
 * site's root folder, so it works from file:// and from any static host, in any sub-folder.
 * `npm run dev` serves the same files from memory.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { fontFaceCss } from '../../assets/fonts.ts';
import { glossaryTree } from '../../glossary/tree.ts';
import { LABELS } from '../../labels.ts';
import type { Book, Chapter, Part } from '../../model.ts';
import { toHtmlString } from '../html-string.ts';
import type { ContentsEntry } from '../layout.ts';
import { chapterSection, glossaryBackLinks, titlePage } from '../markup.ts';
import { markWideTables } from '../tables.ts';
import type { RenderContext, Renderer } from '../renderer.ts';
import { contentsHref, filesOfIds, routeLinks, type FileNames } from '../routing.ts';
import { readStyles } from '../styles.ts';
import { indexTree } from '../../book-index/tree.ts';
import { indexLocators } from '../index-links.ts';
import { contentKey } from '../../util/memo.ts';

export const INDEX_FILE = 'index.html';
const FILES: FileNames = {
  part: (p: Part) => `part-${String(p.number).padStart(2, '0')}.html`,
  chapter: (c: Chapter) => `chapter-${String(c.number).padStart(3, '0')}.html`,
  glossary: 'glossary.html',
  index: 'book-index.html',
};

interface Page {
  file: string;
  title: string;
  bodyClass: string;
  main: ElementContent[];
  /** Trees whose `#id` links are routed to other pages. */
  trees: HastRoot[];
}

/** A chapter's page is made only when the preview's memo does not have it already. */
interface ChapterPage extends Omit<Page, 'main' | 'trees'> {
  chapter: Chapter;
  content(): Pick<Page, 'main' | 'trees'>;
}

export const htmlRenderer: Renderer = {
  format: 'html',
  async render(ctx) {
    return { kind: 'folder', files: renderSite(ctx) };
  },
};

function renderSite(ctx: RenderContext): Map<string, Buffer> {
  const { book, memo } = ctx;
  const { fonts, cover, images } = ctx.assets;
  const files = new Map<string, Buffer>();
  const pages = buildPages(ctx);

  // Which page each id lives on, so that `#id` links reach it from any page.
  const fileOfId = filesOfIds(book, FILES);
  const routingKey = memo && contentKey([...fileOfId]);

  // Reading order for prev/next: every page after the index.
  const order = pages;
  order.forEach((page, i) => {
    const prev = order[i - 1];
    const next = order[i + 1];
    const make = () => {
      const made = 'content' in page ? { ...page, ...page.content() } : page;
      for (const tree of made.trees) routeLinks(tree, fileOfId, page.file);
      return htmlDocument(book, made, prev, next);
    };
    // A chapter's page depends on its tree, its title and file, the routing, its neighbours and the book's title and language.
    const html =
      memo && 'content' in page
        ? memo.get(`html:${page.file}`, contentKey(memo.keyOf(page.chapter.tree), page.chapter.id, page.title, routingKey, [prev?.file, prev?.title, next?.file, next?.title], [book.meta.title, book.meta.language]), make)
        : make();
    files.set(page.file, Buffer.from(html));
  });

  const css = [fontFaceCss(fonts, ''), readStyles(ctx.stylesDir, ['book.css', 'html.css'], book, memo)].join('\n');
  files.set('style.css', Buffer.from(css));
  for (const f of fonts) files.set(f.href, f.data);
  for (const img of images.values()) files.set(img.href, img.data);
  files.set(cover.href, cover.data);
  return files;
}

function buildPages(ctx: RenderContext): (Page | ChapterPage)[] {
  const { book } = ctx;
  const pages: (Page | ChapterPage)[] = [];
  pages.push({
    file: INDEX_FILE,
    title: book.meta.title,
    bodyClass: 'index-page',
    trees: [],
    main: [
      h('section', { className: ['cover'], role: 'doc-cover' }, [h('img', { src: ctx.assets.cover.href, alt: LABELS.coverAlt(book.meta.title) })]),
      titlePage(book, { className: ['title-page'], role: 'doc-titlepage' }),
      contents(ctx.layout.contents),
    ],
  });
  for (const part of book.parts) {
    const partPage = ctx.layout.partPages.find((p) => p.part === part);
    if (partPage) {
      pages.push({
        file: FILES.part(part),
        title: part.title!,
        bodyClass: 'part-page',
        trees: [],
        main: [
          h('section', { className: ['part-title'], id: part.id, role: 'doc-part' }, [
            h('p', { className: ['part-number'] }, partPage.label),
            h('h1', part.title),
            h('ol', { className: ['part-chapters'] }, part.chapters.map((c) => h('li', [h('a', { href: FILES.chapter(c) }, c.title)]))),
          ]),
        ],
      });
    }
    for (const chapter of part.chapters) {
      pages.push({
        file: FILES.chapter(chapter),
        title: chapter.title,
        bodyClass: 'chapter-page',
        chapter,
        content: () => {
          // Routing rewrites hrefs: work on a copy, other renderers use the same book.
          const tree: HastRoot = structuredClone(chapter.tree);
          markWideTables(tree, book.meta.language);
          return { trees: [tree], main: [chapterSection(chapter, tree.children as ElementContent[])] };
        },
      });
    }
  }
  if (book.glossary) {
    const glossary = book.glossary;
    const tree = glossaryTree(glossary, glossaryBackLinks);
    pages.push({
      file: FILES.glossary,
      title: glossary.title,
      bodyClass: 'glossary-page',
      trees: [tree],
      main: [h('section', { className: ['glossary'], id: glossary.id, role: 'doc-glossary' }, [h('h1', glossary.title), ...(tree.children as ElementContent[])])],
    });
  }
  if (book.index) {
    const index = book.index;
    const tree: HastRoot = { type: 'root', children: indexTree(index, { epub: false, locators: (e) => indexLocators(e, false) }) };
    pages.push({
      file: FILES.index,
      title: index.title,
      bodyClass: 'index-page',
      trees: [tree],
      main: [h('section', { className: ['book-index'], id: index.id, role: 'doc-index' }, [h('h1', index.title), ...(tree.children as ElementContent[])])],
    });
  }
  return pages;
}


function contents(entries: ContentsEntry[]): Element {
  const href = (e: ContentsEntry): string => contentsHref(e, FILES);
  const kind = { part: 'toc-part', chapter: 'toc-chapter', section: 'toc-section', glossary: 'toc-chapter', index: 'toc-chapter' } as const;
  const item = (e: ContentsEntry): Element => h('li', { className: [kind[e.kind]] }, [h('a', { href: href(e) }, e.title), e.children.length ? h('ol', e.children.map(item)) : null]);
  return h('nav', { className: ['contents-page'], id: 'contents', role: 'doc-toc', ariaLabel: LABELS.contents }, [h('h2', { className: ['toc-title'] }, LABELS.contents), h('ol', entries.map(item))]);
}

function htmlDocument(book: Book, page: Page, prev: Pick<Page, 'file' | 'title'> | undefined, next: Pick<Page, 'file' | 'title'> | undefined): string {
  const pager = h('nav', { className: ['pager'], ariaLabel: LABELS.pager }, [
    prev ? h('a', { className: ['pager-prev'], rel: 'prev', href: prev.file }, `${LABELS.previous} ${prev.title}`) : h('span'),
    page.file === INDEX_FILE ? h('span') : h('a', { className: ['pager-contents'], href: `${INDEX_FILE}#contents` }, LABELS.contents),
    next ? h('a', { className: ['pager-next'], rel: 'next', href: next.file }, `${next.title} ${LABELS.next}`) : h('span'),
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
    h('body', { className: ['html-book', page.bodyClass] }, [
      h('header', { className: ['site-header'] }, [h('a', { href: INDEX_FILE }, book.meta.title)]),
      h('main', page.main),
      pager,
    ]),
  ]);
  return `<!doctype html>\n${toHtmlString(doc)}\n`;
}
