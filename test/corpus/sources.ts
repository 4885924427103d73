/**
 * What a corpus book's notes say, read the way their authoring tool reads them (CommonMark +
 * GFM, see parseMarkdown): the notes book.yaml lists, the text a reader must find in the book,
 * the images they use, and whether a warning the build printed is true of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Definition, Html, Image, ImageReference } from 'mdast';
import { visit } from 'unist-util-visit';
import { loadBookConfig } from '../../scripts/config/load.ts';
import { resolveBook } from '../../scripts/config/resolve.ts';
import { parseMarkdown, sourceBlocks, type SourceBlock } from '../helpers.ts';
import type { Dialect } from './books.ts';

export interface SourceNote {
  /** Absolute path. */
  file: string;
  /** Relative to the book's root, as warnings show it. */
  relPath: string;
  markdown: string;
}

/** The notes book.yaml lists, in book order (globs expanded as the build expands them). */
export function listedNotes(configFile: string): SourceNote[] {
  const { config, source } = loadBookConfig(configFile);
  const book = resolveBook(config, source, configFile);
  return book.parts.flatMap((p) => p.chapters.flatMap((c) => c.notes)).map((n) => ({ file: n.path, relPath: n.relPath, markdown: readFileSync(n.path, 'utf8') }));
}

const isUrl = (src: string) => /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//');

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A relative link or image source → the absolute file it names (query and fragment dropped). */
export const resolveRelative = (noteFile: string, src: string) => path.resolve(path.dirname(noteFile), safeDecode(src.split(/[?#]/)[0]!));

function isFileInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Text

export interface TextFragment {
  note: string;
  line: number | undefined;
  kind: SourceBlock['kind'];
  text: string;
}

/** Obsidian `[[target#heading|alias]]`: Obsidian shows the alias, else the target's name. */
const WIKILINK = /!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g;
/** TeX math, `$…$` and `$$…$$` (Obsidian); how it is rendered is the pipeline's business. */
const MATH = /\$\$[\s\S]+?\$\$|\$[^$]+?\$/g;

/**
 * The pieces of a text block a reader must find in the book: the block split around math (left
 * out: every book reads TeX, and what a formula turns into is the pipeline's business, as is
 * whether `$` begins one) and, in Obsidian notes, around wikilinks first (each one's display
 * text is a piece of its own; a link's target may hold a formula of its own).
 */
function pieces(block: SourceBlock, dialect: Dialect | undefined): string[] {
  if (block.kind === 'code') return [block.text];
  const prose: string[] = [];
  if (dialect === 'obsidian') {
    let last = 0;
    for (const m of block.text.matchAll(WIKILINK)) {
      prose.push(block.text.slice(last, m.index));
      prose.push(m[2] ?? path.posix.basename(m[1]!));
      last = m.index + m[0].length;
    }
    prose.push(block.text.slice(last));
  } else {
    prose.push(block.text);
  }
  return prose.flatMap((part) => part.split(MATH)).filter((t) => t !== '');
}

/** Every piece of text of the notes that must appear in the book (images are checked apart). */
export function textFragments(notes: SourceNote[], dialect: Dialect | undefined): TextFragment[] {
  return notes.flatMap((note) =>
    sourceBlocks(note.markdown)
      .filter((b) => b.kind !== 'image')
      .flatMap((b) => pieces(b, dialect).map((text) => ({ note: note.relPath, line: b.line, kind: b.kind, text }))),
  );
}

/**
 * Whether a piece of text is in the book's (normalised) text. One allowance: micromark reads a
 * list item that starts at 2 after an indented code block as a paragraph ("2. 安装…", where
 * CommonMark has a list), so a paragraph found without its leading number is found.
 */
export function inBook(fragment: TextFragment, bookText: string): boolean {
  if (bookText.includes(fragment.text)) return true;
  const marker = /^\d{1,9}[.)]/.exec(fragment.text);
  return fragment.kind === 'paragraph' && marker !== null && bookText.includes(fragment.text.slice(marker[0].length));
}

// ---------------------------------------------------------------------------------------------
// Images

export interface ImageRef {
  note: string;
  line: number | undefined;
  src: string;
  /** The file on disk, when the source is local and the file exists inside the book. */
  file?: string;
}

const IMG_SRC = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Every image a note shows: Markdown images (inline and by reference) and raw HTML `<img>`. */
export function imageRefs(note: SourceNote, root: string): ImageRef[] {
  const tree = parseMarkdown(note.markdown);
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (d: Definition) => {
    definitions.set(d.identifier, d.url);
  });
  const refs: ImageRef[] = [];
  const add = (src: string, line: number | undefined) => {
    const local = !isUrl(src) && src !== '';
    const file = local ? resolveRelative(note.file, src) : undefined;
    refs.push({ note: note.relPath, line, src, ...(file && isFileInside(root, file) ? { file } : {}) });
  };
  visit(tree, (node) => {
    const line = node.position?.start.line;
    if (node.type === 'image') add((node as Image).url, line);
    if (node.type === 'imageReference') {
      const url = definitions.get((node as ImageReference).identifier);
      if (url !== undefined) add(url, line);
    }
    if (node.type === 'html') for (const m of (node as Html).value.matchAll(IMG_SRC)) add(m[1] ?? m[2] ?? m[3] ?? '', line);
  });
  return refs;
}

export interface ImageExpectations {
  refs: ImageRef[];
  /** References to images that exist on disk: each must be an <img> in the book. */
  local: ImageRef[];
  /** The distinct images (by content) among them: each must be one image in the EPUB. */
  distinct: { file: string; svg: boolean; sha256: string; ref: ImageRef }[];
}

export function expectedImages(notes: SourceNote[], root: string): ImageExpectations {
  const refs = notes.flatMap((n) => imageRefs(n, root));
  const local = refs.filter((r) => r.file);
  const byContent = new Map<string, ImageExpectations['distinct'][number]>();
  for (const r of local) {
    const data = readFileSync(r.file!);
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!byContent.has(sha256)) byContent.set(sha256, { file: r.file!, svg: isSvg(data), sha256, ref: r });
  }
  return { refs, local, distinct: [...byContent.values()] };
}

/** SVG by content (graphviz and Inkscape files start with a declaration, DOCTYPE or comments). */
function isSvg(data: Buffer): boolean {
  const head = data.subarray(0, 4096).toString('utf8');
  return /<svg[\s>]/i.test(head) && !/^\s*[^<\s]/.test(head);
}

// ---------------------------------------------------------------------------------------------
// Warnings

export interface PrintedWarning {
  file: string;
  line?: number;
  rule: string;
  message: string;
  raw: string;
}

/** `file:LINE[:COL]: warning: message [rule]` lines of the build's stderr. */
export function parseWarnings(stderr: string): PrintedWarning[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes(': warning: '))
    .map((raw) => {
      const m = /^(.*?)(?::(\d+))?(?::\d+)?: warning: (.*) \[([a-z0-9-]+)\]$/.exec(raw);
      if (!m) return { file: '', rule: '(unparsed)', message: raw, raw };
      return { file: m[1]!, line: m[2] ? Number(m[2]) : undefined, rule: m[4]!, message: m[3]!, raw };
    });
}

/** Elements and attributes that can run code, load files or submit data (what unsafe-html is for). */
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'link', 'meta', 'base', 'portal']);
const ACTIVE_ATTRIBUTE = /^(on[a-z]+|formaction|srcdoc|action)$/i;

const parsed = new Map<string, ReturnType<typeof parseMarkdown>>();

/** The raw HTML (per CommonMark) on a line of a note. */
function rawHtmlAt(markdown: string, line: number | undefined): string {
  const parts: string[] = [];
  if (!parsed.has(markdown)) parsed.set(markdown, parseMarkdown(markdown));
  visit(parsed.get(markdown)!, 'html', (node: Html) => {
    const start = node.position?.start.line ?? 0;
    const end = node.position?.end.line ?? start;
    if (line === undefined || (line >= start && line <= end)) parts.push(node.value);
  });
  return parts.join('\n');
}

function stripFrontMatter(markdown: string): string {
  return markdown.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n(---|\.\.\.)\s*(\r?\n|$)/, '');
}

/**
 * Why a warning is not true of the sources, or undefined when it is. A warning is true when it
 * states a fact of the notes that the build cannot change: a note that is empty, an image that
 * cannot be had offline or does not exist, a link to a note the book leaves out, an unclosed
 * code fence, raw HTML that really is active content. Anything else is the pipeline's problem.
 */
export function untrue(w: PrintedWarning, root: string, notes: SourceNote[]): string | undefined {
  const note = notes.find((n) => n.relPath === w.file);
  if (!note) return 'names no note of the book';
  switch (w.rule) {
    case 'empty-note':
      return stripFrontMatter(note.markdown).trim() === '' ? undefined : 'the note is not empty';
    case 'image-unavailable': {
      const src = /^image not included: (.*) \(.*\)$/.exec(w.message)?.[1];
      if (src === undefined) return 'unexpected message';
      if (isUrl(src)) return undefined; // the build is offline: a remote image cannot be had
      const file = resolveRelative(note.file, src);
      if (!isFileInside(root, file)) return undefined;
      return statSync(file).size === 0 ? undefined : `the image exists: ${path.relative(root, file)}`;
    }
    case 'broken-link': {
      // `link to a note that is not in the book: x.md; …`, `link to nothing: x.md (…); …`
      const href = /^link to (?:a note that is not in the book|nothing): (.*?)(?: \(no note or file at [^)]*\))?; the link text is kept, unlinked$/.exec(w.message)?.[1];
      if (href === undefined) return 'unexpected message';
      const target = resolveRelative(note.file, href);
      return notes.some((n) => n.file === target) ? `the note is in the book: ${path.relative(root, target)}` : undefined;
    }
    case 'broken-fragment': {
      // `link to x.md#frag: dir/x.md has no heading or id #frag; …`: true when the note it names
      // has no heading with that text (Obsidian's rule: the heading as written, any case) and
      // no such id or block.
      const m = /^link to .*?: (.+?) has no heading or id #(.+?); /.exec(w.message);
      if (!m) return 'unexpected message';
      const target = notes.find((n) => n.relPath === m[1]);
      if (!target) return `${m[1]} is not a note of the book`;
      const want = m[2]!.replace(/\s+/g, ' ').trim().toLowerCase();
      const headings = [...stripFrontMatter(target.markdown).matchAll(/^#{1,6}[ \t]+(.*?)[ \t#]*$/gm)].map((h) => h[1]!.replace(/\s+/g, ' ').trim().toLowerCase());
      if (headings.includes(want)) return `${m[1]} has the heading "${m[2]}"`;
      return target.markdown.includes(`id="${m[2]}"`) || target.markdown.includes(`^${m[2]}`) ? `${m[1]} has the id ${m[2]}` : undefined;
    }
    case 'math-error':
      // A formula the TeX reader cannot read: true when that line of the note has TeX delimiters.
      return /\$|\\\(|\\\[|```math/.test(note.markdown.split(/\r?\n/)[(w.line ?? 1) - 1] ?? '') ? undefined : 'no formula on that line';
    case 'draft-skipped':
      return /^draft:\s*true\s*$/m.test(note.markdown.slice(0, 2000)) ? undefined : 'the note is not a draft';
    case 'unclosed-code-fence': {
      const lines = note.markdown.split(/\r?\n/);
      const open = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[(w.line ?? 1) - 1] ?? '');
      if (!open) return 'no code fence starts on that line';
      const fence = open[1]!;
      const closed = lines.slice(w.line ?? 1).some((l) => new RegExp(`^\\s{0,3}${fence[0]}{${fence.length},}\\s*$`).test(l));
      return closed ? 'the fence is closed' : undefined;
    }
    case 'unsafe-html': {
      const html = rawHtmlAt(note.markdown, w.line);
      if (html === '') return 'no raw HTML on that line (as CommonMark reads the note)';
      const element = /removed <([a-z0-9-]+)> element/i.exec(w.message)?.[1];
      if (element) return ACTIVE_ELEMENTS.has(element.toLowerCase()) && new RegExp(`<${element}\\b`, 'i').test(html) ? undefined : `<${element}> is not active content`;
      const attribute = /removed attribute ([^\s]+)/i.exec(w.message)?.[1];
      if (attribute) return ACTIVE_ATTRIBUTE.test(attribute) || /javascript:/i.test(html) ? undefined : `attribute ${attribute} is not active content`;
      return 'unexpected message';
    }
    case 'unknown-html': {
      // `<type> is not HTML the book keeps: …`: true when the note has that tag as raw HTML there.
      const tag = /^<([^>\s]+)> is not HTML/.exec(w.message)?.[1];
      if (tag === undefined) return 'unexpected message';
      return new RegExp(`<${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s>/]`, 'i').test(rawHtmlAt(note.markdown, w.line)) ? undefined : `no <${tag}> on that line`;
    }
    default:
      return `rule ${w.rule} is not about the sources`;
  }
}
