/**
 * The EPUB 3 renderer, on epub-gen-memory. The library builds the package (mimetype, container,
 * OPF, NCX, nav from our templates in templates/epub/, the cover). We then put in our own XHTML
 * documents, fonts and images, because the library would numeric-encode every Chinese character,
 * collapse Chinese file names, fetch file:// URLs and stamp everything with "now" (see GUIDE.md).
 * Every zip entry gets the build's fixed date, so equal sources give byte-identical files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { EPub } from 'epub-gen-memory';
import { visit } from 'unist-util-visit';
import { fontFaceCss } from '../../assets/fonts.ts';
import { glossaryTree } from '../../glossary/tree.ts';
import { LABELS } from '../../labels.ts';
import type { Chapter, Part } from '../../model.ts';
import type { ContentsEntry } from '../layout.ts';
import { containsMath } from '../math.ts';
import { chapterSection, glossaryBackLinks, titlePage } from '../markup.ts';
import type { RenderContext, Renderer } from '../renderer.ts';
import { contentsHref, filesOfIds, routeLinks, type FileNames } from '../routing.ts';
import { readStyles } from '../styles.ts';
import { type DeflatedEntry, DeflatedEntries } from './deflated-entries.ts';
import { indexDocument } from './index-document.ts';
import { markWideTables } from '../tables.ts';
import { hastToXhtml } from './xhtml.ts';

interface NavEntry {
  kind: 'part' | 'chapter' | 'section';
  title: string;
  href: string;
  children: NavEntry[];
}

interface Document {
  id: string;
  href: string;
  title: string;
  properties?: string;
  body: ElementContent[];
  bodyClass: string;
  /** For `#id` routing across files. */
  tree?: HastRoot;
}

/** The library keeps its zip protected; we need it to add our files and fix the dates. */
class InkstoneEPub extends EPub {
  get archive() {
    return this.zip;
  }
}

const FILES: FileNames = {
  part: (p: Part) => `part-${String(p.number).padStart(2, '0')}.xhtml`,
  chapter: (c: Chapter) => `chapter-${String(c.number).padStart(3, '0')}.xhtml`,
  glossary: 'glossary.xhtml',
  index: 'book-index.xhtml',
};

export const epubRenderer: Renderer = {
  format: 'epub',
  async render(ctx) {
    const { book } = ctx;
    const lang = book.meta.language;
    const { cover, images } = ctx.assets;
    const documents = buildDocuments(ctx);
    // EPUB 3: a document with MathML says so in the package.
    for (const doc of documents) if (containsMath(doc.body)) doc.properties = 'mathml';
    const fileOfId = filesOfIds(book, FILES);
    for (const doc of documents) if (doc.tree) routeLinks(doc.tree, fileOfId, doc.href);

    const embedFonts = book.config.epub.embedFonts;
    const fonts = embedFonts ? ctx.assets.fonts : [];
    const css = `${fontFaceCss(fonts, '')}\n${readStyles(ctx.stylesDir, ['book.css', 'epub.css'], book)}`;
    const modified = book.meta.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ink = {
      lang,
      identifier: book.meta.identifier,
      title: book.meta.title,
      subtitle: book.meta.subtitle,
      authors: book.meta.authors,
      description: book.meta.description,
      publisher: book.meta.publisher,
      date: book.meta.date,
      version: book.meta.version,
      modified,
      cover: { href: cover.href, mediaType: cover.mediaType },
      contentsTitle: LABELS.contents,
      documents: documents.map(({ id, href, properties }) => ({ id, href, properties })),
      resources: [
        ...fonts.map((f, i) => ({ id: `font-${i + 1}`, href: f.href, mediaType: f.mediaType })),
        ...[...images.values()].map((img, i) => ({ id: `image-${i + 1}`, href: img.href, mediaType: img.mediaType })),
      ],
      nav: navTree(ctx.layout.contents),
      navDepth: book.config.hasParts ? 3 : 2,
      bodyStart: documents.find((d) => d.id !== 'cover' && d.id !== 'titlepage')?.href ?? 'toc.xhtml',
    };
    const template = (name: string) => readFileSync(path.join(ctx.templatesDir, 'epub', name), 'utf8');
    const epub = new InkstoneEPub(
      {
        title: book.meta.title,
        author: book.meta.authors.length ? book.meta.authors : ['佚名'],
        description: book.meta.description,
        lang,
        css,
        fonts: [],
        verbose: false,
        version: 3,
        contentOPF: template('content.opf.ejs'),
        tocNCX: template('toc.ncx.ejs'),
        tocXHTML: template('toc.xhtml.ejs'),
        // The library renders chapters from this; we replace them with real XHTML below.
        chapterXHTML: '<html/>',
        ink,
      } as ConstructorParameters<typeof EPub>[0] & { ink: typeof ink },
      documents.map((d) => ({ title: d.title, content: '', filename: d.href })),
    );
    await epub.render();
    const zip = epub.archive;
    // What the library wrote and we keep (package document, navigation, style sheet, container);
    // its placeholder chapters are replaced by our documents, and the mimetype stays stored.
    const replaced = new Set(documents.map((doc) => `OEBPS/${doc.href}`));
    const kept = Object.values(zip.files).filter((e) => !e.dir && e.name !== 'mimetype' && e.options.compression !== 'STORE' && !replaced.has(e.name));
    const keptData = await Promise.all(kept.map((e) => e.async('nodebuffer')));
    // Every entry JSZip would deflate is deflated once and cached (see deflated-entries.ts), at
    // the zip's level 6; JSZip writes them as they are.
    const deflated = await new DeflatedEntries(ctx.cacheDir && path.join(ctx.cacheDir, 'epub-deflate')).entries([
      ...documents.map((doc) => ({ data: Buffer.from(xhtmlDocument(doc, lang), 'utf8'), level: 6 })),
      // Fonts: fast deflate (level 9 took several times longer for a few per cent).
      ...fonts.map((font) => ({ data: font.data, level: 1 })),
      ...keptData.map((data) => ({ data, level: 6 })),
    ]);
    // JSZip takes its compressed objects in file(), though its types do not say so.
    const asIs = (entry: DeflatedEntry | Buffer) => entry as Buffer;
    documents.forEach((doc, i) => zip.file(`OEBPS/${doc.href}`, asIs(deflated[i]!)));
    // Same names: they keep their places in the zip.
    kept.forEach((e, i) => zip.file(e.name, asIs(deflated[documents.length + fonts.length + i]!)));
    // Images are compressed already: stored as they are.
    const stored = { compression: 'STORE' } as const;
    zip.file(`OEBPS/${cover.href}`, cover.data, stored);
    fonts.forEach((font, i) => zip.file(`OEBPS/${font.href}`, asIs(deflated[documents.length + i]!), { compression: 'DEFLATE' }));
    for (const image of images.values()) zip.file(`OEBPS/${image.href}`, image.data, stored);
    const date = book.meta.modified;
    for (const entry of Object.values(zip.files)) entry.date = date;
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, mimeType: 'application/epub+zip' });
    return { kind: 'file', data };
  },
};

function buildDocuments(ctx: RenderContext): Document[] {
  const { book } = ctx;
  const docs: Document[] = [];
  docs.push({
    id: 'cover',
    href: 'cover.xhtml',
    title: LABELS.cover,
    bodyClass: 'cover-page',
    body: [h('div', { className: ['cover'], 'epub:type': 'cover' }, [h('img', { src: ctx.assets.cover.href, alt: LABELS.coverAlt(book.meta.title) })])],
  });
  docs.push({ id: 'titlepage', href: 'titlepage.xhtml', title: book.meta.title, bodyClass: 'title-page', body: [titlePage(book, { className: ['title-page'], 'epub:type': 'titlepage' })] });
  for (const part of book.parts) {
    const partPage = ctx.layout.partPages.find((p) => p.part === part);
    if (partPage) {
      docs.push({
        id: `part-${part.number}`,
        href: FILES.part(part),
        title: part.title!,
        bodyClass: 'part-page',
        body: [h('section', { className: ['part-title'], id: part.id, role: 'doc-part' }, [h('p', { className: ['part-number'] }, partPage.label), h('h1', part.title)])],
      });
    }
    for (const chapter of part.chapters) {
      // Routing links rewrites hrefs: work on a copy so other renderers see the book unchanged.
      const tree: HastRoot = structuredClone(chapter.tree);
      markWideTables(tree, book.meta.language);
      docs.push({
        id: `chapter-${chapter.number}`,
        href: FILES.chapter(chapter),
        title: chapter.title,
        // EPUB 3 wants every document with inline SVG (drawn diagrams) declared so in the manifest.
        properties: hasInlineSvg(tree) ? 'svg' : undefined,
        bodyClass: 'chapter',
        tree,
        body: [chapterSection(chapter, tree.children as ElementContent[])],
      });
    }
  }
  if (book.glossary) {
    const glossary = book.glossary;
    const tree = glossaryTree(glossary, glossaryBackLinks);
    docs.push({
      id: 'glossary',
      href: FILES.glossary,
      title: glossary.title,
      bodyClass: 'glossary',
      tree,
      body: [h('section', { className: ['glossary'], id: glossary.id, 'epub:type': 'glossary', role: 'doc-glossary' }, [h('h1', glossary.title), ...(tree.children as ElementContent[])])],
    });
  }
  if (book.index) docs.push(indexDocument(book.index, FILES.index));
  return docs;
}

function hasInlineSvg(tree: HastRoot): boolean {
  let found = false;
  visit(tree, 'element', (el) => {
    if (el.tagName === 'svg') found = true;
  });
  return found;
}

/** The navigation document's entries; the glossary and the index sit at chapter level. */
function navTree(contents: ContentsEntry[]): NavEntry[] {
  const href = (e: ContentsEntry): string => contentsHref(e, FILES);
  return contents.map((e) => ({ kind: e.kind === 'glossary' || e.kind === 'index' ? 'chapter' : e.kind, title: e.title, href: href(e), children: navTree(e.children) }));
}

function xhtmlDocument(doc: Document, lang: string): string {
  const html = h('html', { xmlns: 'http://www.w3.org/1999/xhtml', 'xmlns:epub': 'http://www.idpf.org/2007/ops', lang, 'xml:lang': lang }, [
    h('head', [h('meta', { charset: 'UTF-8' }), h('title', doc.title), h('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })]),
    h('body', { className: [doc.bodyClass] }, doc.body),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${hastToXhtml([html])}\n`;
}
