/**
 * HTML trees → XHTML text: real XML serialisation (hast → xast → xml), so void elements close,
 * attributes are quoted and Chinese stays as UTF-8 text, not numeric references.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { visit } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';

export function hastToXhtml(tree: HastRoot | ElementContent[]): string {
  const root: HastRoot = Array.isArray(tree) ? { type: 'root', children: tree } : tree;
  return toXml(toXast(root), { closeEmptyElements: true });
}

/** `#id` links that land in another EPUB file get that file's name. */
export function routeLinks(tree: HastRoot, fileOf: (id: string) => string | undefined, currentFile: string): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName !== 'a' || typeof el.properties.href !== 'string' || !el.properties.href.startsWith('#')) return;
    const id = el.properties.href.slice(1);
    const file = fileOf(id);
    if (file && file !== currentFile) el.properties.href = `${file}#${id}`;
  });
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
