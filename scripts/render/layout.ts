/**
 * What every format lays out alike, computed once from the book model: which parts get a page of
 * their own (and their label), and the contents (parts → chapters → sections, then the
 * glossary and the index). Each renderer only turns this into its own markup (EPUB nav, HTML contents page,
 * PDF contents with page numbers).
 */
import { LABELS } from '../labels.ts';
import type { Book, Chapter, HeadingInfo, Part } from '../model.ts';

export type ContentsKind = 'part' | 'chapter' | 'section' | 'glossary' | 'index';

export interface ContentsEntry {
  kind: ContentsKind;
  /** The anchor id in the book (part heading, chapter h1, section heading, glossary). */
  id: string;
  title: string;
  /** The part or chapter the entry leads to (a section's is its chapter). */
  part?: Part;
  chapter?: Chapter;
  children: ContentsEntry[];
}

export interface PartPage {
  part: Part;
  /** `第一部分` */
  label: string;
}

export interface BookLayout {
  /** Parts with a title page of their own (a book without `parts:` has none). */
  partPages: PartPage[];
  contents: ContentsEntry[];
}

/** The headings a chapter lists in the contents and navigation. */
export function contentsSections(chapter: Chapter): HeadingInfo[] {
  return chapter.sections.filter((s) => s.depth === 2);
}

export function hasPartPage(book: Book, part: Part): boolean {
  return book.config.hasParts && Boolean(part.title);
}

export function layoutBook(book: Book): BookLayout {
  const chapterEntries = (part: Part): ContentsEntry[] =>
    part.chapters.map((chapter) => ({
      kind: 'chapter',
      id: chapter.id,
      title: chapter.title,
      part,
      chapter,
      children: contentsSections(chapter).map((s) => ({ kind: 'section', id: s.id, title: s.text, part, chapter, children: [] })),
    }));
  const partPages: PartPage[] = [];
  const contents: ContentsEntry[] = [];
  for (const part of book.parts) {
    if (hasPartPage(book, part)) {
      partPages.push({ part, label: LABELS.partNumber(part.number) });
      contents.push({ kind: 'part', id: part.id, title: part.title!, part, children: chapterEntries(part) });
    } else {
      contents.push(...chapterEntries(part));
    }
  }
  if (book.glossary) contents.push({ kind: 'glossary', id: book.glossary.id, title: book.glossary.title, children: [] });
  if (book.index) contents.push({ kind: 'index', id: book.index.id, title: book.index.title, children: [] });
  return { partPages, contents };
}

/** Every entry, in reading order (a part before its chapters, a chapter before its sections). */
export function flattenContents(entries: ContentsEntry[]): ContentsEntry[] {
  return entries.flatMap((e) => [e, ...flattenContents(e.children)]);
}
