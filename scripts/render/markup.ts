/**
 * Markup every renderer prints the same way: the title page's lines, a chapter's section, and
 * the glossary's back-links. Each renderer adds its own semantics around them.
 */
import type { Element, ElementContent, Properties } from 'hast';
import { h } from 'hastscript';
import { usesByChapter } from '../glossary/apply.ts';
import { LABELS } from '../labels.ts';
import type { Book, Chapter, GlossaryEntry } from '../model.ts';

/** Title, subtitle, author, version and date, publisher. `titleTag`: h1, or p where a heading would enter the outline. */
export function titlePage(book: Book, attributes: Properties, titleTag: 'h1' | 'p' = 'h1'): Element {
  const m = book.meta;
  return h('section', attributes, [
    h(titleTag, { className: ['book-title'] }, m.title),
    m.subtitle ? h('p', { className: ['book-subtitle'] }, m.subtitle) : null,
    m.authors.length ? h('p', { className: ['book-author'] }, m.authors.join('、')) : null,
    h('p', { className: ['book-edition'] }, [m.version ? LABELS.version(m.version) : '', m.date]),
    m.publisher ? h('p', { className: ['book-publisher'] }, m.publisher) : null,
  ]);
}

/** A chapter: its title as the h1, then its notes. */
export function chapterSection(chapter: Chapter, children: ElementContent[]): Element {
  return h('section', { className: ['chapter'], role: 'doc-chapter', ariaLabelledBy: chapter.id }, [h('h1', { id: chapter.id }, chapter.title), ...children]);
}

/** Where a term is used, as links: each chapter's title to its first use, then 2, 3, … */
export function glossaryBackLinks(entry: GlossaryEntry): Array<ElementContent | string> {
  return [
    LABELS.usedIn,
    ...usesByChapter(entry).flatMap(({ chapter, ids }, i) => [
      i ? '；' : '',
      h('a', { href: `#${ids[0]}` }, chapter.title),
      ...ids.slice(1).flatMap((id, k) => [' ', h('a', { href: `#${id}`, className: ['glossary-backlink'], ariaLabel: LABELS.nthUse(chapter.title, k + 2) }, String(k + 2))]),
    ]),
  ];
}
