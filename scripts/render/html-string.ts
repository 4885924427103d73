/** HTML trees → HTML text, through rehype-stringify (the unified way, with its default settings). */
import type { Element, Root as HastRoot } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';

const processor = unified().use(rehypeStringify).freeze();

export function toHtmlString(node: Element | HastRoot): string {
  return processor.stringify(node.type === 'root' ? node : { type: 'root', children: [node] });
}
