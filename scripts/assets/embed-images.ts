/**
 * Images of the notes: each <img> gets the book's copy of its image, or a visible placeholder.
 * Sources are resolved relative to the note they appear in (the note wrapper's `data.note`).
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { LABELS } from '../labels.ts';
import type { Book, Chapter, NoteRef } from '../model.ts';
import type { ImageResolver } from './images.ts';

/** A new book whose chapters point at the embedded images; chapters without images are shared. */
export async function embedImages(book: Book, images: ImageResolver): Promise<Book> {
  const jobs: Promise<void>[] = [];
  const withImages = (chapter: Chapter): Chapter => {
    if (!hasImage(chapter.tree)) return chapter;
    const tree = structuredClone(chapter.tree);
    for (const wrapper of tree.children) {
      if (wrapper.type !== 'element' || !wrapper.data?.note) continue;
      const note = wrapper.data.note;
      visit(wrapper, 'element', (el: Element, index, parent) => {
        if (el.tagName !== 'img' || !parent || index === undefined) return;
        jobs.push(embed(el, (parent as { children: ElementContent[] }).children, index, note, images));
      });
    }
    return { ...chapter, tree };
  };
  const parts = book.parts.map((part) => ({ ...part, chapters: part.chapters.map(withImages) }));
  await Promise.all(jobs);
  return { ...book, parts };
}

function hasImage(tree: HastRoot): boolean {
  let found = false;
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'img') found = true;
  });
  return found;
}

async function embed(el: Element, siblings: ElementContent[], index: number, note: NoteRef, images: ImageResolver): Promise<void> {
  const src = typeof el.properties.src === 'string' ? el.properties.src : '';
  const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
  const position = { file: note.relPath, line: el.position?.start.line };
  const result = src ? await images.resolve({ src, notePath: note.path, position }) : { ok: false as const, reason: 'no source' };
  if (result.ok) {
    el.properties.src = result.asset.href;
    el.properties.alt = alt;
    return;
  }
  siblings[index] = h('span', { className: ['image-missing'], role: 'img', ariaLabel: alt || LABELS.image }, [
    h('span', { className: ['image-missing-label'] }, `${LABELS.imageMissing}${alt ? `：${alt}` : ''}`),
    h('span', { className: ['image-missing-url'] }, src),
  ]);
}
