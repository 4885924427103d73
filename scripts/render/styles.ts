/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Book } from '../model.ts';
import { bookHasMath } from './math.ts';
import { punctuationCss } from './punctuation.ts';

export function readStyles(stylesDir: string, files: string[], book: Book): string {
  // Formulas' styles (math.css) follow book.css, in a book that has formulas. What only some
  // books have brings its own sheet (diagrams, the index, cross-reference pages), so other
  // books' styles stay as they were, byte for byte.
  const withMath = bookHasMath(book) ? files.flatMap((f) => (f === 'book.css' ? [f, 'math.css'] : [f])) : files;
  const extra = [
    ...(hasDiagrams(book) ? ['diagrams.css'] : []),
    ...(book.index ? ['index.css'] : []),
    ...(book.config.numbering ? ['numbering.css'] : []),
    ...(book.config.pdf.crossReferencePages && files.includes('print.css') ? ['cross-references.css'] : []),
  ];
  const css = [...withMath, ...extra].map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  const spacing = book.config.style.paragraphs === 'spacing' ? ':root { --para-indent: 0; --para-gap: 0.6em; }\n' : '';
  return `${css}\n${spacing}${punctuationCss(book.config.style)}\n`;
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
