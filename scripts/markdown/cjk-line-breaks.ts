/**
 * remark plugin: removes a soft line break between two CJK characters. Browsers and readers
 * render such a break as a space (CSS segment-break rules are not implemented), and a space in
 * the middle of a Chinese sentence is a typo. A break next to Latin text stays a space.
 */
import type { Nodes, Parent, PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { isCjk } from './cjk.ts';

export default function remarkCjkLineBreaks() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const children = (node as Parent).children as Nodes[];
      children.forEach((child, i) => {
        if (child.type !== 'text' || !child.value.includes('\n')) return;
        const before = i > 0 ? lastChar(children[i - 1]!) : undefined;
        const after = i + 1 < children.length ? firstChar(children[i + 1]!) : undefined;
        child.value = joinCjkLines(child.value, before, after);
      });
    });
  };
}

/** Remove `\n` (and the indentation after it) where both neighbours are CJK. */
export function joinCjkLines(value: string, before?: string, after?: string): string {
  const chars = [...value];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch !== '\n') {
      out += ch;
      continue;
    }
    let j = i + 1;
    while (j < chars.length && (chars[j] === ' ' || chars[j] === '\t')) j++;
    const prev = out.length ? [...out].at(-1) : before;
    const next = j < chars.length ? chars[j] : after;
    if (isCjk(prev) && isCjk(next)) {
      i = j - 1; // drop the break and the indentation that follows it
    } else {
      out += ch;
    }
  }
  return out;
}

function lastChar(node: Nodes | PhrasingContent): string | undefined {
  if (node.type === 'break') return '\n';
  return [...toString(node)].at(-1);
}
function firstChar(node: Nodes | PhrasingContent): string | undefined {
  if (node.type === 'break') return '\n';
  return [...toString(node)][0];
}
