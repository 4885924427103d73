/**
 * Ids that a note's own HTML brings (`<a id="top">`, `<a name="fig-1">`, `<div id="x">`). They
 * are kept as the author wrote them, so that `#top` and `other.md#fig-1` keep working, but the
 * book is one document in the PDF and one site in HTML: an id must not repeat a heading's id,
 * another note's id or one the book itself uses (contents, glossary). Such an id gets a
 * suffix (`top-1`), the way repeated heading ids do, and links to it follow.
 */
import type GithubSlugger from 'github-slugger';
import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';

const HEADING = /^h[1-6]$/;

/** Ids the book's own pages use next to the notes (render/, pdf/, glossary/, book-index/). */
const RESERVED = /^(?:toc|landmarks|contents|cover|titlepage)$|^gl-|^glossary|^ix-|^book-index/;

/**
 * Make the note's raw-HTML ids unique book-wide and record them for links: `slugMap` maps what
 * the author wrote to the id in the book (a heading with the same slug keeps the name). Run
 * after the note's headings have their ids; headings and footnotes have the book's own ids.
 */
export function claimRawIds(tree: HastRoot, slugger: GithubSlugger, slugMap: Map<string, string>): void {
  visit(tree, 'element', (el: Element) => {
    // Headings, footnote references and footnotes have the book's own ids (book/footnotes.ts).
    if (HEADING.test(el.tagName) || el.properties.dataFootnoteRef !== undefined || el.properties.dataFootnote !== undefined) return undefined;
    const id = el.properties.id;
    if (typeof id !== 'string' || id === '') return undefined;
    const unique = claim(slugger, id);
    el.properties.id = unique;
    if (!slugMap.has(id)) slugMap.set(id, unique);
    return undefined;
  });
}

/** `id`, or `id-1`, `id-2` … : the first one nobody has, now taken. */
function claim(slugger: GithubSlugger, id: string): string {
  // An id the book's own pages use cannot be had at all: `glossary` → `user-glossary`.
  const base = RESERVED.test(id) ? `user-${id}` : id;
  let result = base;
  for (let n = 1; Object.hasOwn(slugger.occurrences, result); n++) result = `${base}-${n}`;
  // Registered with the slugger, so a later heading with the same text gets another id.
  slugger.occurrences[result] = 0;
  return result;
}
