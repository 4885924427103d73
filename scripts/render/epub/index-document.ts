/**
 * The index as an EPUB document: EPUB Indexes 1.0 markup (the body is the `index`, letter groups
 * are `index-group`s, every link an `index-locator`), declared in the package with the manifest
 * property `index`, so epubcheck checks its structure, and listed in the navigation.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { indexTree } from '../../book-index/tree.ts';
import type { BookIndex } from '../../model.ts';
import { indexLocators } from '../index-links.ts';

export function indexDocument(index: BookIndex, href: string) {
  const tree: HastRoot = { type: 'root', children: indexTree(index, { epub: true, locators: (e) => indexLocators(e, true) }) };
  return {
    id: 'book-index',
    href,
    title: index.title,
    properties: 'index',
    bodyClass: 'index-page',
    bodyType: 'index',
    tree,
    body: [h('section', { className: ['book-index'], role: 'doc-index', ariaLabelledBy: index.id }, [h('h1', { id: index.id }, index.title), ...(tree.children as ElementContent[])])],
  };
}
