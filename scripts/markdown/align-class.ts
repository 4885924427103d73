/**
 * rehype plugin: the obsolete `align` attribute becomes a class. GFM column alignment
 * (`|:--|--:|`) reaches the tree as `align="left"` on `th`/`td` (mdast-util-to-hast), and the
 * sanitizer's schema keeps `align` from raw HTML (`<td align="right">`, `<p align="center">`).
 * HTML5 made `align` obsolete and EPUB 3 XHTML does not allow it (epubcheck RSC-005), so a
 * plain Markdown table would make the EPUB fail validation. `align-left`, `align-center`,
 * `align-right` and `align-justify` are styled in styles/book.css. Any other value (an image's
 * `align="absmiddle"`) has no text alignment to keep and is dropped. Runs after the sanitizer:
 * the classes it adds are fixed names, never the note's text.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

const TEXT_ALIGN = new Set(['left', 'center', 'right', 'justify']);

export default function rehypeAlignClass() {
  return (tree: Root): void => {
    visit(tree, 'element', (el) => {
      const align = el.properties.align;
      if (align === undefined) return;
      delete el.properties.align;
      const value = String(align).trim().toLowerCase();
      if (!TEXT_ALIGN.has(value)) return;
      // hast keeps className as a list of names.
      const existing = el.properties.className;
      el.properties.className = [...(Array.isArray(existing) ? existing : []), `align-${value}`];
    });
  };
}
