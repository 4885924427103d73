/**
 * The glossary stage: finds the terms in every chapter, links uses to their entry (the first in
 * each chapter by default), marks every use so the entry can point back to it, and returns a new
 * book with those chapters and the sorted glossary that the renderers print. The book it is
 * given is left as it was.
 */
import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import GithubSlugger from 'github-slugger';
import type { Diagnostics } from '../errors.ts';
import { cachedMarkdownToHast } from '../markdown/cache.ts';
import type { Book, Chapter, GlossaryEntry, Part } from '../model.ts';
import { positionOf } from '../config/load.ts';
import { loadGlossary } from './load.ts';
import { defaultCaseSensitive, TermMatcher, type MatchPattern } from './matcher.ts';
import { groupOf, sortTerms } from './sort.ts';
import { contentKey, memoised, type Memo } from '../util/memo.ts';

/** Elements whose text is never a term use: code, links, headings, figures of speech in URLs. */
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'script', 'style', 'svg', 'math']);
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/g;

export interface GlossaryOptions {
  diagnostics: Diagnostics;
  /** The Markdown stage's note cache, for the definitions. */
  noteCacheDir?: string;
  /** The preview's last results: a chapter whose tree and terms did not change is marked as before. */
  memo?: Memo;
  /** Where the checked glossary file is cached (see load.ts). */
  cacheDir?: string;
}

export async function applyGlossary(book: Book, options: GlossaryOptions): Promise<Book> {
  const settings = book.config.glossary;
  if (!settings) return book;
  const { diagnostics } = options;
  const { config, source } = loadGlossary(settings.file, settings.relPath, diagnostics, { memo: options.memo, cacheDir: options.cacheDir });
  const slugger = new GithubSlugger();
  const entries: GlossaryEntry[] = [];
  for (const [i, e] of config.terms.entries()) {
    const { tree } = await cachedMarkdownToHast(e.definition, { file: settings.relPath, single: false, footnotePrefix: `gl${i}-`, indentedCode: book.config.markdown.indentedCode, syntax: book.config.markdown, diagnostics }, { dir: options.noteCacheDir });
    entries.push({
      id: `gl-${slugger.slug(e.term)}`,
      term: e.term,
      english: e.english,
      aliases: e.aliases ?? [],
      definition: tree,
      see: [],
      uses: [],
      group: groupOf(e.term),
      case: e.case,
      index: e.index,
    });
  }
  const byName = new Map(entries.map((e) => [e.term.toLowerCase(), e]));
  config.terms.forEach((e, i) => {
    for (const [k, name] of (e.see ?? []).entries()) {
      const target = byName.get(name.toLowerCase());
      if (target) entries[i]!.see.push({ id: target.id, term: target.term });
      else diagnostics.warn('glossary-see-unknown', `see: "${name}" is not a term of the glossary`, positionOf(source, ['terms', i, 'see', k]));
    }
  });

  const patterns: MatchPattern[] = [];
  const taken = new Set<string>();
  config.terms.forEach((e, i) => {
    for (const name of new Set([e.term, ...(e.aliases ?? [])])) {
      // A name two entries share belongs to the first (load.ts warns about the second).
      if (taken.has(name.toLowerCase())) continue;
      taken.add(name.toLowerCase());
      const caseSensitive = e.case ? e.case === 'sensitive' : defaultCaseSensitive(name);
      patterns.push({ entry: i, text: name, caseSensitive });
    }
  });
  const matcher = new TermMatcher(patterns);
  const entryIds = entries.map((e) => e.id);
  const matcherKey = options.memo && contentKey(patterns, entryIds, settings.link);
  let useNumber = 0;
  const parts: Part[] = book.parts.map((part) => ({ ...part, chapters: part.chapters.map((c) => ({ ...c })) }));
  for (const [chapterIndex, chapter] of parts.flatMap((p) => p.chapters).entries()) {
    // The marked tree, its uses and its ids depend on the chapter's tree, the terms and the first use number.
    const key = options.memo && contentKey(matcherKey!, useNumber, options.memo.keyOf(chapter.tree), [...chapter.ids]);
    const marked = memoised(options.memo, `glossary:chapter:${chapterIndex}`, () => key!, () => markChapter(chapter, matcher, entryIds, settings.link, useNumber));
    options.memo?.know(marked.tree, `glossary:${key}`);
    chapter.tree = marked.tree;
    chapter.ids = new Set(marked.ids);
    for (const [entryIndex, id] of marked.uses) entries[entryIndex]!.uses.push({ id, chapter });
    useNumber += marked.uses.length;
  }
  config.terms.forEach((e, i) => {
    if (entries[i]!.uses.length === 0) {
      diagnostics.warn('glossary-unused', `term "${e.term}" never appears in the book`, positionOf(source, ['terms', i, 'term']));
    }
  });
  return { ...book, parts, glossary: { id: 'glossary', title: settings.title, entries: sortTerms(entries) } };
}

interface MarkedChapter {
  tree: HastRoot;
  ids: string[];
  /** Entry index and element id of each use, in reading order. */
  uses: [number, string][];
}

/** The chapter's tree with its term uses marked (a copy), numbered from `useNumber + 1`. */
function markChapter(chapter: Chapter, matcher: TermMatcher, entryIds: string[], link: NonNullable<Book['config']['glossary']>['link'], useNumber: number): MarkedChapter {
  const tree = structuredClone(chapter.tree);
  const ids = new Set(chapter.ids);
  const uses: [number, string][] = [];
  const linkedHere = new Set<number>();
  markUses(tree, matcher, (entryIndex, text) => {
    const id = `gl-use-${useNumber + uses.length + 1}`;
    uses.push([entryIndex, id]);
    ids.add(id);
    const linked = link === 'every' || (link === 'first' && !linkedHere.has(entryIndex));
    linkedHere.add(entryIndex);
    return linked
      ? h('a', { id, className: ['glossref'], href: `#${entryIds[entryIndex]}`, 'epub:type': 'glossref', role: 'doc-glossref' }, text)
      : h('span', { id, className: ['term-use'] }, text);
  });
  return { tree, ids: [...ids], uses };
}

function markUses(tree: HastRoot, matcher: TermMatcher, wrap: (entry: number, text: string) => Element): void {
  const jobs: { node: Text; parent: Element | HastRoot }[] = [];
  visitParents(tree, 'text', (node: Text, ancestors) => {
    if (ancestors.some((a) => a.type === 'element' && (SKIP.has(a.tagName) || hasClass(a, 'footnotes')))) return;
    jobs.push({ node, parent: ancestors[ancestors.length - 1] as Element | HastRoot });
  });
  for (const { node, parent } of jobs) {
    const value = node.value;
    const urls = [...value.matchAll(URL_LIKE)].map((m) => [m.index, m.index + m[0].length] as const);
    const matches = matcher.find(value).filter((m) => !urls.some(([s, e]) => m.start < e && m.end > s));
    if (matches.length === 0) continue;
    const pieces: ElementContent[] = [];
    let last = 0;
    for (const m of matches) {
      if (m.start > last) pieces.push({ type: 'text', value: value.slice(last, m.start) });
      pieces.push(wrap(m.entry, value.slice(m.start, m.end)));
      last = m.end;
    }
    if (last < value.length) pieces.push({ type: 'text', value: value.slice(last) });
    const siblings = parent.children as ElementContent[];
    siblings.splice(siblings.indexOf(node), 1, ...pieces);
  }
}

function hasClass(el: Element, name: string): boolean {
  const c = el.properties.className;
  return Array.isArray(c) && c.includes(name);
}

/** Uses grouped by chapter, in reading order: what the back-links show. */
export function usesByChapter(entry: GlossaryEntry): { chapter: Chapter; ids: string[] }[] {
  const groups: { chapter: Chapter; ids: string[] }[] = [];
  for (const use of entry.uses) {
    const last = groups[groups.length - 1];
    if (last && last.chapter === use.chapter) last.ids.push(use.id);
    else groups.push({ chapter: use.chapter, ids: [use.id] });
  }
  return groups;
}
