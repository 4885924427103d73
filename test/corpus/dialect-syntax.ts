/**
 * Syntax of the tools the corpus books come from that must never reach a reader as text: a
 * formula's dollars, a wikilink's brackets, an admonition's `!!!`, a container's `:::`, template
 * tags, includes and highlights. Inside code it is the author's text (`a == b`, `[[1, 2]]`), so
 * the EPUB is read without its code, formulas' TeX annotations and attributes; the PDF cannot
 * tell code from prose, so it may hold each mark at most as often as the EPUB's code does.
 */
import { decodeEntities } from '../helpers.ts';

/** The marks of issue #11, each as the text a reader would see. */
export const DIALECT_MARKS = ['$$', '[[', ']]', '!!!', ':::', '{%', '{{#', '--8<--', '=='] as const;

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

export function countMark(text: string, mark: string): number {
  let n = 0;
  for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + mark.length)) n++;
  return n;
}

/** Each mark found in prose, with a little of the text around its first place. */
export function marksInProse(prose: string): string[] {
  return DIALECT_MARKS.flatMap((mark) => {
    const at = prose.indexOf(mark);
    return at < 0 ? [] : [`${mark} ×${countMark(prose, mark)}: …${prose.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ')}…`];
  });
}

/** Marks the PDF shows more often than the EPUB's code holds them: text left in the prose. */
export function marksBeyondCode(pdfText: string, code: string): string[] {
  return DIALECT_MARKS.flatMap((mark) => {
    const inPdf = countMark(pdfText, mark);
    const inCode = countMark(code, mark);
    return inPdf > inCode ? [`${mark}: ${inPdf}× in the PDF text, ${inCode}× in the EPUB's code`] : [];
  });
}
