/**
 * remark plugin: a heading with nothing to read in it (`##` alone, `## **`, `## ~~ ~~`, a
 * forgotten `#` on an empty line) would become an empty entry in the contents and the EPUB
 * navigation. It is taken out of the note, with a warning at its line `[empty-heading]`.
 * Runs before the heading levels are worked out (headings.ts), so an empty heading never counts
 * as a note's title or top level. A heading with an image, code, a footnote reference or raw
 * HTML in it shows something and is kept.
 */
import type { Heading, Nodes, Parent, Root } from 'mdast';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Nodes that show nothing themselves: only the text inside them counts. */
const TRANSPARENT = new Set(['text', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'break']);
/** What is left of a heading's text when it is "empty": spaces and stray emphasis markers. */
const NOTHING = /^[\s\u200B-\u200D\u2060\uFEFF*_~]*$/u;

export function isEmptyHeading(heading: Heading): boolean {
  let text = '';
  let shows = false;
  visit(heading, (node: Nodes) => {
    if (node === heading) return;
    if (!TRANSPARENT.has(node.type)) {
      shows = true;
      return SKIP;
    }
    if (node.type === 'text') text += node.value;
  });
  return !shows && NOTHING.test(text);
}

/** Per-note settings come through the VFile (`file.data.note`, see pipeline.ts). */
export default function remarkEmptyHeadings() {
  return (tree: Root, file: VFile) => {
    const note = file.data.note;
    visit(tree, 'heading', (node: Heading, index, parent: Parent | undefined) => {
      if (!parent || index === undefined || !isEmptyHeading(node)) return;
      note?.diagnostics.warn('empty-heading', `empty heading "${'#'.repeat(node.depth)}" left out (it would be an empty contents entry); give it text or delete it`, {
        file: note.file,
        line: node.position?.start.line,
      });
      parent.children.splice(index, 1);
      return index;
    });
  };
}
