/**
 * The book model stage: converted notes → parts and chapters. Gives chapters their titles, every
 * heading a book-wide unique readable id, and turns links between notes into links inside the
 * book. Later stages and the renderers only read the result.
 */
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import type { ConvertedChapter } from '../markdown/convert.ts';
import { plainText } from '../markdown/plain-text.ts';
import type { Book, Chapter, HeadingInfo, Part, ResolvedBook } from '../model.ts';
import { assignBlockIds } from './block-ids.ts';
import { markCaptions } from './captions.ts';
import { assertSomethingToShow, keepNotesWithContent } from './empty-notes.ts';
import { gatherFootnotes } from './footnotes.ts';
import { rewriteLinks } from './links.ts';
import { addNoteTitle, noteTitle, titleFromFileName } from './note-title.ts';
import { claimRawIds } from './raw-ids.ts';
import type { NoteBuild } from './note-build.ts';


const HEADING = /^h[1-6]$/;

/** The book model (the preview's rebuilds use assemble-memo.ts, which gives the same). */
export function assembleBook(config: ResolvedBook, chaptersByPart: ConvertedChapter[][], diagnostics: Diagnostics): Book {
  const slugger = new GithubSlugger();
  const notes = new Map<string, NoteBuild>();
  const parts: Part[] = [];
  let chapterNumber = 0;

  for (const [partIndex, readChapters] of chaptersByPart.entries()) {
    const part = newPart(config, partIndex, slugger);
    for (const converted of readChapters) {
      const assembled = assembleChapter(config, converted, chapterNumber + 1, slugger, diagnostics);
      if (!assembled) continue; // nothing to show: see empty-notes.ts
      chapterNumber++;
      for (const note of assembled.notes) notes.set(note.source.ref.path, note);
      part.chapters.push(assembled.chapter);
    }
    if (part.chapters.length) parts.push(part);
  }

  assertSomethingToShow(chapterNumber, path.relative(process.cwd(), config.configFile) || 'book.yaml');
  for (const note of notes.values()) rewriteLinks(note, notes, diagnostics, config.root);
  gatherFootnotes(parts.flatMap((p) => p.chapters), slugger, config.footnotes.numbering);
  return { config, meta: config.meta, parts, ...dependenciesOf(chaptersByPart) };
}

export function newPart(config: ResolvedBook, partIndex: number, slugger: GithubSlugger): Part {
  const resolvedPart = config.parts[partIndex]!;
  return { number: partIndex + 1, id: resolvedPart.title ? slugger.slug(`part-${resolvedPart.title}`) : `part-${partIndex + 1}`, title: resolvedPart.title, chapters: [] };
}

export function dependenciesOf(chaptersByPart: ConvertedChapter[][]): { dependencies?: string[] } {
  const dependencies = [...new Set(chaptersByPart.flat().flatMap((c) => c.notes.flatMap((n) => n.dependencies ?? [])))].sort();
  return dependencies.length ? { dependencies } : {};
}

/** A chapter before links and footnotes, and its notes (their trees are parts of the chapter's). */
export interface AssembledChapter {
  chapter: Chapter;
  notes: NoteBuild[];
}

/**
 * One chapter: its title, book-wide ids for its headings, raw ids and blocks (taken from the
 * book's `slugger`, in reading order). Undefined when none of its notes has anything to show.
 */
export function assembleChapter(config: ResolvedBook, { chapter, single, notes: converted }: ConvertedChapter, chapterNumber: number, slugger: GithubSlugger, diagnostics: Diagnostics): AssembledChapter | undefined {
  // The converted trees may be shared (the note cache): the book gets its own copies.
  const rendered = keepNotesWithContent(converted.map((note) => ({ ...note, tree: structuredClone(note.tree) })), diagnostics);
  if (rendered.length === 0) return undefined;
  const notes: NoteBuild[] = [];
  const first = rendered[0]!;
  const mode = config.notes.titleFromFileName;
  // In a multi-note chapter, the heading each note gets when it has none of its own.
  const noteTitles = rendered.map(({ source, headings }) => (single ? undefined : noteTitle(source, headings, mode)));
  const title =
    chapter.title ??
    (single
      ? (first.source.frontMatter.title ?? first.headings.titleHeading)
      : (first.source.frontMatter.title ?? noteTitles[0] ?? first.headings.firstHeading)) ??
    titleFromFileName(first.source.ref.relPath);
  const chapterId = slugger.slug(title);
  const body: ElementContent[] = [];
  const ids = new Set<string>([chapterId]);
  const sections: HeadingInfo[] = [];
  for (const [noteIndex, { source, tree, headings }] of rendered.entries()) {
    // A note in a group with no title heading of its own gets one (book/note-title.ts).
    const givenTitle = noteTitles[noteIndex];
    const added = givenTitle === undefined ? undefined : addNoteTitle(tree, givenTitle);
    if (config.numbering) markCaptions(tree, config.numbering); // figures, tables, listings with a caption (book/captions.ts)
    const noteSlugger = new GithubSlugger();
    const slugMap = new Map<string, string>();
    if (headings.titleHeading) slugMap.set(noteSlugger.slug(headings.titleHeading), chapterId);
    visit(tree, 'element', (el: Element) => {
      if (!HEADING.test(el.tagName)) return;
      const text = plainText(el).trim();
      const id = slugger.slug(text || 'section');
      // `other.md#slug` links name the note's own headings, not the title it was given.
      if (el !== added) slugMap.set(noteSlugger.slug(text), id);
      el.properties.id = id;
      ids.add(id);
      const depth = Number(el.tagName.slice(1));
      sections.push({ id, depth, text });
    });
    claimRawIds(tree, slugger, slugMap);
    assignBlockIds(tree, slugger, ids); // Obsidian `^block` ids, after the headings: a heading keeps its readable id
    const anchor = single ? chapterId : slugger.slug(`note-${path.basename(source.ref.relPath, '.md')}`);
    ids.add(anchor);
    visit(tree, 'element', (el: Element) => {
      const id = el.properties.id;
      if (typeof id === 'string') ids.add(id);
    });
    notes.push({ source, tree, slugMap, anchor });
    const wrapper = h('div', { className: ['note'], id: single ? undefined : anchor }, tree.children as ElementContent[]);
    // hast-util-from-parse5 declares a required `position` on ElementData that only its own parser fills.
    wrapper.data = { note: source.ref } as Element['data'];
    body.push(wrapper);
  }
  return {
    chapter: {
      number: chapterNumber,
      id: chapterId,
      title,
      sections,
      tree: { type: 'root', children: body },
      ids,
      notes: rendered.map((r) => r.source.ref),
      ...(first.source.frontMatter.numbering === false ? { unnumbered: true } : {}),
    },
    notes,
  };
}
