/**
 * HTML trees → XHTML text: real XML serialisation (hast → xast → xml), so void elements close,
 * attributes are quoted and Chinese stays as UTF-8 text, not numeric references.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';

export function hastToXhtml(tree: HastRoot | ElementContent[]): string {
  const root: HastRoot = Array.isArray(tree) ? { type: 'root', children: tree } : tree;
  return toXml(toXast(root), { closeEmptyElements: true });
}
