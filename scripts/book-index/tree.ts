/**
 * The index as an HTML tree, shared by the renderers: letter groups (A–Z, as the glossary's), each
 * a list of entries with their sub-entries. Where an entry points is format-specific (links to
 * each place in the EPUB and the HTML book, page numbers in the PDF), so the caller supplies it.
 * With `epub`, the markup carries the EPUB Indexes 1.0 vocabulary (index-group,
 * index-entry-list, index-entry, index-term; the caller marks its links index-locator and puts
 * the groups in the element that is the `index`), as epubcheck's index schema wants it.
 */
import type { ElementContent, Properties } from 'hast';
import { h } from 'hastscript';
import type { BookIndex, IndexEntry } from '../model.ts';

export interface IndexTreeOptions {
  /** What follows the term: links or page numbers (nothing for an entry that has only sub-entries). */
  locators: (entry: IndexEntry) => Array<ElementContent | string>;
  /** EPUB Indexes vocabulary on the groups, lists, entries and terms. */
  epub: boolean;
  /** The letter headings' tag (h2, or h3 where the index stands at part level in the PDF outline). */
  letterTag?: string;
  /** Extra classes on the letter headings (the PDF keeps their look with `h-2`). */
  letterClass?: string[];
}

export function indexTree(index: BookIndex, options: IndexTreeOptions): ElementContent[] {
  const type = (t: string): Properties => (options.epub ? { 'epub:type': t } : {});
  const groups = new Map<string, IndexEntry[]>();
  for (const e of index.entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const list = (entries: IndexEntry[], sub: boolean): ElementContent =>
    h('ul', { className: [sub ? 'index-sublist' : 'index-list'], ...type('index-entry-list') }, entries.map((e) => item(e)));
  const item = (e: IndexEntry): ElementContent => {
    const locators = e.uses.length ? options.locators(e) : [];
    return h('li', { className: ['index-entry'], ...type('index-entry') }, [
      h('span', { className: ['index-term'], ...type('index-term') }, e.term),
      locators.length ? h('span', { className: ['index-locators'] }, locators) : null,
      e.subentries.length ? list(e.subentries, true) : null,
    ]);
  };
  return [...groups].map(([group, entries]) =>
    h('section', { className: ['index-group'], ...type('index-group') }, [
      h(options.letterTag ?? 'h2', { id: `${index.id}-${group === '#' ? 'symbols' : group.toLowerCase()}`, className: ['index-letter', ...(options.letterClass ?? [])] }, group),
      list(entries, false),
    ]),
  );
}
