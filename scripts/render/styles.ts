/** Reads the stylesheets in styles/ and applies the book's style options to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Book } from '../model.ts';
import { punctuationCss } from './punctuation.ts';

export function readStyles(stylesDir: string, files: string[], book: Book): string {
  const css = files.map((f) => readFileSync(path.join(stylesDir, f), 'utf8')).join('\n');
  // book.css indents paragraphs by default (--para-indent); `spacing` switches the two variables.
  const spacing = book.config.style.paragraphs === 'spacing' ? ':root { --para-indent: 0; --para-gap: 0.6em; }\n' : '';
  return `${css}\n${spacing}${punctuationCss(book.config.style)}\n`;
}
