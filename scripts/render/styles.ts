/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Book } from '../model.ts';
import { bookHasMath } from './math.ts';

export function readStyles(stylesDir: string, files: string[], book: Book): string {
  // Formulas' styles (math.css) follow book.css, in a book that has formulas.
  const withMath = bookHasMath(book) ? files.flatMap((f) => (f === 'book.css' ? [f, 'math.css'] : [f])) : files;
  const css = withMath.map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  return book.config.style.paragraphs === 'spacing' ? `${css}\n:root { --para-indent: 0; --para-gap: 0.6em; }\n` : css;
}
