/**
 * Chinese punctuation and the space between Chinese and Latin text, the same in every format
 * (book.yaml `style.punctuation`), as CSS the stylesheets get last (render/styles.ts).
 *
 * - `full-width` (the default): every mark keeps its full em (`text-spacing-trim: space-all`),
 *   as most mainland books are set. The PDF's text then reads back line for line.
 * - `compress`: what clreq calls 标点挤压. Two marks side by side (`。」`, `），`) take one and a
 *   half ems instead of two, and an opening mark (「 《 （) at the start of a line other than a
 *   paragraph's first is set half-width (`text-spacing-trim: normal`; the browser uses the
 *   fonts' `halt`/`chws` features, which the subsets keep). Chromium does not yet trim the
 *   end of a line (`trim-end`/`trim-both` are not supported by Chromium 156).
 *
 * Between Chinese and Latin letters or digits the browser adds an eighth of an em
 * (`text-autospace: normal`) where the author wrote them together (`用Python写`); where the
 * author typed a space (`用 Python 写`) that space is kept as it is and nothing is added, so
 * spaces are never doubled. (Readers that do not support text-autospace show the text as typed.)
 */
import type { ResolvedBook } from '../model.ts';

export function punctuationCss(style: ResolvedBook['style']): string {
  const trim = style.punctuation === 'compress' ? 'normal' : 'space-all';
  return `body { text-spacing-trim: ${trim}; text-autospace: normal; }`;
}
