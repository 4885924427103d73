/**
 * rehype plugin: every `<details>` is printed open. A closed one shows only its summary, and
 * Chromium prints it so: its content would be missing from the PDF, and an EPUB reader that
 * cannot open it would hide it too. A book is read, not clicked (as folded callouts, see
 * containers/model.ts). Runs after the sanitizer, which does not keep `open` from raw HTML.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeDetailsOpen() {
  return (tree: Root): void => {
    visit(tree, 'element', (el) => {
      if (el.tagName === 'details') el.properties.open = true;
    });
  };
}
