/** Which characters each font role must show, read off the book model. */
import type { Element, Nodes } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { emojiIn, type FontRole } from '../assets/fonts.ts';
import type { Book } from '../model.ts';
import { svgImageText } from '../assets/svg-image.ts';

const BOLD = new Set(['strong', 'b', 'em', 'i', 'th', 'dt']);
const MONO = new Set(['code', 'pre', 'kbd', 'samp']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Text the renderers generate themselves (labels, page furniture), beyond the book's own. */
export const UI_TEXT = '目录封面第部分章节注释返回正文图片未能载入版本页码参见又作出现于上一章下一章印刷版←→';

export function textByRole(book: Book, extra: string): Record<FontRole, string> {
  const heading: string[] = [book.meta.title, book.meta.subtitle ?? '', ...book.meta.authors, extra];
  const bold: string[] = [];
  const mono: string[] = [];
  for (const part of book.parts) {
    heading.push(part.title ?? '');
    for (const chapter of part.chapters) {
      heading.push(chapter.title);
      visit(chapter.tree, 'element', (el: Element) => {
        if (HEADINGS.has(el.tagName)) heading.push(hastToString(el as Nodes));
        else if (BOLD.has(el.tagName)) bold.push(hastToString(el as Nodes));
        else if (MONO.has(el.tagName)) mono.push(hastToString(el as Nodes));
      });
    }
  }
  if (book.glossary) {
    heading.push(book.glossary.title, ...book.glossary.entries.map((e) => e.group));
    bold.push(...book.glossary.entries.map((e) => e.term));
  }
  // Text drawn inside SVG images: the PDF draws it with the book's fonts (assets/svg-image.ts).
  const svg = [...book.images.values()].map(svgImageText);
  bold.push(...svg.map((t) => t.bold));
  mono.push(...svg.map((t) => t.mono));
  const all = `${book.text}\n${extra}${svg.map((t) => t.body).join('')}`;
  return {
    body: all,
    bold: bold.join('') + heading.join(''),
    heading: heading.join(''),
    mono: mono.join(''),
    emoji: emojiIn(all),
  };
}
