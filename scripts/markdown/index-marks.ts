/**
 * Index marks in a note: an HTML comment `<!-- index: 注意力机制 -->` (or `索引：`), which GitHub,
 * Obsidian, VitePress, mdBook and every other Markdown tool hide, names a term of the book's
 * index and marks this place as one where the index points. Several terms are separated by `;`
 * (or `；`); `主词 > 子词` is a sub-entry. The comment becomes an empty
 * `<span class="index-mark" data-index="…">`, which the index stage (book-index/apply.ts) reads,
 * and removes when the book has no index; every other comment goes as before (the sanitizer).
 *
 * A mark on a line of its own marks the block that follows it: it moves to the start of that
 * paragraph, heading or list item, so the page it is counted on is the page where that block starts.
 */
import type { Comment, Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

const MARK = /^\s*(?:index|索引)\s*[:：]([\s\S]*)$/i;

/** Blocks a mark written before them is moved into. */
const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'figure', 'figcaption', 'div', 'section', 'details', 'summary', 'hr', 'center']);
/** Blocks whose first child block holds the text (a list's first item, a quote's first paragraph). */
const CONTAINER = new Set(['ul', 'ol', 'dl', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'figure', 'div', 'section', 'details', 'center']);

export const INDEX_MARK_CLASS = 'index-mark';

export default function rehypeIndexMarks() {
  return (tree: HastRoot) => {
    const marks: { mark: Element; parent: HastRoot | Element }[] = [];
    visit(tree, 'comment', (node: Comment, index, parent) => {
      const m = MARK.exec(node.value);
      if (!m || !parent || index === undefined) return;
      const mark = h('span', { className: [INDEX_MARK_CLASS], dataIndex: m[1]!.trim() });
      mark.position = node.position;
      (parent.children as RootContent[])[index] = mark;
      marks.push({ mark, parent: parent as HastRoot | Element });
    });
    for (const { mark, parent } of marks) moveIntoNextBlock(mark, parent);
  };
}

/** A mark among blocks (not inside a paragraph's text) goes to the start of the next block. */
function moveIntoNextBlock(mark: Element, parent: HastRoot | Element): void {
  const siblings = parent.children as ElementContent[];
  const inFlow = parent.type === 'root' || siblings.some((s) => s.type === 'element' && BLOCK.has(s.tagName));
  if (!inFlow) return;
  const at = siblings.indexOf(mark);
  const next = siblings.slice(at + 1).find((s): s is Element => s.type === 'element' && s !== mark && !s.properties.className?.toString().includes(INDEX_MARK_CLASS));
  if (!next || !BLOCK.has(next.tagName) || next.tagName === 'hr') return;
  let target = next;
  for (;;) {
    if (!CONTAINER.has(target.tagName)) break;
    const first = target.children.find((c): c is Element => c.type === 'element');
    if (!first) break;
    target = first;
  }
  siblings.splice(at, 1);
  target.children.unshift(mark);
}
