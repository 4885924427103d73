/**
 * Footnotes in the PDF: printed where the book model puts them, at the end of their chapter
 * (book/footnotes.ts), each ending with the pages of its references: `（第 12 页）`, or
 * `（第 12、15 页）` for a note referred to from two pages, each number a link to its reference;
 * the note's number links back too. (Why not at the foot of the page: see the README, "Footnotes".)
 *
 * Chromium has no `target-counter()`, so the pages come the way the contents' do: every
 * reference is a link target, so the first print has a named destination for it and we learn its
 * page (destinations.ts); the numbers are filled in and the book printed again, until they settle
 * (index.ts). Each number sits in a slot at least three digits wide, so filling it in moves
 * nothing; only a note with two references on one page loses a slot (and may take one more print).
 * In print the ↑² links go: the page list says where every reference is.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { LABELS } from '../../labels.ts';
import type { Book } from '../../model.ts';
import { toHtmlString } from '../html-string.ts';

const isNote = (el: Element) => el.tagName === 'aside' && el.properties.dataFootnote !== undefined;
const hrefId = (el: Element) => String(el.properties.href).replace(/^#/, '');

/** Every footnote reference of the book (the ids whose pages the notes print), in reading order. */
export function footnoteRefIds(book: Book): string[] {
  const ids: string[] = [];
  for (const chapter of book.parts.flatMap((p) => p.chapters)) {
    visit(chapter.tree, 'element', (el: Element) => {
      if (el.properties.dataFootnoteRef !== undefined && typeof el.properties.id === 'string') ids.push(el.properties.id);
    });
  }
  return ids;
}

/** Where the note's references are (its back-links' targets), in order. */
function referencesOf(note: Element): string[] {
  const refs: string[] = [];
  visit(note, 'element', (el: Element) => {
    if (el.properties.dataFootnoteBackref !== undefined) refs.push(hrefId(el));
  });
  return refs;
}

/**
 * The page list of one note. Without `pageOf` (the first print): one empty slot per reference.
 * With it: one number per page, a link to the first reference on that page. Every reference
 * also has a probe, an invisible link out of the flow, so that each one keeps its destination
 * (and we learn its page) whatever the list shows.
 */
function pageList(note: Element, pageOf: Map<string, number> | undefined): Element {
  const refs = referencesOf(note);
  const links: Element[] = [];
  const seen = new Set<number>();
  for (const ref of refs) {
    const page = pageOf?.get(ref);
    if (page !== undefined && seen.has(page)) continue;
    if (page !== undefined) seen.add(page);
    links.push(h('a', { className: ['footnote-page'], href: `#${ref}` }, page === undefined ? '' : String(page)));
  }
  // The label's words around the numbers, from labels.ts: `（第` … `、` … `页）`; the slots
  // space themselves (print.css), in place of the spaces around a number.
  const [before, between, after] = LABELS.footnotePages(['\u0000', '\u0000'])
    .split('\u0000')
    .map((s, i) => (i === 0 ? s.trimEnd() : i === 2 ? s.trimStart() : s)) as [string, string, string];
  const probes = refs.map((ref) => h('a', { className: ['footnote-page-probe'], href: `#${ref}`, ariaHidden: 'true' }));
  return h('span', { className: ['footnote-pages'] }, [before, ...links.flatMap((a, i): Array<Element | string> => (i ? [between, a] : [a])), after, ...probes]);
}

/** Ends every note in `tree` with the pages of its references, and drops its ↑² links. */
export function addFootnotePages(tree: Root | Element, pageOf: Map<string, number> | undefined): void {
  visit(tree, 'element', (el: Element) => {
    if (!isNote(el)) return;
    const list = pageList(el, pageOf);
    dropExtraBackLinks(el);
    const last = el.children.filter((c): c is Element => c.type === 'element').at(-1);
    // The label opens with a full-width bracket: no space before it.
    if (last?.tagName === 'p') last.children.push(list);
    else el.children.push(h('p', [list]));
  });
}

/** The back-links after the first (the note's number): ↑², ↑³ and the space before each. */
function dropExtraBackLinks(note: Element): void {
  let first = true;
  visit(note, 'element', (el: Element) => {
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type !== 'element' || child.properties.dataFootnoteBackref === undefined) continue;
      if (first) {
        first = false;
        continue;
      }
      const before = children[i - 1] as ElementContent | undefined;
      if (before?.type === 'text') before.value = before.value.replace(/ $/, '');
      children.splice(i, 1);
      i--;
    }
  });
}

/** What the pass after a print fills in: note id → its page list (HTML), for every note of the book. */
export function footnotePagesPatch(book: Book, pageOf: Map<string, number>): [string, string][] {
  const out: [string, string][] = [];
  for (const chapter of book.parts.flatMap((p) => p.chapters)) {
    visit(chapter.tree, 'element', (el: Element) => {
      if (isNote(el)) out.push([String(el.properties.id), toHtmlString(pageList(el, pageOf))]);
    });
  }
  return out;
}
