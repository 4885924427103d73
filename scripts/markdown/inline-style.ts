/**
 * The `style` attribute of raw HTML in a note. CSS can load URLs (`background: url(…)`) and,
 * in old browsers, run code (`expression(…)`, `-moz-binding`), and most of it (positions,
 * fonts, margins) fights the book's own layout on a phone or a printed page. So a note keeps
 * only a few declarations that size and align things or colour text, with plain values; the
 * rest is dropped, and what could load or run something is reported (see unsafe-html.ts).
 */

/** Declarations a note may keep. */
const KEPT = new Set([
  'text-align',
  'vertical-align',
  'width',
  'height',
  'min-width',
  'max-width',
  'min-height',
  'max-height',
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'text-decoration',
  'white-space',
]);

/** What could load a resource or run code, wherever it appears in a declaration. */
const UNSAFE = /url\s*\(|image-set\s*\(|expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|@import|\\|<|>/i;

/** Keywords, lengths, percentages, colours (#hex, rgb(), hsl()): nothing else. */
const PLAIN_VALUE = /^(?:[#%.,\w\s-]|(?:rgba?|hsla?)\([\d\s.,%/]+\))+$/i;

export type Declaration = [property: string, value: string];

export interface InlineStyle {
  /** Declarations kept, in order. */
  kept: Declaration[];
  /** Declarations removed because they could load something or run code, as written. */
  unsafe: string[];
}

export function readInlineStyle(style: string): InlineStyle {
  const kept: Declaration[] = [];
  const unsafe: string[] = [];
  // A comment can hide anything (`ur/**/l(`): comments go first, and a stray `/*` is unsafe.
  const text = style.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const declaration of text.split(';')) {
    const written = declaration.trim();
    if (!written) continue;
    if (UNSAFE.test(written) || written.includes('/*')) {
      unsafe.push(written);
      continue;
    }
    const colon = written.indexOf(':');
    if (colon < 0) continue;
    const property = written.slice(0, colon).trim().toLowerCase();
    const value = written.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
    if (KEPT.has(property) && value && PLAIN_VALUE.test(value)) kept.push([property, value]);
  }
  return { kept, unsafe };
}

/** `color: red; width: 50%`, or undefined when nothing is left. */
export function writeInlineStyle(declarations: readonly Declaration[]): string | undefined {
  return declarations.length ? declarations.map(([p, v]) => `${p}: ${v}`).join('; ') : undefined;
}
