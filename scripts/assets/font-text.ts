/** Which characters each font role must show, read off the finished book model and the labels. */
import type { Element, Nodes, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { labelText } from '../labels.ts';
import type { Book, ImageAsset } from '../model.ts';
import { emojiIn, type FontRole } from './fonts.ts';
import { svgImageText } from './svg-image.ts';
import { mathText } from './math-text.ts';
import { memoisedForTree, type Memo } from '../util/memo.ts';

const BOLD = new Set(['strong', 'b', 'em', 'i', 'th', 'dt']);
const MONO = new Set(['code', 'pre', 'kbd', 'samp']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Callout titles and tab labels (markdown/containers/model.ts) are set in the heading font. */
const isLabelLine = (el: Element): boolean => {
  const className = el.properties.className;
  return Array.isArray(className) && (className.includes('callout-title') || className.includes('tab-label'));
};

/** What one chapter's tree shows in each role (a pure function of the tree: the preview keeps it while the tree is the same). */
interface ChapterText {
  body: string;
  heading: string[];
  bold: string[];
  mono: string[];
  math: string;
}

function chapterText(tree: Root): ChapterText {
  const text: ChapterText = { body: hastToString(tree), heading: [], bold: [], mono: [], math: mathText(tree) };
  visit(tree, 'element', (el: Element) => {
    if (HEADINGS.has(el.tagName) || isLabelLine(el)) text.heading.push(hastToString(el as Nodes));
    // A drawn diagram (inline SVG, assets/diagrams/) may set some of its labels in bold.
    else if (el.tagName === 'svg') text.bold.push(hastToString(el as Nodes));
    else if (BOLD.has(el.tagName)) text.bold.push(hastToString(el as Nodes));
    else if (MONO.has(el.tagName)) text.mono.push(hastToString(el as Nodes));
  });
  return text;
}

export function textByRole(book: Book, images: ReadonlyMap<string, ImageAsset> = new Map(), memo?: Memo): Record<FontRole, string> {
  // Generated labels (part numbers, 目录, 参见…) are set in headings and bold too.
  const labels = labelText(book.parts.length);
  const meta = [book.meta.title, book.meta.subtitle ?? '', ...book.meta.authors];
  const heading: string[] = [...meta, labels];
  const body: string[] = [...meta, book.meta.description, labels];
  const bold: string[] = [];
  const mono: string[] = [];
  const math: string[] = [];
  let chapterIndex = 0;
  for (const part of book.parts) {
    heading.push(part.title ?? '');
    body.push(part.title ?? '');
    for (const chapter of part.chapters) {
      const text = memoisedForTree(memo, `font-text:${chapterIndex++}`, chapter.tree, () => chapterText(chapter.tree));
      heading.push(chapter.title, ...text.heading);
      body.push(chapter.title, text.body);
      bold.push(...text.bold);
      mono.push(...text.mono);
      math.push(text.math);
    }
  }
  if (book.glossary) {
    heading.push(book.glossary.title, ...book.glossary.entries.map((e) => e.group));
    bold.push(...book.glossary.entries.map((e) => e.term));
    body.push(book.glossary.title, ...book.glossary.entries.map((e) => `${e.term} ${e.english ?? ''} ${e.aliases.join(' ')} ${hastToString(e.definition)}`));
  }
  // The index's terms (a mark may name one the text never spells out) and a cross-reference's wording.
  if (book.index) {
    heading.push(book.index.title, ...book.index.entries.map((e) => e.group));
    body.push(book.index.title, ...book.index.entries.flatMap((e) => [e.term, ...e.subentries.map((s) => s.term)]));
  }
  if (book.config.pdf.crossReferencePages) body.push(book.config.pdf.crossReferencePages.text);
  // Text drawn inside SVG images: the PDF draws it with the book's fonts (assets/svg-image.ts).
  const svg = [...images.values()].map(svgImageText);
  bold.push(...svg.map((t) => t.bold));
  mono.push(...svg.map((t) => t.mono));
  body.push(...svg.map((t) => t.body));
  const all = body.join('\n');
  return {
    body: all,
    bold: bold.join('') + heading.join(''),
    heading: heading.join(''),
    mono: mono.join(''),
    emoji: emojiIn(all),
    math: math.join('') + (book.glossary?.entries.map((e) => mathText(e.definition)).join('') ?? ''),
  };
}
