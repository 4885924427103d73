/**
 * Obsidian block ids in the book: each element that carried ` ^id` (markdown/block-ids.ts) gets
 * a book-wide unique id from the book's slugger (`^summary` → `summary`, or `summary-1` when
 * that id is taken), and `#^id` fragments of links find it.
 */
import type GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { NoteBuild } from './note-build.ts';

/** Gives every block of the note's tree its id, added to `ids`. */
export function assignBlockIds(tree: Root, slugger: GithubSlugger, ids: Set<string>): void {
  visit(tree, 'element', (el: Element) => {
    const blockId = el.data?.blockId;
    if (blockId === undefined || typeof el.properties.id === 'string') return;
    const id = slugger.slug(blockId);
    el.properties.id = id;
    ids.add(id);
  });
}

/** The id of the note's block `^blockId` (case as written, else any case). */
export function blockTarget(note: NoteBuild, blockId: string): string | undefined {
  let exact: string | undefined;
  let loose: string | undefined;
  visit(note.tree, 'element', (el: Element) => {
    const id = el.data?.blockId;
    if (id === undefined || typeof el.properties.id !== 'string') return;
    if (id === blockId) exact ??= el.properties.id;
    else if (id.toLowerCase() === blockId.toLowerCase()) loose ??= el.properties.id;
  });
  return exact ?? loose;
}
