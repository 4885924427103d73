/**
 * Where `#fragment` lands in a note. Authors write the fragment the way their tool makes heading
 * anchors: GitHub's slug (`#安装-go`), mdBook's and VitePress's (the same, give or take
 * punctuation), Obsidian's heading text (`#安装 Go`, percent-encoded in the link), or an id they
 * put in raw HTML (`<a id="x">`). The book gives headings its own book-wide ids, so a fragment is
 * looked up, in order: as the note's GitHub slug of a heading, as an id present in the note, then
 * loosely (letters and digits only, case folded) against the note's headings. `^id` is an
 * Obsidian block id (book/block-ids.ts).
 */
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { blockTarget } from './block-ids.ts';
import type { NoteBuild } from './note-build.ts';

const idsOfNote = new WeakMap<NoteBuild, Set<string>>();
const looseOfNote = new WeakMap<NoteBuild, Map<string, string>>();

/** The book id the fragment (decoded, without `#`) names in the note, or undefined. */
export function fragmentTarget(note: NoteBuild, fragment: string): string | undefined {
  // `#^id`: an Obsidian block id (book/block-ids.ts).
  if (/^\^[A-Za-z0-9-]+$/.test(fragment)) return blockTarget(note, fragment.slice(1));
  const exact = note.slugMap.get(fragment) ?? note.slugMap.get(fragment.toLowerCase());
  if (exact) return exact;
  if (idsOf(note).has(fragment)) return fragment;
  const key = looseKey(fragment);
  return key ? looseOf(note).get(key) : undefined;
}

/** Letters and digits of any script, lower case: what every slug style keeps of a heading. */
export function looseKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function idsOf(note: NoteBuild): Set<string> {
  let ids = idsOfNote.get(note);
  if (!ids) {
    ids = new Set();
    const found = ids;
    visit(note.tree, 'element', (el: Element) => {
      if (typeof el.properties.id === 'string') found.add(el.properties.id);
    });
    idsOfNote.set(note, ids);
  }
  return ids;
}

function looseOf(note: NoteBuild): Map<string, string> {
  let loose = looseOfNote.get(note);
  if (!loose) {
    loose = new Map();
    // slugMap keeps the headings in document order: the first of two similar headings wins.
    for (const [slug, id] of note.slugMap) {
      const key = looseKey(slug);
      if (key && !loose.has(key)) loose.set(key, id);
    }
    looseOfNote.set(note, loose);
  }
  return loose;
}
