/**
 * remark plugin: `**…**` pairs that CommonMark could not read as strong (for example
 * `1**.**调研`, or an empty `****` left by an edit) would print as literal asterisks. Inside one
 * text node they are the author's markup, not text: turn the pair into strong emphasis.
 */
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

const PAIR = /\*\*([^*\n]*?)\*\*/g;

export default function remarkStrayEmphasis() {
  return (tree: Root) => {
    visit(tree, 'text', (node: Text, index, parent: Parent | undefined) => {
      if (!parent || index === undefined || !node.value.includes('**')) return;
      const pieces = splitStrong(node.value);
      if (pieces.length === 1 && pieces[0]!.type === 'text') return;
      (parent.children as PhrasingContent[]).splice(index, 1, ...pieces);
      return index + pieces.length;
    });
  };
}

export function splitStrong(value: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const m of value.matchAll(PAIR)) {
    if (m.index > last) out.push({ type: 'text', value: value.slice(last, m.index) });
    // An empty pair ("****") marks nothing: it disappears.
    if (m[1]) out.push({ type: 'strong', children: [{ type: 'text', value: m[1] }] });
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out.length ? out : [{ type: 'text', value: '' }];
}
