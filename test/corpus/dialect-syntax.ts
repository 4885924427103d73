/**
 * Syntax of the tools the corpus books come from that must never reach a reader as text: a
 * formula's dollars, a wikilink's brackets, an admonition's `!!!`, a container's `:::`, template
 * tags, includes and highlights. Inside code it is the author's text (`a == b`, `[[1, 2]]`), so
 * the EPUB is read without its code, formulas' TeX annotations and attributes; the PDF cannot
 * tell code from prose, so it may hold each mark at most as often as the EPUB's code does.
 */
import { decodeEntities } from '../helpers.ts';

/**
 * The marks of issue #11 as a reader would see them left over. Paired syntax is looked for as
 * a pair (`==text==`, `[[name]]`, `$$…$$`, `!!! note`), so that an author's `a == b` or
 * `.Mail=="x"` in prose is not taken for a highlight.
 */
export const DIALECT_MARKS: readonly { mark: string; pattern: RegExp }[] = [
  { mark: '$$', pattern: /\$\$[^$]+\$\$/g },
  { mark: '[[…]]', pattern: /\[\[[^[\]\n]+\]\]/g },
  { mark: '!!!', pattern: /!!!\+? ?[a-z]+/g },
  { mark: ':::', pattern: /:::/g },
  { mark: '{%', pattern: /\{%/g },
  { mark: '{{#', pattern: /\{\{#/g },
  { mark: '--8<--', pattern: /--8<--/g },
  { mark: '==…==', pattern: /==[^\s=][^=\n]{0,80}[^\s=]==/g },
];

/** The text of an XHTML document without code, formulas and markup. */
export function proseText(xhtml: string): string {
  const withoutCode = xhtml
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<pre\b[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code\b[\s\S]*?<\/code>/g, ' ')
    .replace(/<math\b[\s\S]*?<\/math>/g, ' ')
    .replace(/<svg\b[\s\S]*?<\/svg>/g, ' ');
  return decodeEntities(withoutCode.replace(/<[^>]+>/g, ''));
}

/** The text of an XHTML document's code blocks and spans only. */
export function codeText(xhtml: string): string {
  const code = [...xhtml.matchAll(/<(pre|code)\b[\s\S]*?<\/\1>/g)].map((m) => m[0]).join('\n');
  return decodeEntities(code.replace(/<[^>]+>/g, ''));
}

export const countMark = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;

/** Each mark found in prose, with a little of the text around its first place. */
export function marksInProse(prose: string): string[] {
  return DIALECT_MARKS.flatMap(({ mark, pattern }) => {
    const found = [...prose.matchAll(pattern)];
    const at = found[0]?.index;
    return at === undefined ? [] : [`${mark} ×${found.length}: …${prose.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ')}…`];
  });
}

/** Marks the PDF shows more often than the EPUB's code holds them: text left in the prose. */
export function marksBeyondCode(pdfText: string, code: string): string[] {
  return DIALECT_MARKS.flatMap(({ mark, pattern }) => {
    const inPdf = countMark(pdfText, pattern);
    const inCode = countMark(code, pattern);
    return inPdf > inCode ? [`${mark}: ${inPdf}× in the PDF text, ${inCode}× in the EPUB's code`] : [];
  });
}
