/**
 * Notes → book model: renders every note, gives chapters their titles, gives every heading a
 * book-wide unique readable id, turns links between notes into links inside the book, and
 * resolves images. The renderers (EPUB, PDF) only read the result.
 */
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import { ImageResolver } from '../assets/images.ts';
import { cachedMarkdownToHast } from '../markdown/cache.ts';
import type { Book, Chapter, HeadingInfo, Part, ResolvedBook } from '../model.ts';
import type { ReadChapter } from '../notes/read.ts';
import { resolveImages } from './images.ts';
import { rewriteLinks } from './links.ts';
import { claimRawIds } from './raw-ids.ts';
import type { NoteBuild } from './note-build.ts';


export interface AssembleOptions {
  diagnostics: Diagnostics;
  images: ImageResolver;
  /** On-disk cache of converted notes (see markdown/cache.ts). */
  noteCacheDir?: string;
}

const HEADING = /^h[1-6]$/;

export async function assembleBook(config: ResolvedBook, chaptersByPart: ReadChapter[][], options: AssembleOptions): Promise<Book> {
  const slugger = new GithubSlugger();
  const notes = new Map<string, NoteBuild>();
  const parts: Part[] = [];
  let chapterNumber = 0;
  let noteNumber = 0;

  for (const [partIndex, readChapters] of chaptersByPart.entries()) {
    const resolvedPart = config.parts[partIndex]!;
    const part: Part = { number: partIndex + 1, id: resolvedPart.title ? slugger.slug(`part-${resolvedPart.title}`) : `part-${partIndex + 1}`, title: resolvedPart.title, chapters: [] };
    for (const { chapter, notes: sources } of readChapters) {
      if (sources.length === 0) continue; // every note was a draft
      chapterNumber++;
      const single = chapter.single && sources.length === 1;
      const rendered = [];
      for (const source of sources) {
        noteNumber++;
        const { tree, headings } = await cachedMarkdownToHast(source.markdown, {
          file: source.ref.relPath,
          single,
          footnotePrefix: `n${noteNumber}-`,
          indentedCode: config.markdown.indentedCode,
          diagnostics: options.diagnostics,
        }, { dir: options.noteCacheDir });
        rendered.push({ source, tree, headings });
      }
      const first = rendered[0]!;
      const title =
        chapter.title ??
        (single ? (first.source.frontMatter.title ?? first.headings.titleHeading) : (first.source.frontMatter.title ?? first.headings.firstHeading)) ??
        path.basename(first.source.ref.relPath, '.md');
      const chapterId = slugger.slug(title);
      const body: ElementContent[] = [];
      const ids = new Set<string>([chapterId]);
      const sections: HeadingInfo[] = [];
      for (const { source, tree, headings } of rendered) {
        // A note in a group with no heading of its own still needs one: its front-matter title.
        if (!single && !headings.firstHeading && source.frontMatter.title) {
          tree.children.unshift(h('h2', source.frontMatter.title));
        }
        const noteSlugger = new GithubSlugger();
        const slugMap = new Map<string, string>();
        if (headings.titleHeading) slugMap.set(noteSlugger.slug(headings.titleHeading), chapterId);
        let footnoteLabel: string | undefined;
        visit(tree, 'element', (el: Element) => {
          if (!HEADING.test(el.tagName)) return;
          const text = hastToString(el).trim();
          const id = slugger.slug(text || 'section');
          // remark-rehype's hidden "注释" heading over the footnotes: not a section, and its
          // fixed id `footnote-label` would repeat in every note that has footnotes.
          if (el.properties.id === 'footnote-label') {
            footnoteLabel = id;
            el.properties.id = id;
            ids.add(id);
            return;
          }
          slugMap.set(noteSlugger.slug(text), id);
          el.properties.id = id;
          ids.add(id);
          const depth = Number(el.tagName.slice(1));
          sections.push({ id, depth, text });
        });
        if (footnoteLabel) {
          const label = footnoteLabel;
          visit(tree, 'element', (el: Element) => {
            const described: unknown = el.properties.ariaDescribedBy;
            if (described === 'footnote-label' || (Array.isArray(described) && described.includes('footnote-label'))) el.properties.ariaDescribedBy = [label];
          });
        }
        claimRawIds(tree, slugger, slugMap);
        const anchor = single ? chapterId : slugger.slug(`note-${path.basename(source.ref.relPath, '.md')}`);
        ids.add(anchor);
        visit(tree, 'element', (el: Element) => {
          const id = el.properties.id;
          if (typeof id === 'string') ids.add(id);
        });
        notes.set(source.ref.path, { source, tree, slugMap, anchor });
        const wrapper = h('div', { className: ['note'], id: single ? undefined : anchor }, tree.children as ElementContent[]);
        body.push(wrapper);
      }
      const chapterModel: Chapter = {
        number: chapterNumber,
        id: chapterId,
        title,
        sections,
        tree: { type: 'root', children: body },
        ids,
        notes: sources.map((s) => s.ref),
      };
      part.chapters.push(chapterModel);
    }
    if (part.chapters.length) parts.push(part);
  }

  for (const note of notes.values()) rewriteLinks(note, notes, options.diagnostics);
  await resolveImages(notes, options.images);

  const text = [config.meta.title, config.meta.subtitle ?? '', ...config.meta.authors, config.meta.description, ...parts.flatMap((p) => [p.title ?? '', ...p.chapters.map((c) => `${c.title}\n${hastToString(c.tree)}`)])].join('\n');
  return { config, meta: config.meta, parts, images: options.images.assets, text };
}

