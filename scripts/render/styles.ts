/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Book } from '../model.ts';

export function readStyles(stylesDir: string, files: string[], book: Book): string {
  // What only some books have brings its own sheet, so other books' styles stay as they were.
  const extra = [...(book.index ? ['index.css'] : []), ...(book.config.pdf.crossReferencePages && files.includes('print.css') ? ['cross-references.css'] : [])];
  const css = [...files, ...extra].map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  return book.config.style.paragraphs === 'spacing' ? `${css}\n:root { --para-indent: 0; --para-gap: 0.6em; }\n` : css;
}
