/**
 * Where an index entry points, in the formats without pages (EPUB, HTML book): each chapter's
 * title links to the entry's first place in it, then 2, 3 … to the others, the way the
 * glossary's back-links do. In the EPUB each link is an `index-locator`.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { LABELS } from '../labels.ts';
import type { Chapter, IndexEntry } from '../model.ts';

export function indexLocators(entry: IndexEntry, epub: boolean): Array<ElementContent | string> {
  const type = epub ? { 'epub:type': 'index-locator' } : {};
  const groups: { chapter: Chapter; ids: string[] }[] = [];
  for (const use of entry.uses) {
    const last = groups[groups.length - 1];
    // By id, not identity: later stages copy chapters.
    if (last && last.chapter.id === use.chapter.id) last.ids.push(use.id);
    else groups.push({ chapter: use.chapter, ids: [use.id] });
  }
  // An ideographic space apart from the term: readers that ignore inline margins keep the gap.
  return groups.flatMap(({ chapter, ids }, i) => [
    i ? '；' : '　',
    h('a', { href: `#${ids[0]}`, ...type }, chapter.title),
    ...ids.slice(1).flatMap((id, k) => [' ', h('a', { href: `#${id}`, className: ['index-backlink'], ariaLabel: LABELS.nthUse(chapter.title, k + 2), ...type }, String(k + 2))]),
  ]);
}
