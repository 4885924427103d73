/**
 * Where code and URLs may break in the printed book. A browser breaks a long identifier or URL
 * only at a space, or (overflow-wrap: anywhere) at any letter once nothing else fits: an
 * identifier is cut mid-word without a mark, and a Chinese line before a URL or a long code
 * word is stretched letter by letter to make room for a break that comes too late. A zero-width
 * break opportunity (`<wbr>`) after punctuation in code (`torch.nn.|functional`, `a_|b`,
 * `f(|x,| y)`) and in URLs (`https://|example.com/|path`) lets the line break there first. A
 * `<wbr>` adds no character: copied or searched text is unchanged.
 */
import type { Element, ElementContent, Parent } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A run of punctuation after which a line may break, when a letter, digit or CJK character follows. */
const BREAK_AFTER = /([./\\_,;:([{=&|?#!+*<>@%~^-]+)(?=[\p{L}\p{N}$'"`])/gu;
const URL_TEXT = /^(?:https?:\/\/|www\.)\S+$/i;

function wbr(): Element {
  return { type: 'element', tagName: 'wbr', properties: {}, children: [] };
}

/** `text` as text nodes with a `<wbr>` after each punctuation run that BREAK_AFTER finds. */
export function withBreaks(text: string): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const m of text.matchAll(BREAK_AFTER)) {
    const end = m.index + m[0].length;
    // Not inside a number (3.14, 1,000).
    if (/^[.,]$/.test(m[0]) && /\d/.test(text[m.index - 1] ?? '') && /\d/.test(text[end] ?? '')) continue;
    out.push({ type: 'text', value: text.slice(last, end) }, wbr());
    last = end;
  }
  if (last === 0) return [{ type: 'text', value: text }];
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

function breakTexts(node: Element): void {
  node.children = node.children.flatMap((child): ElementContent[] => {
    if (child.type === 'text') return withBreaks(child.value);
    if (child.type === 'element') breakTexts(child);
    return [child];
  });
}

const isUrlLink = (el: Element) => el.tagName === 'a' && URL_TEXT.test(hastToString(el).trim());

/** Adds break opportunities to every code element (inline and blocks) and URL link text of `tree`. */
export function addBreakOpportunities(tree: Parent): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'code' || el.tagName === 'kbd' || el.tagName === 'samp' || isUrlLink(el)) {
      breakTexts(el);
      return 'skip';
    }
    return undefined;
  });
}
