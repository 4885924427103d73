/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Book } from '../model.ts';

export function readStyles(stylesDir: string, files: string[], book: Book): string {
  // Only a book with drawn diagrams carries their rules (a book without is as it was, byte for byte).
  const all = hasDiagrams(book) ? [...files, 'diagrams.css'] : files;
  const css = all.map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  return book.config.style.paragraphs === 'spacing' ? `${css}\n:root { --para-indent: 0; --para-gap: 0.6em; }\n` : css;
}

/** A `<figure class="diagram">` (assets/diagrams/) anywhere in the book. */
function hasDiagrams(book: Book): boolean {
  let found = false;
  for (const part of book.parts) {
    for (const chapter of part.chapters) {
      visit(chapter.tree, 'element', (el: Element) => {
        if (el.tagName === 'figure' && Array.isArray(el.properties.className) && el.properties.className.includes('diagram')) found = true;
      });
    }
  }
  return found;
}
