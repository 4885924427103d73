/**
 * Obsidian's wikilinks and embeds, resolved the way Obsidian resolves them (markdown/vault.ts)
 * into what the rest of the pipeline already understands:
 *
 *   `[[note]]`, `[[note|text]]`, `[[note#heading]]`, `[[note#^block]]`, `[[#heading]]`
 *       → an ordinary link to the note's file, relative to the note it is in, with the heading
 *         or `^block` as its fragment; book/links.ts makes it a link inside the book (or says
 *         why it cannot be: a note not in the book, a heading that does not exist). Its text is
 *         the `|text`, else what Obsidian shows: `note`, `note > heading`, `heading`.
 *         A name that matches no file in the book's folder: the text, unlinked (`broken-link`).
 *   `![[image.png]]`, `![[image.png|300]]`, `![[image.png|300x200]]`, `![[image.png|alt text]]`
 *       → an image (width, height), found anywhere in the vault, in the attachment folder or
 *         next to the note; the assets stage embeds it or shows a placeholder.
 *   `![[note]]`, `![[note#heading]]`, `![[note#^block]]`
 *       → that note's text (only the heading's section, or the block), parsed like a note and
 *         put in place of the embed: a paragraph holding the embed is split around it. Its own
 *         links and images still point where they did. Its headings move down so that its
 *         highest one sits one level below the heading the embed is under (a note's `# title`
 *         embedded under `## 小节` becomes `###`), so the contents stay a tree. A note that embeds itself (a cycle),
 *         embeds nested deeper than 8, or a note, heading or block that is not there: a
 *         `broken-embed` warning and the name as text. An embed inside a heading, a table cell
 *         or emphasis cannot hold paragraphs: it becomes a link to the note.
 *   `![[paper.pdf]]` and other files → a link to the file (book/links.ts reports that it cannot
 *         be in the book).
 *
 * Transcluded text may come from a note that is not in the book, as long as it is inside the
 * book's folder. Its positions become the embed's (warnings about it point at the `![[…]]`
 * line); warnings found while resolving it name its own file and line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Image, Link, Paragraph, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import type { Diagnostics } from '../errors.ts';
import { decodeNote } from '../notes/read.ts';
import { findInVault, isNotePath, type Vault } from './vault.ts';
import type { WikiLink } from './wikilink-syntax.ts';

export interface WikiLinkContext {
  vault: Vault;
  /** The note whose tree this becomes (links are made relative to it), relative to the vault root. */
  host: string;
  /** The file the text was written in: the host, or a note it transcludes. */
  source: string;
  diagnostics: Diagnostics;
  /** Parses another note's text as this note was parsed (includes, syntax); positions in that note. */
  parse: (markdown: string, file: string) => Root;
  /** Files read (absolute): the note cache checks them. */
  dependencies: Set<string>;
  /** Notes being transcluded, outermost first (the host first). */
  chain: string[];
}

const MAX_DEPTH = 8;
const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp|avif|bmp)$/i;
const SIZE = /^(\d+)(?:x(\d+))?$/;

/** A `[[…]]` split into its parts: `dir/note#heading|text`. */
export interface WikiTarget {
  path: string;
  /** After `#`: a heading (the last of `#h1#h2`) or `^block`. */
  fragment?: string;
  /** After `|`. */
  alias?: string;
}

export function parseWikiTarget(value: string): WikiTarget {
  // In a table cell the separator is written `\|`.
  const raw = value.replace(/\\\|/g, '|');
  const bar = raw.indexOf('|');
  const target = bar < 0 ? raw : raw.slice(0, bar);
  const alias = bar < 0 ? undefined : raw.slice(bar + 1).trim();
  const hash = target.indexOf('#');
  const linkPath = (hash < 0 ? target : target.slice(0, hash)).trim();
  const headings = hash < 0 ? [] : target.slice(hash + 1).split('#').map((h) => h.trim()).filter(Boolean);
  return { path: linkPath, fragment: headings.at(-1), alias: alias || undefined };
}

/** What Obsidian shows for a link without `|text`. */
function shownText(target: WikiTarget): string {
  const name = target.path.replace(/\.(md|markdown)$/i, '');
  if (!target.fragment) return name;
  // A heading's formula is named by its TeX, as the contents name it (`2. $R^2$ 统计量` → `2. R^2 统计量`).
  const heading = target.fragment.replace(/\$([^$]+)\$/g, '$1');
  if (!name) return heading;
  return target.fragment.startsWith('^') ? name : `${name} > ${heading}`;
}

/** A path relative to the host note's folder, each segment percent-encoded, plus the fragment. */
function urlTo(file: string, fragment: string | undefined, context: WikiLinkContext): string {
  const relative = file === context.host ? '' : path.posix.relative(path.posix.dirname(context.host), file);
  const encoded = relative.split('/').map(encodeURIComponent).join('/');
  return fragment ? `${encoded}#${encodeURIComponent(fragment)}` : encoded;
}

type Replacement = { phrasing: PhrasingContent[] } | { blocks: RootContent[]; fallback: PhrasingContent[] };

/** Resolves every `wikiLink` node of the tree in place. */
export function resolveWikiLinks(tree: Root, context: WikiLinkContext): void {
  const found: { node: WikiLink; ancestors: Parent[] }[] = [];
  visitParents(tree, 'wikiLink', (node, ancestors) => {
    found.push({ node, ancestors: ancestors as Parent[] });
  });
  if (found.length === 0) return;
  // The depth of the heading each embed comes under (0: none before it).
  const under = new Map<WikiLink, number>();
  let depth = 0;
  visit(tree, (node) => {
    if (node.type === 'heading') depth = node.depth;
    else if (node.type === 'wikiLink') under.set(node, depth);
  });
  const replacements = new Map<WikiLink, Replacement>();
  for (const { node, ancestors } of found) {
    // Inside a link's text (`[see [[x]]](url)`) a link cannot nest: its text stays.
    if (ancestors.some((a) => a.type === 'link' || a.type === 'linkReference')) {
      replacements.set(node, { phrasing: [text(parseWikiTarget(node.value).alias ?? shownText(parseWikiTarget(node.value)), node.position)] });
      continue;
    }
    replacements.set(node, node.embed ? embed(node, context, under.get(node) ?? 0) : { phrasing: [link(node, context)] });
  }

  // Paragraphs that hold a transcluded note are split around it; every other embed is replaced in place.
  const splits = new Map<Paragraph, { container: Parent }>();
  for (const { node, ancestors } of found) {
    const replacement = replacements.get(node)!;
    const parent = ancestors.at(-1)!;
    if ('blocks' in replacement) {
      const container = ancestors.at(-2);
      if (parent.type === 'paragraph' && container) {
        splits.set(parent as Paragraph, { container });
        continue;
      }
      replacements.set(node, { phrasing: replacement.fallback });
    }
  }
  for (const { node, ancestors } of found) {
    const replacement = replacements.get(node)!;
    if (!('phrasing' in replacement)) continue;
    const parent = ancestors.at(-1)!;
    const at = parent.children.indexOf(node as never);
    if (at >= 0) parent.children.splice(at, 1, ...(replacement.phrasing as never[]));
  }
  for (const [paragraph, { container }] of splits) {
    const at = container.children.indexOf(paragraph as never);
    if (at < 0) continue;
    container.children.splice(at, 1, ...(splitParagraph(paragraph, replacements) as never[]));
  }
}

/** The paragraph's text before, between and after the transcluded notes, each a paragraph if it has anything in it. */
function splitParagraph(paragraph: Paragraph, replacements: Map<WikiLink, Replacement>): RootContent[] {
  const out: RootContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = () => {
    const keep = run.some((n) => (n.type === 'text' ? n.value.trim() !== '' : n.type !== 'break'));
    if (keep) {
      trimRun(run);
      out.push({ type: 'paragraph', children: run, position: paragraph.position });
    }
    run = [];
  };
  for (const child of paragraph.children) {
    const replacement = child.type === 'wikiLink' ? replacements.get(child) : undefined;
    if (replacement && 'blocks' in replacement) {
      flush();
      out.push(...replacement.blocks);
    } else {
      run.push(child);
    }
  }
  flush();
  return out;
}

/** No line break or white space left dangling where an embed was cut out. */
function trimRun(run: PhrasingContent[]): void {
  while (run[0]?.type === 'break') run.shift();
  while (run.at(-1)?.type === 'break') run.pop();
  const first = run[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = run.at(-1);
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
}

function text(value: string, position: Position | undefined): Text {
  return { type: 'text', value, position };
}

/** `[[…]]` → a link, or its text with a warning when nothing of that name exists. */
function link(node: WikiLink, context: WikiLinkContext): PhrasingContent {
  const target = parseWikiTarget(node.value);
  const shown = target.alias ?? shownText(target);
  if (!target.path) {
    if (!target.fragment) return text(shown, node.position);
    // `[[#heading]]`: this note's heading (in transcluded text: that note's).
    return linkNode(urlTo(context.source, target.fragment, context), shown, node.position);
  }
  const file = findInVault(context.vault, target.path, context.source);
  if (!file) {
    context.diagnostics.warn('broken-link', `link to nothing: [[${node.value}]] (no note or file of that name in the book's folder); the link text is kept, unlinked`, {
      file: context.source,
      line: node.position?.start.line,
    });
    return text(shown, node.position);
  }
  return linkNode(urlTo(file, target.fragment, context), shown, node.position);
}

function linkNode(url: string, shown: string, position: Position | undefined): Link {
  return { type: 'link', url, children: [text(shown, position)], position };
}

/** `![[…]]` → an image, a link, or a transcluded note (with a link as the fallback where blocks cannot go). */
function embed(node: WikiLink, context: WikiLinkContext, underDepth: number): Replacement {
  const target = parseWikiTarget(node.value);
  const line = node.position?.start.line;
  const isImage = IMAGE_EXT.test(target.path);
  const file = target.path ? findInVault(context.vault, target.path, context.source, { attachment: !isNotePath(target.path) && /\.[^./]+$/.test(target.path) }) : context.source;
  if (isImage || (file && IMAGE_EXT.test(file))) return { phrasing: [image(node, target, file, context)] };
  if (!file) {
    context.diagnostics.warn('broken-embed', `embed of nothing: ![[${node.value}]] (no note or file of that name in the book's folder); its name is shown instead`, { file: context.source, line });
    return { phrasing: [text(target.alias ?? shownText(target), node.position)] };
  }
  const asLink = [linkNode(urlTo(file, target.fragment, context), target.alias ?? shownText(target), node.position)];
  if (!isNotePath(file)) return { phrasing: asLink };
  const blocks = transclude(file, target, node, context, underDepth);
  return blocks ? { blocks, fallback: asLink } : { phrasing: [text(target.alias ?? shownText(target), node.position)] };
}

function image(node: WikiLink, target: WikiTarget, file: string | undefined, context: WikiLinkContext): Image {
  const parts = (target.alias ?? '').split('|').map((p) => p.trim()).filter(Boolean);
  const size = parts.map((p) => SIZE.exec(p)).find(Boolean);
  const alt = parts.filter((p) => !SIZE.test(p)).join(' ') || path.posix.basename(target.path);
  const properties: Record<string, number> = {};
  if (size) {
    properties.width = Number(size[1]);
    if (size[2]) properties.height = Number(size[2]);
  }
  // Not found: the name as written, so the assets stage reports it with this line and shows it in the placeholder.
  const url = file ? urlTo(file, undefined, context) : target.path;
  return { type: 'image', url, alt, position: node.position, ...(size ? { data: { hProperties: properties } } : {}) };
}

/** The note's content (or section) for `![[note]]`, or undefined (warned) when it cannot be shown. */
function transclude(file: string, target: WikiTarget, node: WikiLink, context: WikiLinkContext, underDepth: number): RootContent[] | undefined {
  const warn = (why: string) =>
    context.diagnostics.warn('broken-embed', `embed ![[${node.value}]] not shown: ${why}; its name is shown instead`, { file: context.source, line: node.position?.start.line });
  if (context.chain.includes(file)) {
    warn(`${file} would embed itself (${[...context.chain, file].join(' → ')})`);
    return undefined;
  }
  if (context.chain.length > MAX_DEPTH) {
    warn(`embeds nest deeper than ${MAX_DEPTH}`);
    return undefined;
  }
  const abs = path.join(context.vault.root, file);
  context.dependencies.add(abs);
  const tree = context.parse(decodeNote(readFileSync(abs), file), file);
  tree.children = tree.children.filter((n) => n.type !== 'yaml');
  rebaseUrls(tree, file, context.host);
  resolveWikiLinks(tree, { ...context, source: file, chain: [...context.chain, file] });
  const selected = target.fragment ? select(tree, target.fragment) : tree.children;
  if (!selected) {
    warn(`${file} has no ${target.fragment!.startsWith('^') ? 'block' : 'heading'} ${target.fragment}`);
    return undefined;
  }
  let top = 7;
  for (const n of selected) visit(n, 'heading', (h) => void (top = Math.min(top, h.depth)));
  const shift = underDepth > 0 && top <= 6 ? Math.max(0, underDepth + 1 - top) : 0;
  for (const n of selected) {
    visit(n, (inner) => {
      inner.position = node.position && { start: { ...node.position.start }, end: { ...node.position.end } };
      if (inner.type === 'heading' && shift) inner.depth = Math.min(6, inner.depth + shift) as typeof inner.depth;
    });
  }
  return selected;
}

/** Letters and digits, case folded: how a `#heading` written by hand is matched to the heading. */
function loose(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const BLOCK_MARKER = /(?:^|\s)\^([A-Za-z0-9-]+)\s*$/;

/** A heading's section (the heading and what follows, up to the next heading as high), or a `^block`. */
function select(tree: Root, fragment: string): RootContent[] | undefined {
  if (fragment.startsWith('^')) return selectBlock(tree, fragment.slice(1));
  const key = loose(fragment);
  const children = tree.children;
  const start = children.findIndex((n) => n.type === 'heading' && (toString(n) === fragment || loose(toString(n)) === key));
  if (start < 0) return undefined;
  const depth = (children[start] as { depth: number }).depth;
  let end = start + 1;
  while (end < children.length) {
    const n = children[end]!;
    if (n.type === 'heading' && n.depth <= depth) break;
    end++;
  }
  return children.slice(start, end);
}

/** The paragraph that ends with ` ^id`, or the block before a `^id` line of its own. */
function selectBlock(tree: Root, id: string): RootContent[] | undefined {
  let found: RootContent[] | undefined;
  visit(tree, 'paragraph', (paragraph, index, parent) => {
    if (found) return false;
    const last = paragraph.children.at(-1);
    if (last?.type !== 'text') return undefined;
    const m = BLOCK_MARKER.exec(last.value);
    if (!m || m[1] !== id) return undefined;
    const alone = paragraph.children.length === 1 && last.value.trim() === `^${id}`;
    const before = alone && parent && index !== undefined ? parent.children[index - 1] : undefined;
    found = [(before ?? paragraph) as RootContent];
    return false;
  });
  return found;
}

/**
 * Links and images of a transcluded note were written relative to that note: make them
 * relative to the host, so they still point at the same files.
 */
function rebaseUrls(tree: Root, from: string, to: string): void {
  const fromDir = path.posix.dirname(from);
  const toDir = path.posix.dirname(to);
  if (fromDir === toDir) return;
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const url = node.url;
    if (!url || url.startsWith('#') || url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return;
    const cut = url.search(/[?#]/);
    const [file, rest] = cut < 0 ? [url, ''] : [url.slice(0, cut), url.slice(cut)];
    node.url = `${path.posix.relative(toDir, path.posix.join(fromDir, file)) || '.'}${rest}`;
  });
}
