/**
 * Hyphenation points for words in Latin script, as soft hyphens (U+00AD), so that a word that
 * must break (a table column too narrow for it) breaks at a syllable with a visible hyphen
 * instead of at any letter. Only where a word must break: a soft hyphen stays in the text that
 * readers search and copy (Chromium writes U+00AD into the PDF's text), so running text gets none.
 *
 * Browsers hyphenate only with dictionaries of their own (`hyphens: auto`), which headless
 * Chromium on Linux does not have; so the PDF gets the points from Liang's patterns (the `hyphen`
 * package, TeX's patterns from CTAN). Only where the language allows: English, German, French,
 * Spanish, Italian, Portuguese and Dutch text. Latin-script words in a Chinese, Japanese or
 * Korean book are read as English (they nearly always are: terms, names, quotes); a `lang`
 * attribute on an element of the note overrides the book's language for its text.
 */
import type { Element, Parent } from 'hast';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type Hyphenate = (text: string) => string;

/** BCP 47 primary subtag → the `hyphen` module with its patterns. */
const PATTERNS: Record<string, string> = {
  en: 'hyphen/en-us',
  de: 'hyphen/de',
  fr: 'hyphen/fr',
  es: 'hyphen/es',
  it: 'hyphen/it',
  pt: 'hyphen/pt',
  nl: 'hyphen/nl',
};
/** Books in these languages write Latin-script words in English. */
const LATIN_IS_ENGLISH = new Set(['zh', 'ja', 'ko']);

/** The shortest word worth hyphenating, and the fewest letters either side of a break. */
const MIN_WORD = 6;
/**
 * A word that may be hyphenated: Latin letters only, lower case after an optional capital.
 * Names written in camel case (ChatGPT, DeepSeek) and acronyms (LLM) stay whole.
 */
const WORD = /(?<![\p{L}\p{N}_])\p{Lu}?\p{Ll}[\p{Ll}\p{M}]+(?![\p{L}\p{N}_])/gu;
const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;

const loaded = new Map<string, Hyphenate | undefined>();

/** The hyphenator for text in `lang` (a BCP 47 tag), or undefined where we have no patterns. */
export function hyphenatorFor(lang: string): Hyphenate | undefined {
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? '';
  const key = LATIN_IS_ENGLISH.has(primary) ? 'en' : primary;
  if (loaded.has(key)) return loaded.get(key);
  const module = PATTERNS[key];
  let hyphenate: Hyphenate | undefined;
  if (module) {
    const { hyphenateSync } = require(module) as { hyphenateSync: (text: string, options?: { minWordLength?: number }) => string };
    // Each word alone: the package would otherwise also hyphenate what we keep whole (camel case).
    hyphenate = (text) => text.replace(WORD, (word) => (word.length >= MIN_WORD && LATIN.test(word) ? hyphenateSync(word, { minWordLength: MIN_WORD }) : word));
  }
  loaded.set(key, hyphenate);
  return hyphenate;
}

/** Elements whose text is never hyphenated: code (a hyphen would read as part of it), headings. */
const KEEP_WHOLE = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'svg', 'math', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Soft hyphens into the words of `node`'s text, each text in the language of its nearest `lang`
 * attribute (else `lang`), except inside code and headings and where `skip` says so.
 */
export function hyphenateTree(node: Parent, lang: string, skip: (el: Element) => boolean = () => false): void {
  const hyphenate = hyphenatorFor(lang);
  for (const child of node.children) {
    if (child.type === 'text') {
      if (hyphenate) child.value = hyphenate(child.value);
    } else if (child.type === 'element' && !KEEP_WHOLE.has(child.tagName) && !skip(child)) {
      const own = child.properties.lang;
      hyphenateTree(child, typeof own === 'string' && own ? own : lang, skip);
    }
  }
}
