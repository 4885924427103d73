/**
 * The index at the end of the PDF (after the glossary, so its changing length moves nothing
 * before it): entries in two columns, each followed by the pages where its term is (12, 15–17),
 * each number a link to the first place on that page. The first print has no numbers yet.
 *
 * Page probes: Chromium writes a named destination only for an id some link of the page points
 * to, and the index lists only one place per page. So that every place is measured in every
 * print (the body's layout may change between prints once cross-references get their numbers),
 * a hidden list links them all: a link in a `hidden` element still makes its target a
 * destination, and adds nothing to the pages. The glossary's term uses are measured the same
 * way whenever the book has an index or cross-references.
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
  if (!book.index && !book.config.pdf.crossReferencePages) return [];
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

export function pageProbes(book: Book): Element | undefined {
  const ids = pageProbeIds(book);
  if (ids.length === 0) return undefined;
  return h('nav', { className: ['page-probes'], hidden: true, ariaHidden: 'true' }, ids.map((id) => h('a', { href: `#${id}` })));
}
