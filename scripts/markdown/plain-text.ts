/**
 * The text of an HTML tree as a reader would name it: like hast-util-to-string, except that a
 * formula counts as its TeX (`alttext`, see math-render.ts), not as the characters of its
 * MathML plus its annotation. Used where text becomes a name: heading ids and contents entries
 * (`## $R^2$ 统计量` is listed as "R^2 统计量", not "R2R^2 统计量").
 */
import type { Nodes } from 'hast';

export function plainText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && node.tagName === 'math' && typeof node.properties.alttext === 'string') return node.properties.alttext;
  if ('children' in node) return node.children.map((child) => plainText(child as Nodes)).join('');
  return '';
}
