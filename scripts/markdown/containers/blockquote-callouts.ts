/**
 * GitHub alerts and Obsidian callouts: a blockquote whose first line is `[!kind]`.
 *
 *     > [!NOTE]                 > [!tip]+ 标题            > [!question] 外层
 *     > content                 > content                 > > [!todo] 内层
 *                                                         > > content
 *
 * The kind is any word (GitHub's five, Obsidian's and their aliases, or the author's own;
 * Obsidian's `|metadata` after it is ignored); the rest of the line, Markdown included, is the
 * title; a folding mark (`+` open, `-` folded) is ignored: a book prints every callout open.
 * Nested blockquotes nest callouts. Done on the parsed tree: the syntax is an ordinary
 * blockquote, so nothing else about the note's parsing changes.
 */
import type { Blockquote, Paragraph, PhrasingContent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { callout, type FlowContent } from './model.ts';

const MARKER = /^\[!([\p{L}\p{N}_-]+)(?:\|[^\]\n]*)?\]([+-]?)[ \t]*/u;

/** The inline nodes of a paragraph up to its first line break, and those after it. */
function splitFirstLine(children: PhrasingContent[]): [PhrasingContent[], PhrasingContent[]] {
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type === 'break') return [children.slice(0, i), children.slice(i + 1)];
    if (node.type !== 'text') continue;
    const nl = node.value.indexOf('\n');
    if (nl < 0) continue;
    const before = node.value.slice(0, nl);
    const after = node.value.slice(nl + 1);
    return [
      [...children.slice(0, i), ...(before ? [{ ...node, value: before }] : [])],
      [...(after ? [{ ...node, value: after }] : []), ...children.slice(i + 1)],
    ];
  }
  return [children, []];
}

/** A trimmed title: no spaces at its ends (the marker's own space is already gone). */
function trimEnd(nodes: PhrasingContent[]): PhrasingContent[] {
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') {
    const value = last.value.replace(/[ \t]+$/u, '');
    return value ? [...nodes.slice(0, -1), { ...last, value }] : nodes.slice(0, -1);
  }
  return nodes;
}

export default function remarkBlockquoteCallouts() {
  return (tree: Root): void => {
    // Outer blockquotes first; the node is changed in place, so its children are walked after.
    visit(tree, 'blockquote', (quote: Blockquote) => {
      const first = quote.children[0];
      if (first?.type !== 'paragraph') return;
      const head = first.children[0];
      const m = head?.type === 'text' ? MARKER.exec(head.value) : null;
      if (!m || head?.type !== 'text') return;
      const rest: PhrasingContent[] = [{ ...head, value: head.value.slice(m[0].length) }, ...first.children.slice(1)];
      const [titleLine, body] = splitFirstLine(rest);
      const title = trimEnd(titleLine.filter((n) => n.type !== 'text' || n.value !== ''));
      const children: FlowContent[] = [...(body.length > 0 ? [{ ...first, children: body } satisfies Paragraph] : []), ...quote.children.slice(1)];
      const made = callout(m[1]!, title.length > 0 ? title : undefined, children, quote.position);
      Object.assign(quote as object, made);
    });
  };
}
