/**
 * The index at the end of the PDF (after the glossary, so its changing length moves nothing
 * before it): entries in two columns, each followed by the pages where its term is (12, 15–17),
 * each number a link to the first place on that page. The first print has no numbers yet.
 *
 * Every place the index or the glossary lists is measured in every measuring print (the body's
 * layout may change between prints once cross-references get their numbers) with a probe link
 * (print.ts), not as a named destination: the index links only one place per page.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { indexTree } from '../../book-index/tree.ts';
import type { Book, BookIndex } from '../../model.ts';
import { pageList } from './page-list.ts';

export function indexSection(index: BookIndex, hasParts: boolean, pageOf: Map<string, number> | undefined): Element {
  const tree = indexTree(index, {
    epub: false,
    // Level with the glossary's letters: one level below the index in the outline.
    letterTag: hasParts ? 'h3' : 'h2',
    letterClass: ['h-2'],
    locators: (entry) => (pageOf ? pageList(entry.uses.map((u) => u.id), pageOf) : []),
  });
  return h('section', { className: ['chapter', 'index-chapter', 'book-index'], id: `${index.id}-section`, role: 'doc-index' }, [
    h('h1', { id: index.id, className: ['chapter-title'] }, index.title),
    h('div', { className: ['index-columns'] }, tree as ElementContent[]),
  ]);
}

/** Every id whose page the index or the glossary prints, besides those the contents print. */
export function pageProbeIds(book: Book): string[] {
  const ids = new Set<string>();
  const walk = (entries: BookIndex['entries']) => {
    for (const e of entries) {
      for (const u of e.uses) ids.add(u.id);
      walk(e.subentries);
    }
  };
  walk(book.index?.entries ?? []);
  for (const e of book.glossary?.entries ?? []) for (const u of e.uses) ids.add(u.id);
  return [...ids];
}
