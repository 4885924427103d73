/**
 * Indented code: CommonMark reads a block indented by four spaces or a tab as code. Real books
 * use it (GitBook and older Markdown books have nothing else), but Chinese writers also indent
 * their paragraphs with a tab or four spaces, and those must stay prose. `markdown.indentedCode`
 * in book.yaml chooses:
 *
 * - `true`: CommonMark, every indented block is code.
 * - `false`: indentation never makes code (use fenced code); an indented block reads as if the
 *   indentation were not there.
 * - `auto` (default): an indented block is code unless it reads as prose, that is when more
 *   than half of its letters are Chinese, Japanese or Korean (digits, punctuation, symbols and
 *   link addresses do not count; a Latin word counts each of its letters). Code and program
 *   output with Chinese comments or strings stay code; an indented Chinese paragraph (or list)
 *   stays a paragraph (or list).
 *
 * How `auto` works: the note is parsed with indented code on; each indented block that reads
 * as prose is parsed again on its own with indented code off and its blocks take its place. A
 * note in which no indented block reads as code is parsed with indented code off, so it comes
 * out exactly as with `false`.
 */
import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Point, Position } from 'unist';
import { visit, SKIP } from 'unist-util-visit';
import { CJK_LETTER } from './cjk.ts';

export type IndentedCodeMode = 'auto' | boolean;

/** Two parsers of the same Markdown dialect, one with indented code and one without. */
export interface MarkdownParsers {
  withIndentedCode: (markdown: string) => Root;
  withoutIndentedCode: (markdown: string) => Root;
}

/**
 * Markdown that says where a link goes is not the text of the block: link and image addresses
 * (`](https://…)`), reference labels (`][doc]`), footnote calls (`[^1]`) and bare URLs.
 */
const LINK_PARTS = /\]\([^)\n]*\)|\]\[[^\]\n]*\]|\[\^[^\]\n]*\]|\bhttps?:\/\/\S+/g;


/**
 * True when more than half of the letters of `text` are Chinese, Japanese or Korean. Only
 * letters count (a Latin word counts each of its letters): digits, punctuation, symbols such
 * as the `|——` of a directory tree, spaces and where links go do not.
 */
export function readsAsProse(text: string): boolean {
  let cjk = 0;
  let letters = 0;
  for (const ch of text.replace(LINK_PARTS, ']')) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (CJK_LETTER.test(ch)) cjk++;
  }
  return letters > 0 && cjk * 2 > letters;
}

/** Indented (not fenced) code blocks: their source line starts with whitespace, not a fence. */
function isIndentedCode(node: Code, lines: string[]): boolean {
  const start = node.position?.start;
  if (!start) return false;
  // Container markers (`>`, list markers) may come first; a fence starts with ``` or ~~~.
  const line = lines[start.line - 1]!.slice(start.column - 1);
  return !/^ {0,3}(`{3,}|~{3,})/.test(line);
}

/**
 * Lines where the two parsers could disagree: four columns of indentation (or a tab), possibly
 * after quote and list markers. A note without any reads the same either way, with one parse.
 */
const MAYBE_INDENTED = /^[ \t>*+\-.)\d]*?(?:\t| {4})/m;

export function parseWithIndentedCode(markdown: string, mode: IndentedCodeMode, parsers: MarkdownParsers): Root {
  if (mode === false || (mode === 'auto' && !MAYBE_INDENTED.test(markdown))) return parsers.withoutIndentedCode(markdown);
  const tree = parsers.withIndentedCode(markdown);
  if (mode === true) return tree;
  const lines = markdown.split('\n');
  const prose: { node: Code; parent: Parent }[] = [];
  let code = 0;
  visit(tree, 'code', (node: Code, _index, parent) => {
    if (!parent || !isIndentedCode(node, lines)) return;
    if (readsAsProse(node.value)) prose.push({ node, parent });
    else code++;
  });
  // No code: exactly what `false` gives (the two parsers differ in more than code blocks, for
  // example an indented `# x` under a paragraph line is a heading only without indented code).
  if (code === 0) return parsers.withoutIndentedCode(markdown);
  if (prose.length === 0) return tree;
  const definitions = definitionSource(tree, markdown);
  const source = new SourceLines(markdown);
  for (const { node, parent } of prose) replaceWithProse(node, parent, definitions, parsers, source);
  return tree;
}

/**
 * The note's link and footnote definitions as Markdown, so that a block parsed on its own still
 * resolves `[text][ref]` and `[^1]` defined elsewhere in the note.
 */
function definitionSource(tree: Root, markdown: string): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'definition' || (node.type === 'footnoteDefinition' && tree.children.includes(node as RootContent))) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) parts.push(markdown.slice(start, end));
      return SKIP;
    }
    return undefined;
  });
  return parts.join('\n\n');
}

/** The note's lines and where each starts, to give re-parsed nodes their place in the note. */
class SourceLines {
  readonly lines: string[];
  readonly starts: number[] = [];
  constructor(markdown: string) {
    this.lines = markdown.split('\n');
    let offset = 0;
    for (const line of this.lines) {
      this.starts.push(offset);
      offset += line.length + 1;
    }
  }
}

/** The block's text parsed without indented code, put where the block was. */
function replaceWithProse(node: Code, parent: Parent, definitions: string, parsers: MarkdownParsers, source: SourceLines): void {
  const position = node.position!;
  // A leading newline keeps `---` on the first line from being read as front matter.
  const valueLines = node.value.split('\n');
  const parsed = parsers.withoutIndentedCode(`\n${node.value}\n\n${definitions}`);
  const blocks = parsed.children.filter((child) => {
    const line = child.position?.start.line;
    return line !== undefined && line >= 2 && line <= valueLines.length + 1 && child.type !== 'definition' && child.type !== 'footnoteDefinition';
  });
  // Line k of the value (line k + 1 of what was parsed) is the end of the note's line
  // start.line + k - 1, after the container markers and the indentation.
  const place = (p: Point): Point => {
    const k = Math.min(Math.max(p.line - 1, 1), valueLines.length);
    const line = position.start.line + k - 1;
    const text = source.lines[line - 1] ?? '';
    const column = p.column + Math.max(0, text.length - valueLines[k - 1]!.length);
    return { line, column, offset: (source.starts[line - 1] ?? 0) + column - 1 };
  };
  for (const block of blocks) {
    visit(block, (n) => {
      if (n.position) n.position = { start: place(n.position.start), end: place(n.position.end) } satisfies Position;
    });
  }
  const index = parent.children.indexOf(node as never);
  (parent.children as RootContent[]).splice(index, 1, ...(blocks as RootContent[]));
  joinLazyContinuation(parent, index + blocks.length - 1, position.end.line);
}

/**
 * Without indented code, a line right under an indented paragraph continues it (a lazy
 * continuation line); with indented code it started a paragraph of its own. Join them again.
 */
function joinLazyContinuation(parent: Parent, index: number, endLine: number): void {
  const last = parent.children[index];
  const next = parent.children[index + 1];
  if (last?.type !== 'paragraph' || next?.type !== 'paragraph' || next.position?.start.line !== endLine + 1) return;
  const tail = last.children[last.children.length - 1];
  const head = next.children[0];
  if (tail?.type === 'text' && head?.type === 'text') {
    tail.value += `\n${head.value}`;
    last.children.push(...next.children.slice(1));
  } else {
    last.children.push({ type: 'text', value: '\n' }, ...next.children);
  }
  if (last.position && next.position) last.position = { start: last.position.start, end: next.position.end };
  parent.children.splice(index + 1, 1);
}
