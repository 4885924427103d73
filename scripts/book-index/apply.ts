/**
 * The index stage (after the glossary): gathers the index's terms (book-index/terms.ts), finds
 * every place each is used or marked in the chapters (book-index/find.ts), gives each place an
 * id, and returns a new book with those chapters and the sorted index the renderers print: page
 * numbers in the PDF, links in the EPUB and the HTML book. Off unless book.yaml has `index`; the
 * book it is given is left as it was, and without an index the index marks are taken out.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import { defaultCaseSensitive, TermMatcher, type MatchPattern } from '../glossary/matcher.ts';
import { groupOf, sortTerms } from '../glossary/sort.ts';
import { INDEX_MARK_CLASS } from '../markdown/index-marks.ts';
import type { Book, Chapter, IndexEntry, NoteRef, Part } from '../model.ts';
import { findUses } from './find.ts';
import { memoisedForTree, type Memo } from '../util/memo.ts';
import { IndexTerms, parseMark, type TermNode } from './terms.ts';

export interface IndexOptions {
  diagnostics: Diagnostics;
  /** The preview's memo: whether a chapter has index marks is kept while its tree is the same. */
  memo?: Memo;
}

/** The index's own id in every format; a heading with that slug would get `book-index-1`. */
const INDEX_ID = 'book-index';

export function applyIndex(book: Book, options: IndexOptions): Book {
  const settings = book.config.index;
  if (!settings) return withoutMarks(book, options.memo);
  const { diagnostics } = options;
  const terms = new IndexTerms(settings, book.glossary?.entries);
  const parts: Part[] = book.parts.map((part) => ({ ...part, chapters: part.chapters.map((c) => ({ ...c, tree: structuredClone(c.tree), ids: new Set(c.ids) })) }));
  const chapters = parts.flatMap((p) => p.chapters);

  // Marks first: a term a mark names is searched for in the whole book, like the others.
  const marked = new Map<Element, TermNode[]>();
  for (const chapter of chapters) {
    eachMark(chapter.tree, (mark, note) => {
      const text = String(mark.properties.dataIndex ?? '');
      const paths = parseMark(text);
      if (paths.length === 0) {
        diagnostics.warn('index-mark-empty', `index mark <!-- index:${text ? ` ${text}` : ''} --> names no term; it is ignored`, { file: note?.relPath ?? chapter.notes[0]?.relPath ?? '', line: mark.position?.start.line });
      }
      marked.set(mark, paths.map((p) => terms.fromMark(p)));
    });
  }

  const nodes = terms.entries.flatMap((e) => [e, ...e.subentries]);
  const owners: TermNode[][] = [];
  const patterns: MatchPattern[] = [];
  const byName = new Map<string, number>();
  for (const node of nodes) {
    for (const name of node.names) {
      const key = name.toLowerCase();
      let k = byName.get(key);
      if (k === undefined) {
        k = owners.length;
        byName.set(key, k);
        owners.push([]);
        patterns.push({ entry: k, text: name, caseSensitive: node.case ? node.case === 'sensitive' : defaultCaseSensitive(name) });
      }
      if (!owners[k]!.includes(node)) owners[k]!.push(node);
    }
  }
  const matcher = new TermMatcher(patterns);

  const taken = new Set(chapters.flatMap((c) => [c.id, ...c.ids]));
  let counter = 0;
  const nextId = () => {
    let id: string;
    do id = `ix-${++counter}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
  const uses = new Map<TermNode, { id: string; chapter: Chapter }[]>();
  for (const chapter of chapters) {
    for (const place of findUses(chapter.tree, matcher, (k) => owners[k] ?? [], (mark) => marked.get(mark) ?? [])) {
      if (place.of.length === 0) continue;
      const id = typeof place.element.properties.id === 'string' ? place.element.properties.id : (place.element.properties.id = nextId());
      chapter.ids.add(id);
      for (const node of place.of) {
        const list = uses.get(node) ?? [];
        if (!list.some((u) => u.id === id)) list.push({ id, chapter });
        uses.set(node, list);
      }
    }
    // What the author wrote in the comment is not the book's: only the mark's id stays.
    eachMark(chapter.tree, (mark, _note, remove) => {
      if (typeof mark.properties.id === 'string') delete mark.properties.dataIndex;
      else remove();
    });
  }

  const entryOf = (node: TermNode, group: string): IndexEntry => ({ term: node.term, uses: uses.get(node) ?? [], subentries: [], group });
  const entries: IndexEntry[] = [];
  for (const node of terms.entries) {
    const group = groupOf(node.term);
    const entry = entryOf(node, group);
    entry.subentries = sortTerms(node.subentries.map((s) => entryOf(s, group)).filter((s) => s.uses.length > 0));
    for (const s of node.subentries) if (s.declaredAt && !uses.get(s)?.length) diagnostics.warn('index-unused', `index sub-entry "${node.term} > ${s.term}" never appears in the book; it is left out`, s.declaredAt);
    if (entry.uses.length > 0 || entry.subentries.length > 0) entries.push(entry);
    else if (node.declaredAt) diagnostics.warn('index-unused', `index term "${node.term}" never appears in the book; it is left out`, node.declaredAt);
  }
  let id = INDEX_ID;
  for (let n = 1; taken.has(id); n++) id = `${INDEX_ID}-${n}`;
  return { ...book, parts, index: { id, title: settings.title, entries: sortTerms(entries) } };
}

/** Every index mark of a tree, with the note it is in; `remove` takes it out of the tree. */
function eachMark(tree: HastRoot, fn: (mark: Element, note: NoteRef | undefined, remove: () => void) => void): void {
  const found: { mark: Element; parent: Element | HastRoot; note: NoteRef | undefined }[] = [];
  const walk = (parent: Element | HastRoot, note: NoteRef | undefined) => {
    for (const child of parent.children as ElementContent[]) {
      if (child.type !== 'element') continue;
      const className = child.properties.className;
      if (Array.isArray(className) && className.includes(INDEX_MARK_CLASS)) found.push({ mark: child, parent, note });
      else walk(child, child.data?.note ?? note);
    }
  };
  walk(tree, undefined);
  for (const { mark, parent, note } of found) {
    fn(mark, note, () => {
      const siblings = parent.children as ElementContent[];
      siblings.splice(siblings.indexOf(mark), 1);
    });
  }
}

/** A book without an index shows nothing of the marks its notes may have. */
function withoutMarks(book: Book, memo?: Memo): Book {
  const hasMarks = (tree: HastRoot) => {
    let found = false;
    visit(tree, 'element', (el: Element) => {
      const className = el.properties.className;
      if (Array.isArray(className) && className.includes(INDEX_MARK_CLASS)) found = true;
    });
    return found;
  };
  const chapters = book.parts.flatMap((p) => p.chapters);
  const marks = chapters.map((c, i) => memoisedForTree(memo, `index:marks:${i}`, c.tree, () => hasMarks(c.tree)));
  if (!marks.includes(true)) return book;
  const parts = book.parts.map((part) => ({
    ...part,
    chapters: part.chapters.map((c) => {
      const tree = structuredClone(c.tree);
      eachMark(tree, (_mark, _note, remove) => remove());
      return { ...c, tree };
    }),
  }));
  return { ...book, parts };
}
