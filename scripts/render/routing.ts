/**
 * Formats that split the book into files (EPUB documents, HTML pages) route `#id` links to the
 * file that holds the id. Which file holds what is each format's choice; the routing is shared.
 */
import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { Book, Chapter, Part } from '../model.ts';
import { hasPartPage, type ContentsEntry } from './layout.ts';

export interface FileNames {
  part(part: Part): string;
  chapter(chapter: Chapter): string;
  glossary: string;
  index: string;
}

/** Every id a link can target → the file it lives in. */
export function filesOfIds(book: Book, files: FileNames): Map<string, string> {
  const fileOfId = new Map<string, string>();
  for (const part of book.parts) {
    if (hasPartPage(book, part)) fileOfId.set(part.id, files.part(part));
    for (const c of part.chapters) {
      fileOfId.set(c.id, files.chapter(c));
      for (const id of c.ids) fileOfId.set(id, files.chapter(c));
    }
  }
  if (book.glossary) {
    fileOfId.set(book.glossary.id, files.glossary);
    for (const e of book.glossary.entries) fileOfId.set(e.id, files.glossary);
  }
  if (book.index) fileOfId.set(book.index.id, files.index);
  return fileOfId;
}

/** `#id` links that land in another file get that file's name. */
export function routeLinks(tree: HastRoot, fileOfId: Map<string, string>, currentFile: string): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string' || !el.properties.href.startsWith('#')) return;
    const id = el.properties.href.slice(1);
    const file = fileOfId.get(id);
    if (file && file !== currentFile) el.properties.href = `${file}#${id}`;
  });
}

/** Where a contents entry leads, in a format split into files. */
export function contentsHref(e: ContentsEntry, files: FileNames): string {
  switch (e.kind) {
    case 'part':
      return files.part(e.part!);
    case 'chapter':
      return files.chapter(e.chapter!);
    case 'section':
      return `${files.chapter(e.chapter!)}#${e.id}`;
    case 'glossary':
      return files.glossary;
    case 'index':
      return files.index;
    default:
      return e.kind satisfies never;
  }
}
