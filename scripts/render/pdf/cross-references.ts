/**
 * Cross-references with page numbers (`pdf.crossReferencePages`). On paper a link is invisible,
 * so each link to another place of the book (a heading, a note, an anchor in a note, and, unless
 * turned off, a term's glossary entry) is followed by the page it leads to: `（见第 123 页）`.
 *
 * The numbers come the way the contents' do (index.ts): each reference links its target, so
 * Chromium writes a named destination for it; the first print shows a placeholder, the numbers
 * are patched into the loaded page, and the book is printed again until no target moves. The
 * number is a link too. Not for links in headings (the outline and the contents show their
 * text), footnote numbers and back-links (they are the notes' own apparatus), links to nothing
 * in the book, and not in the contents, the glossary or the index, which are not chapter trees.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { toString as hastToString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import { PAGE_PLACEHOLDER } from '../../config/typeset-schema.ts';
import type { Book, CrossReferencePages } from '../../model.ts';

const HEADING = /^h[1-6]$/;
/** What the first print shows before the pages are known: about as wide as a real number. */
const PLACEHOLDER = '000';

/** Ids a reference may lead to: what the chapters hold, and the glossary's entries. */
function targetIds(book: Book, settings: CrossReferencePages): Set<string> {
  const ids = new Set<string>();
  for (const c of book.parts.flatMap((p) => p.chapters)) {
    ids.add(c.id);
    for (const id of c.ids) ids.add(id);
  }
  if (settings.glossary) for (const e of book.glossary?.entries ?? []) ids.add(e.id);
  return ids;
}

function hasClass(el: Element, name: string): boolean {
  const c = el.properties.className;
  return Array.isArray(c) && c.includes(name);
}

/** The links of a chapter tree that get a page number, with the id each leads to. */
function referenceLinks(tree: HastRoot, ids: Set<string>, settings: CrossReferencePages): { link: Element; parent: Element | HastRoot; target: string }[] {
  const found: { link: Element; parent: Element | HastRoot; target: string }[] = [];
  visitParents(tree, 'element', (el: Element, ancestors) => {
    if (el.tagName !== 'a') return;
    const href = el.properties.href;
    if (typeof href !== 'string' || !href.startsWith('#')) return;
    if (el.properties.dataFootnoteRef !== undefined || el.properties.dataFootnoteBackref !== undefined) return;
    if (ancestors.some((a) => a.type === 'element' && HEADING.test(a.tagName))) return;
    if (!settings.glossary && hasClass(el, 'glossref')) return;
    // An empty anchor (`<a href="#x"></a>`) shows nothing a number could follow.
    if (!hastToString(el).trim() && !el.children.some((c) => c.type === 'element')) return;
    let target = href.slice(1);
    try {
      target = decodeURIComponent(target);
    } catch {
      // Not percent-encoded: the id as written.
    }
    if (!ids.has(target)) return;
    found.push({ link: el, parent: ancestors[ancestors.length - 1] as Element | HastRoot, target });
  });
  return found;
}

/** The text around the number, from the wording: `（见第 ` and ` 页）`. */
function wording(settings: CrossReferencePages): [string, string] {
  const [before, after] = settings.text.split(PAGE_PLACEHOLDER);
  return [before ?? '', after ?? ''];
}

/**
 * After each reference of a chapter tree (already a copy), its page: from `pageOf`, else (the
 * first print) a placeholder. A target without a page is hidden (patched in later passes alike).
 */
export function addCrossReferencePages(tree: HastRoot, book: Book, pageOf: Map<string, number> | undefined): void {
  const settings = book.config.pdf.crossReferencePages;
  if (!settings) return;
  const [before, after] = wording(settings);
  for (const { link, parent, target } of referenceLinks(tree, targetIds(book, settings), settings)) {
    const page = pageOf ? pageOf.get(target) : PLACEHOLDER;
    const slot = h('span', { className: ['xref-page'], dataXref: target, hidden: page === undefined }, [before, h('a', { href: `#${target}`, className: ['xref-number'] }, String(page ?? '')), after]);
    const siblings = parent.children as ElementContent[];
    siblings.splice(siblings.indexOf(link) + 1, 0, slot);
  }
}

/** Every id a reference of the book leads to: whose pages the PDF prints. */
export function crossReferenceTargets(book: Book): string[] {
  const settings = book.config.pdf.crossReferencePages;
  if (!settings) return [];
  const ids = targetIds(book, settings);
  const targets = new Set<string>();
  for (const c of book.parts.flatMap((p) => p.chapters)) for (const r of referenceLinks(c.tree, ids, settings)) targets.add(r.target);
  return [...targets];
}

/** What the patch fills in (print.ts): each target's page, '' when it has none. */
export function crossReferencePatch(book: Book, pageOf: Map<string, number>): [string, string][] {
  return crossReferenceTargets(book).map((id) => [id, String(pageOf.get(id) ?? '')]);
}
