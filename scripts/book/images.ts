/** Images of the notes: each <img> gets the book's copy of its image, or a visible placeholder. */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { ImageResolver } from '../assets/images.ts';
import type { NoteBuild } from './note-build.ts';

/** Every <img> gets the book's copy of its image, or a visible placeholder. */
export async function resolveImages(notes: Map<string, NoteBuild>, images: ImageResolver): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const note of notes.values()) {
    visit(note.tree, 'element', (el: Element, index, parent) => {
      if (el.tagName !== 'img' || !parent || index === undefined) return;
      const src = typeof el.properties.src === 'string' ? el.properties.src : '';
      const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
      const position = { file: note.source.ref.relPath, line: el.position?.start.line };
      jobs.push(
        (src ? images.resolve({ src, notePath: note.source.ref.path, position }) : Promise.resolve({ ok: false as const, reason: 'no source' })).then((result) => {
          if (result.ok) {
            el.properties.src = result.asset.href;
            el.properties.alt = alt;
            return;
          }
          const placeholder = h('span', { className: ['image-missing'], role: 'img', ariaLabel: alt || '图片' }, [
            h('span', { className: ['image-missing-label'] }, `图片未能载入${alt ? `：${alt}` : ''}`),
            h('span', { className: ['image-missing-url'] }, src),
          ]);
          (parent as { children: ElementContent[] }).children[index] = placeholder;
        }),
      );
    });
  }
  await Promise.all(jobs);
}
