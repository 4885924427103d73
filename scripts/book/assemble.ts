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
import type { NoteSource, ReadChapter } from '../notes/read.ts';

interface NoteBuild {
  source: NoteSource;
  tree: HastRoot;
  /** The note's own (GitHub-style) heading slugs → book-wide ids, for `other.md#slug` links. */
  slugMap: Map<string, string>;
  /** Where a link to the note itself lands. */
  anchor: string;
}

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
  await resolveImages(parts, notes, options);

  const text = [config.meta.title, config.meta.subtitle ?? '', ...config.meta.authors, config.meta.description, ...parts.flatMap((p) => [p.title ?? '', ...p.chapters.map((c) => `${c.title}\n${hastToString(c.tree)}`)])].join('\n');
  return { config, meta: config.meta, parts, images: options.images.assets, text };
}

/** `other.md#heading` → `#book-id`; a link to a note outside the book is reported. */
function rewriteLinks(note: NoteBuild, notes: Map<string, NoteBuild>, diagnostics: Diagnostics): void {
  const dir = path.dirname(note.source.ref.path);
  visit(note.tree, 'element', (el: Element) => {
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string') return;
    const href = el.properties.href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return; // external
    const [target, fragment] = splitHref(href);
    if (target === '') {
      if (fragment === undefined) return;
      const id = note.slugMap.get(fragment) ?? fragment;
      el.properties.href = `#${id}`;
      return;
    }
    const targetNote = notes.get(path.resolve(dir, target));
    if (!targetNote) {
      if (/\.(md|markdown)$/i.test(target)) {
        const line = el.position?.start.line;
        diagnostics.warn('broken-link', `link to a note that is not in the book: ${href}`, { file: note.source.ref.relPath, line });
        delete el.properties.href;
      }
      return;
    }
    const id = fragment === undefined ? targetNote.anchor : (targetNote.slugMap.get(fragment) ?? targetNote.anchor);
    el.properties.href = `#${id}`;
  });
}

function splitHref(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  const target = hash < 0 ? href : href.slice(0, hash);
  const fragment = hash < 0 ? undefined : decodeURIComponentSafe(href.slice(hash + 1));
  return [decodeURIComponentSafe(target), fragment];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every <img> gets the book's copy of its image, or a visible placeholder. */
async function resolveImages(parts: Part[], notes: Map<string, NoteBuild>, options: AssembleOptions): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const note of notes.values()) {
    visit(note.tree, 'element', (el: Element, index, parent) => {
      if (el.tagName !== 'img' || !parent || index === undefined) return;
      const src = typeof el.properties.src === 'string' ? el.properties.src : '';
      const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
      const position = { file: note.source.ref.relPath, line: el.position?.start.line };
      jobs.push(
        (src ? options.images.resolve({ src, notePath: note.source.ref.path, position }) : Promise.resolve({ ok: false as const, reason: 'no source' })).then((result) => {
          if (result.ok) {
            el.properties.src = result.asset.href;
            el.properties.alt = alt;
            return;
          }
          const placeholder = h('span', { className: ['image-missing'], role: 'img', ariaLabel: alt || '图片' }, [
            h('span', { className: ['image-missing-label'] }, `图片未能载入${alt ? `：${alt}` : ''}`),
            h('span', { className: ['image-missing-url'] }, src),
          ]);
          (parent as { children: ElementContent[] }).children[index] = placeholder;
        }),
      );
    });
  }
  await Promise.all(jobs);
  void parts;
}
