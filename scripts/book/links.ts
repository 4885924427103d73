/** Links between notes: `other.md#heading` becomes a link inside the book. */
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import { displayHref } from '../warnings.ts';
import type { NoteBuild } from './note-build.ts';

/** `other.md#heading` → `#book-id`; a link to a note outside the book is reported. */
export function rewriteLinks(note: NoteBuild, notes: Map<string, NoteBuild>, diagnostics: Diagnostics): void {
  const dir = path.dirname(note.source.ref.path);
  visit(note.tree, 'element', (el: Element) => {
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string') return;
    const href = el.properties.href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return; // external
    const [target, fragment] = splitHref(href);
    if (target === '') {
      if (fragment === undefined) return;
      const id = note.slugMap.get(fragment) ?? fragment;
      el.properties.href = `#${id}`;
      return;
    }
    const targetNote = notes.get(path.resolve(dir, target));
    if (!targetNote) {
      if (/\.(md|markdown)$/i.test(target)) {
        const line = el.position?.start.line;
        diagnostics.warn('broken-link', `link to a note that is not in the book: ${displayHref(href)}`, { file: note.source.ref.relPath, line });
        delete el.properties.href;
      }
      return;
    }
    const id = fragment === undefined ? targetNote.anchor : (targetNote.slugMap.get(fragment) ?? targetNote.anchor);
    el.properties.href = `#${id}`;
  });
}

function splitHref(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  const target = hash < 0 ? href : href.slice(0, hash);
  const fragment = hash < 0 ? undefined : decodeURIComponentSafe(href.slice(hash + 1));
  return [decodeURIComponentSafe(target), fragment];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

