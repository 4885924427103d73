/**
 * Every warning Inkstone can give, in one list: its rule id and one line saying what it means.
 * `Diagnostics.warn` accepts only these ids, so a rule cannot be invented at a call site, and the
 * README's table of warnings is generated from this list (`npm run docs`; a test fails when the
 * README is not current). To add a warning, add its rule here first, in alphabetical order.
 *
 * A warning is a problem in the content that does not stop the build: the book is still made,
 * and the warning says where (`file:line`) and what was done about it.
 */
export const WARNING_RULES = {
  'broken-embed': 'an Obsidian embed `![[note]]`, `![[note#heading]]` or `![[note#^block]]` that cannot be shown: no such note, heading or block, or a note that would embed itself or embeds nested deeper than 8; its name is shown instead',
  'broken-fragment': 'a link to a heading or anchor (`#…`) that does not exist in the note it points to; the link goes to that note instead (within the same note, the text is kept unlinked)',
  'broken-link': 'a link that leads to no note of the book (a note not listed, a file that cannot be in the book, a path outside it or nothing); the text is kept without the link',
  'diagram-error': 'a fenced `mermaid`, `dot` or `graphviz` block that cannot be drawn (the parser\'s message is given); the book shows its source as code',
  'draft-skipped': 'a note whose front matter says `draft: true` is left out of the book',
  'empty-heading': 'a heading with nothing to read in it (`##` alone, `## **`) is left out, so the contents have no empty entry',
  'empty-note': 'a listed note shows nothing (no text, image or heading: e.g. a docs home page that is only front matter); it is left out, and so is a chapter left with no notes',
  'footnote-undefined': 'a footnote reference `[^x]` whose note has no definition `[^x]: …`; it is not a footnote and is shown as written (said for labels of digits, or in a note that has footnotes)',
  'footnote-unused': 'a footnote definition `[^x]: …` that nothing refers to, or a second definition of the same label; like GitHub, the book leaves it out',
  'glossary-duplicate': 'the glossary gives a term or alias twice (any case); uses match the first entry that has it',
  'glossary-see-unknown': 'a glossary entry\'s `see:` names something that is not a term of the glossary',
  'glossary-unused': 'a glossary term never appears in the book (its entry is still printed)',
  'hugo-shortcode': 'a Hugo shortcode (`{{< … >}}`, `{{% … %}}`) was removed: it means nothing outside the site; the text between a pair is kept (one warning per note, naming them)',
  'image-unavailable': 'an image that cannot be had (missing, outside the book, unreachable, refused or not an image); the book shows a placeholder with its alt text',
  'include-failed': 'an include (mdBook `{{#include file}}`, MkDocs `--8<-- "file"`) whose file is missing, whose lines or anchor select nothing, that includes itself or nests deeper than 10; the book shows a visible placeholder',
  'index-mark-empty': 'an index mark in a note (`<!-- index: -->`) names no term; it is ignored',
  'index-unused': 'a term or sub-entry of book.yaml\'s `index` never appears in the book; it is left out of the index',
  'math-error': 'a formula (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`, ```` ```math ````) that the TeX reader does not understand; it is shown as its TeX source in code style, and the message is the reader\'s',
  'missing-glyph': 'a character that none of the book\'s fonts can show; readers would see a box or a font that does not match',
  'plugin-block': 'fenced blocks that only mean something inside one app\'s plugins (`dataview`, `dataviewjs`, `query`, `tasks`, Excalidraw drawing data) are left out; one warning per kind for the whole book, at the first one (`markdown: { pluginBlocks: keep }` shows them as code)',
  'site-component': 'a documentation site\'s component or script was removed: VitePress `<script setup>` and `<style scoped>`, Vue and MDX components (`<Badge/>`, any capitalised tag that is not HTML), MDX `import` lines; the text inside a component is kept (one warning per note)',
  'svg-cleaned': 'an SVG image was included without what a book cannot hold (scripts, external references, editor data, unknown elements); the warning lists what went',
  'template-tag': 'a Liquid or Jinja template tag (`{% include … %}`, `{% if %}`) was removed: it means nothing outside the site; the text around and between tags is kept, and `{% raw %}` … `{% endraw %}` keep what they enclose as written (one warning per note, naming them)',
  'unclosed-code-fence': 'a code fence (three backticks or tildes) that is never closed; the rest of the note is shown as code',
  'unclosed-comment': 'an Obsidian block comment (`%%` at the start of a line) that is never closed; as in Obsidian, the rest of the note (or of its list item or quote) is hidden',
  'unclosed-container': 'a `:::` container or a GitBook `{% hint %}`/`{% tabs %}` block that is never closed; the rest of the note (or of the block it is in) is inside it',
  'unknown-html': 'a tag that is not HTML (`List<T>` written outside code) loses its tag and keeps its text; write it in code or escape the `<`',
  'unlisted-note': 'a note under `chapters/` that no chapter of book.yaml lists; it is not in the book',
  'unsafe-html': 'raw HTML that could run code, load files or submit data (or an attribute EPUB forbids) was removed; its text is kept',
} as const;

/** A registered warning rule id. */
export type WarningRule = keyof typeof WARNING_RULES;

export const WARNING_RULE_IDS = Object.keys(WARNING_RULES) as WarningRule[];

export function isWarningRule(id: string): id is WarningRule {
  return Object.hasOwn(WARNING_RULES, id);
}

/** Characters that must never reach a terminal raw: controls (C0, DEL, C1) and bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A link, path or fragment as a person reads it: percent-escapes decoded (`#%E7%BE%A4` → `#群`,
 * `a%20b.md` → `a b.md`), for use in warning messages. Escapes of characters that would change
 * the meaning of a URL (`%2F`, `%23`, `%3F`, …) stay as they are, as in `decodeURI`; an escape
 * that is not valid UTF-8 stays as written; control and bidi characters are shown escaped, so a
 * message cannot rewrite the terminal line it is printed on.
 */
export function displayHref(href: string): string {
  const decoded = href.replace(/(?:%[0-9a-f]{2})+/giu, (run) => {
    try {
      return decodeURI(run);
    } catch {
      return decodeEachSequence(run);
    }
  });
  return decoded.replace(UNPRINTABLE, (c) => encodeURIComponent(c));
}

/** A run of escapes with some invalid UTF-8 in it: decode each valid character, keep the rest. */
function decodeEachSequence(run: string): string {
  const escapes = run.match(/%[0-9a-f]{2}/giu) ?? [];
  let out = '';
  for (let i = 0; i < escapes.length; ) {
    const lead = parseInt(escapes[i]!.slice(1), 16);
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    try {
      if (length === 0 || i + length > escapes.length) throw new URIError();
      out += decodeURI(escapes.slice(i, i + length).join(''));
      i += length;
    } catch {
      out += escapes[i];
      i += 1;
    }
  }
  return out;
}
