/**
 * Chromium writes a heading that starts a new page into the PDF outline twice over: the title
 * of its bookmark is the text of the heading's first line followed by its whole text
 * ("写在最后写在最后", "…预构建索引效果…预构建索引效果好？", the glossary's "DD"). The text a
 * bookmark should show is known (the book's headings), so such a title is cut back to it: a
 * title made of a start P and a heading's text Q that begins with P becomes Q. A title that is
 * not of that form is left alone, so a heading that really repeats itself keeps its text.
 */
import type { Element } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from 'pdf-lib';
import { visit } from 'unist-util-visit';
import type { Book } from '../../model.ts';

const HEADING = /^h[1-6]$/;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every text a bookmark may carry: part, chapter and section headings, the glossary's and the index's. */
export function bookmarkTexts(book: Book): Set<string> {
  const texts = new Set<string>();
  const add = (s: string | undefined) => {
    if (s) texts.add(squash(s));
  };
  for (const part of book.parts) {
    add(part.title);
    for (const chapter of part.chapters) {
      add(chapter.title);
      visit(chapter.tree, 'element', (el: Element) => {
        if (HEADING.test(el.tagName)) add(hastToString(el));
      });
    }
  }
  if (book.glossary) {
    add(book.glossary.title);
    for (const e of book.glossary.entries) add(e.group);
  }
  if (book.index) add(book.index.title);
  return texts;
}

/** The heading text a doubled title stands for, or undefined when the title is not doubled. */
export function undoubledTitle(title: string, texts: ReadonlySet<string>): string | undefined {
  const t = squash(title);
  if (texts.has(t)) return undefined;
  for (let i = 1; i <= t.length / 2; i++) {
    const rest = t.slice(i).trimStart();
    if (texts.has(rest) && rest.startsWith(t.slice(0, i).trim())) return rest;
  }
  return undefined;
}

/** Repairs every bookmark title of `doc` that Chromium doubled; returns how many it changed. */
export function repairOutlineTitles(doc: PDFDocument, texts: ReadonlySet<string>): number {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  let changed = 0;
  const walk = (item: PDFDict | undefined, depth: number) => {
    for (let node = item; node && depth < 64; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = node.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const fixed = undoubledTitle(title.decodeText(), texts);
        if (fixed !== undefined) {
          node.set(PDFName.of('Title'), PDFHexString.fromText(fixed));
          changed++;
        }
      }
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return changed;
}
