/**
 * The numbering stage (book.yaml `numbering:`, README "Numbering"): runs on the assembled book,
 * before the glossary, and returns a new book in which
 *   - chapter titles start with their number (第 3 章 + U+3000 + 标题), so the contents, the EPUB nav, the
 *     PDF outline and running heads, which all print `chapter.title`, show it;
 *   - headings inside a chapter start with `<span class="number">3.2</span>`, and so do their
 *     contents entries (`sections`);
 *   - the captions book/captions.ts found start with `<b class="caption-label">图 3-1</b>`,
 *     numbered from 1 in each chapter, after the chapter's number;
 *   - a link to a numbered figure, table or listing whose text is empty, `@` or the bare word
 *     (`[图](#fig-系统架构)`, `[Table](#tbl-x)`) says its number instead: `图 3-1`.
 * A chapter whose first note's front matter says `numbering: false` (a preface) has no number,
 * its headings none either, and its figures are 图 1, 图 2 … . Without `numbering:` the book is
 * returned as it is.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { numberingWords, type NumberingWords } from '../labels.ts';
import type { Book, Chapter, HeadingInfo, ResolvedNumbering } from '../model.ts';
import { CAPTION_CLASS, CONTAINER_CLASS, type CaptionKind } from './captions.ts';

const KINDS: CaptionKind[] = ['figure', 'table', 'listing'];
/** Link texts that stand for "its number": empty, `@` (pandoc-crossref), or the kind's word in any language the labels know. */
const REFERENCE_TEXT = /^(?:@?|图|圖|図|表|表格|代码|代碼|清单|程序|リスト|그림|표|코드|fig\.?|figure|table|tab\.?|listing|code)$/i;

export function numberBook(book: Book): Book {
  const numbering = book.config.numbering;
  if (!numbering) return book;
  const words = numberingWords(book.meta.language);
  /** Id of a numbered figure, table or listing → its label (图 3-1). */
  const labels = new Map<string, string>();
  // Chapters count from 1 without the unnumbered ones (a preface does not make the first chapter 第 2 章).
  let counted = 0;
  const parts = book.parts.map((part) => ({
    ...part,
    chapters: part.chapters.map((chapter) => numberChapter(chapter, chapter.unnumbered ? undefined : ++counted, numbering, words, labels)),
  }));
  if (labels.size) for (const chapter of parts.flatMap((p) => p.chapters)) labelReferences(chapter.tree, labels);
  return { ...book, parts };
}

/** `n`: the chapter's number, undefined for an unnumbered chapter (its figures are 图 1, 图 2 …). */
function numberChapter(chapter: Chapter, n: number | undefined, numbering: ResolvedNumbering, words: NumberingWords, labels: Map<string, string>): Chapter {
  const tree = structuredClone(chapter.tree);
  let title = chapter.title;
  if (numbering.chapters && n !== undefined) title = `${numbering.chapters === 'number' ? String(n) : words.chapter(n, numbering.chapters)}${words.separator}${title}`;

  const sections = n === undefined ? chapter.sections : numberSections(tree, chapter.sections, n, numbering.sections, words);

  const counts: Record<CaptionKind, number> = { figure: 0, table: 0, listing: 0 };
  const wanted: Record<CaptionKind, boolean> = { figure: numbering.figures, table: numbering.tables, listing: numbering.listings };
  visit(tree, 'element', (el: Element) => {
    const kind = KINDS.find((k) => wanted[k] && hasClass(el, CONTAINER_CLASS[k]));
    if (!kind) return;
    const caption = el.children.find((c): c is Element => c.type === 'element' && hasClass(c, CAPTION_CLASS));
    if (!caption) return;
    const label = `${words[kind]} ${n === undefined ? '' : `${n}-`}${++counts[kind]}`;
    caption.children.unshift(h('b', { className: ['caption-label'] }, label), { type: 'text', value: words.separator });
    if (typeof el.properties.id === 'string') labels.set(el.properties.id, label);
  });
  return { ...chapter, title, sections, tree, ids: new Set(chapter.ids) };
}

/** Headings of depth 2 … `deepest` numbered 3.1, 3.1.2 in document order; the contents entries follow. */
function numberSections(tree: HastRoot, sections: HeadingInfo[], chapter: number, deepest: number, words: NumberingWords): HeadingInfo[] {
  if (deepest < 2) return sections;
  const byId = new Map(sections.map((s) => [s.id, s]));
  const numbers = new Map<string, string>();
  const counters: number[] = [];
  visit(tree, 'element', (el: Element) => {
    const depth = /^h([2-6])$/.exec(el.tagName)?.[1];
    const id = el.properties.id;
    if (!depth || typeof id !== 'string' || !byId.has(id)) return;
    const d = Number(depth);
    if (d > deepest) return;
    counters[d] = (counters[d] ?? 0) + 1;
    counters.length = d + 1; // a new 3.2 starts its 3.2.1 afresh
    const number = [chapter, ...Array.from(counters.slice(2), (c) => c ?? 0)].join('.'); // Array.from: map would skip the holes
    numbers.set(id, number);
    el.children.unshift(h('span', { className: ['number'] }, number), { type: 'text', value: words.separator } as ElementContent);
  });
  return sections.map((s) => (numbers.has(s.id) ? { ...s, text: `${numbers.get(s.id)}${words.separator}${s.text}` } : s));
}

function labelReferences(tree: HastRoot, labels: Map<string, string>): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string' || !el.properties.href.startsWith('#')) return;
    const label = labels.get(el.properties.href.slice(1));
    if (!label || el.children.some((c) => c.type === 'element' && c.tagName !== 'span')) return;
    if (!REFERENCE_TEXT.test(textOf(el).trim())) return;
    el.children = [{ type: 'text', value: label }];
  });
}

const textOf = (el: Element): string => el.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');
const hasClass = (el: Element, name: string): boolean => Array.isArray(el.properties.className) && el.properties.className.includes(name);
