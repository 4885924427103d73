/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { Book } from '../model.ts';
import { containsMath } from './math.ts';
import { memoisedForTree, type Memo } from '../util/memo.ts';
import { punctuationCss } from './punctuation.ts';

/** `memo`: the preview's; what each chapter has is kept while its tree is the same. */
export function readStyles(stylesDir: string, files: string[], book: Book, memo?: Memo): string {
  const has = bookHas(book, memo);
  // Formulas' styles (math.css) follow book.css, in a book that has formulas. What only some
  // books have brings its own sheet (diagrams, the index, cross-reference pages), so other
  // books' styles stay as they were, byte for byte.
  const withMath = has.math ? files.flatMap((f) => (f === 'book.css' ? [f, 'math.css'] : [f])) : files;
  const extra = [
    ...(has.diagrams ? ['diagrams.css'] : []),
    ...(book.index ? ['index.css'] : []),
    ...(book.config.numbering ? ['numbering.css'] : []),
    ...(book.config.pdf.crossReferencePages && files.includes('print.css') ? ['cross-references.css'] : []),
  ];
  const css = [...withMath, ...extra].map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  const spacing = book.config.style.paragraphs === 'spacing' ? ':root { --para-indent: 0; --para-gap: 0.6em; }\n' : '';
  return `${css}\n${spacing}${punctuationCss(book.config.style)}\n`;
}

/** Formulas (a chapter's or a glossary definition's) and drawn diagrams anywhere in the book. */
function bookHas(book: Book, memo: Memo | undefined): { math: boolean; diagrams: boolean } {
  const chapters = book.parts.flatMap((p) => p.chapters);
  const has = chapters.map((c, i) => memoisedForTree(memo, `styles:chapter:${i}`, c.tree, () => ({ math: containsMath(c.tree), diagrams: hasDiagram(c.tree) })));
  return {
    math: has.some((h) => h.math) || (book.glossary?.entries.some((e) => containsMath(e.definition)) ?? false),
    diagrams: has.some((h) => h.diagrams),
  };
}

/** A `<figure class="diagram">` (assets/diagrams/) in the tree. */
function hasDiagram(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'figure' && Array.isArray(el.properties.className) && el.properties.className.includes('diagram')) found = true;
  });
  return found;
}
