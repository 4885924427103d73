/**
 * Code blocks in print: a line too long for the page wraps at a space or after punctuation
 * (line-breaks.ts), its continuation lines are indented (a hanging indent, two columns deeper
 * than the line's own indentation) and marked in the margin with a small hooked arrow.
 *
 * CSS cannot style the wrapped part of a line, so each source line becomes a block of its own
 * (`span.code-line`, without its line feed: the blocks make the line breaks) with a negative
 * text-indent. The marks are the background of a box beside the continuation lines: one
 * non-repeating layer per line height, so the box's height shows exactly as many marks as the
 * line has continuations. A background is no text: copying the code or searching the PDF gives
 * back the code as written, and the tagged PDF's Code element holds only the code.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** The mark, served with the book's other files (pdf/index.ts bookResources). */
export const CODE_MARK_HREF = 'marks/code-continuation.svg';
export const CODE_MARK_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 15" width="7" height="15">' +
  '<path d="M1.4 4.2v4.6h4.6M4.2 7l1.8 1.8-1.8 1.8" fill="none" stroke="#8c8c8c" stroke-width="0.9" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** Marks for up to this many continuation lines of one source line (more are left unmarked). */
const MAX_MARKS = 60;
/** Indentation (in columns) beyond which continuation lines are not indented further. */
const MAX_INDENT = 16;

/** The print CSS for the marks: `url` is where the page loads CODE_MARK_SVG from. */
export function codeMarkCss(url: string): string {
  const layers = Array.from({ length: MAX_MARKS }, (_, i) => `url("${url}") 0 calc(${i} * 1lh) / 100% 1lh no-repeat`);
  return `.code-line::before { background: ${layers.join(', ')}; }`;
}

/** The lines of `nodes`, split at line feeds; elements that span lines are repeated on each. */
function splitLines(nodes: ElementContent[]): ElementContent[][] {
  const lines: ElementContent[][] = [[]];
  const add = (node: ElementContent) => lines[lines.length - 1]!.push(node);
  for (const node of nodes) {
    if (node.type === 'text') {
      node.value.split('\n').forEach((part, i) => {
        if (i) lines.push([]);
        if (part) add({ type: 'text', value: part });
      });
    } else if (node.type === 'element') {
      splitLines(node.children).forEach((inner, i) => {
        if (i) lines.push([]);
        if (inner.length) add({ ...node, properties: { ...node.properties }, children: inner });
      });
    } else {
      add(node);
    }
  }
  return lines;
}

/** Columns of leading white space (a tab to the next multiple of 8, as `pre` shows it). */
function indentOf(line: ElementContent[]): number {
  const lead = /^[ \t]*/.exec(hastToString({ type: 'root', children: line }))![0];
  let cols = 0;
  for (const c of lead) cols = c === '\t' ? (Math.floor(cols / 8) + 1) * 8 : cols + 1;
  return Math.min(cols, MAX_INDENT);
}

/** Every `pre > code` of `tree` as one `span.code-line` per source line. */
export function splitCodeLines(tree: Root | Element): void {
  visit(tree, 'element', (pre: Element) => {
    if (pre.tagName !== 'pre') return undefined;
    const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') ?? pre;
    const lines = splitLines(code.children);
    // The text of a code block ends with a line feed: no empty line after it.
    if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
    code.children = lines.map((line) => h('span', { className: ['code-line'], style: `--indent: ${indentOf(line)}` }, line));
    return 'skip';
  });
}
