/**
 * The last line of "no system fonts": a character that none of the book's fonts has (the build
 * has warned about it, see book/missing-glyphs.ts) would make Chromium take a system font. In
 * the print page it becomes its code point in a small box, drawn with the book's own fonts, so
 * the PDF shows what is missing instead of a tofu box or a stranger's glyph.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import { fontCoverage } from '../../assets/cmap.ts';
import { needsGlyph } from '../../assets/font-plan.ts';
import { textByRole } from '../../assets/font-text.ts';
import { codePointLabel } from '../../assets/missing-glyphs.ts';
import type { Book, BookAssets, SubsetFont } from '../../model.ts';

const cache = new WeakMap<SubsetFont[], RegExp | undefined>();

/** A pattern matching every character of the book that no subset font has, or undefined if none. */
export function missingGlyphPattern(book: Book, assets: BookAssets): RegExp | undefined {
  const { fonts } = assets;
  if (cache.has(fonts)) return cache.get(fonts);
  const coverages = fonts.map((f) => fontCoverage(f.data));
  const text = textByRole(book, assets.images).body;
  const missing = [...new Set(text)].filter((c) => needsGlyph(c) && !coverages.some((cov) => cov.has(c.codePointAt(0)!)));
  const pattern = missing.length ? new RegExp(`[${missing.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`, 'gu') : undefined;
  cache.set(fonts, pattern);
  return pattern;
}

/** Text with each missing character written as `U+E000`: for CSS strings and SVG text. */
export function spellMissing(text: string, pattern: RegExp | undefined): string {
  return pattern ? text.replace(pattern, (c) => `[${codePointLabel(c)}]`) : text;
}

/** Replaces each missing character in the tree's text by a boxed `U+E000` (print.css `.missing-glyph`). */
export function boxMissingGlyphs(tree: Root | Element, pattern: RegExp | undefined): void {
  if (!pattern) return;
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.match(pattern)) return;
    const parts: ElementContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(pattern)) {
      if (m.index > last) parts.push({ type: 'text', value: node.value.slice(last, m.index) });
      parts.push(h('span', { className: ['missing-glyph'], title: codePointLabel(m[0]) }, codePointLabel(m[0]).slice(2)));
      last = m.index + m[0].length;
    }
    if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
    (parent.children as ElementContent[]).splice(index, 1, ...parts);
    return [SKIP, index + parts.length];
  });
}
