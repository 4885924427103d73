/**
 * The index as an EPUB document: EPUB Indexes 1.0 markup (a section that is the `index` and
 * `doc-index`, letter groups that are `index-group`s, every link an `index-locator`), declared in
 * the package with the manifest property `index`, so epubcheck checks its structure, and listed
 * in the navigation.
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
    tree,
    // The title stands outside the index: then epubcheck does not take the document for one that
    // holds nothing but an index (whose body must be the index, and cannot carry role doc-index).
    body: [h('h1', { id: index.id }, index.title), h('section', { className: ['book-index'], 'epub:type': 'index', role: 'doc-index', ariaLabelledBy: index.id }, tree.children as ElementContent[])],
  };
}
