/**
 * Links of the notes, made to work inside one book. A link to a note of the book (in any of the
 * forms of link-target.ts, with or without `#fragment`) becomes `#id` of that note or heading. A
 * link that cannot work in the book (to a note the book does not contain, to a local file that
 * is not a note, to nothing) keeps its text without the link, with a `broken-link` warning: no
 * link in the EPUB may point at a file that is not in it. A fragment that names no heading or id
 * is a `broken-fragment` warning. http, https and mailto links stay as they are.
 */
import type { Element, ElementContent, Parent } from 'hast';
import { CONTINUE, visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import { safeDecodeURIComponent } from '../util/decode.ts';
import { fragmentTarget } from './fragments.ts';
import { NoteLinkIndex } from './link-target.ts';
import type { NoteBuild } from './note-build.ts';

const indexes = new WeakMap<Map<string, NoteBuild>, NoteLinkIndex>();

/** Rewrites the links of one note in place (see the module comment). `root` is the book's folder. */
export function rewriteLinks(note: NoteBuild, notes: Map<string, NoteBuild>, diagnostics: Diagnostics, root: string): void {
  const index = noteLinkIndex(notes, root);
  const file = note.source.ref.relPath;
  visit(note.tree, 'element', (el: Element, position, parent) => {
    if (typeof el.properties.cite === 'string' && !isExternal(el.properties.cite)) delete el.properties.cite; // a local `cite` names a file not in the book
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string') return CONTINUE;
    const href = el.properties.href.trim();
    if (href.startsWith('//')) {
      el.properties.href = `https:${href}`; // protocol-relative: a reader has no page to take it from
      return CONTINUE;
    }
    if (isExternal(href)) return CONTINUE;
    const { target, fragment } = splitHref(href);
    const line = el.position?.start.line;
    const shown = fragment === undefined ? target : `${target}#${fragment}`;

    if (target === '') {
      if (!fragment) {
        el.properties.href = `#${note.anchor}`;
        return CONTINUE;
      }
      const id = fragmentTarget(note, fragment);
      if (id) {
        el.properties.href = `#${id}`;
        return CONTINUE;
      }
      diagnostics.warn('broken-fragment', `link to #${fragment}: no heading or id of this note has that name; the link text is kept, unlinked`, { file, line });
      return unwrap(el, parent, position);
    }

    const found = index.resolve(target, note.source.ref.path);
    if (found.kind === 'note') {
      let id = found.note.anchor;
      if (fragment) {
        const landing = fragmentTarget(found.note, fragment);
        if (landing) id = landing;
        else diagnostics.warn('broken-fragment', `link to ${shown}: ${found.note.source.ref.relPath} has no heading or id #${fragment}; the link goes to the start of that note`, { file, line });
      }
      el.properties.href = `#${id}`;
      return CONTINUE;
    }
    // A link around an image to that same image ("click to enlarge") needs no warning.
    if (found.kind === 'file' && wrapsOnlyImages(el)) return unwrap(el, parent, position);
    const why =
      found.kind === 'not-in-book'
        ? `link to a note that is not in the book: ${shown}`
        : found.kind === 'file'
          ? `link to a file that cannot be in the book: ${shown} (only the book's notes can be linked)`
          : found.kind === 'outside'
            ? `link leads outside the book's folder: ${shown}`
            : `link to nothing: ${shown} (no note or file at ${found.relPath})`;
    diagnostics.warn('broken-link', `${why}; the link text is kept, unlinked`, { file, line });
    return unwrap(el, parent, position);
  });
}

/** The link index of a book's notes, made once per map. */
export function noteLinkIndex(notes: Map<string, NoteBuild>, root: string): NoteLinkIndex {
  let index = indexes.get(notes);
  if (!index) {
    index = new NoteLinkIndex(root, notes.values());
    indexes.set(notes, index);
  }
  return index;
}

/** Absolute URLs (a scheme) are not the book's business here; the sanitizer allowed only safe ones. */
function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** `dir/a%20b.md?x=1#%E7%BE%A4` → { target: 'dir/a b.md', fragment: '群' }. */
export function splitHref(href: string): { target: string; fragment: string | undefined } {
  const hash = href.indexOf('#');
  const beforeHash = hash < 0 ? href : href.slice(0, hash);
  const query = beforeHash.indexOf('?');
  const target = query < 0 ? beforeHash : beforeHash.slice(0, query);
  return { target: safeDecodeURIComponent(target), fragment: hash < 0 ? undefined : safeDecodeURIComponent(href.slice(hash + 1)) };
}


function wrapsOnlyImages(el: Element): boolean {
  let images = 0;
  let text = false;
  visit(el, (node) => {
    if (node.type === 'element' && (node.tagName === 'img' || node.tagName === 'picture')) images++;
    if (node.type === 'text' && node.value.trim()) text = true;
  });
  return images > 0 && !text;
}

/**
 * The link's children take its place; an `<a id>` (a target of other links) becomes a `<span id>`.
 * Returns the index to visit next, so the children are still visited.
 */
function unwrap(el: Element, parent: Parent | undefined, position: number | undefined): number | typeof CONTINUE {
  if (typeof el.properties.id === 'string' || !parent || position === undefined) {
    el.tagName = 'span';
    el.properties = typeof el.properties.id === 'string' ? { id: el.properties.id } : {};
    return CONTINUE;
  }
  parent.children.splice(position, 1, ...(el.children as ElementContent[]));
  return position;
}
