/**
 * Includes, expanded in the note's text before it is parsed, as the tools that invented them do:
 *
 *   mdBook   `{{#include file}}`, `{{#include file:2:10}}` (lines 2 to 10; `:2` line 2 only,
 *            `:2:` from line 2, `::10` up to line 10), `{{#include file:name}}` (the lines
 *            between `ANCHOR: name` and `ANCHOR_END: name`), `{{#rustdoc_include …}}` (the same;
 *            the lines rustdoc would hide are simply left out), `{{#playground file}}` (the file
 *            as a Rust code block). Paths are relative to the including file. `\{{#include …}}`
 *            is written out as `{{#include …}}`.
 *   MkDocs   (pymdownx.snippets) a line `--8<-- "file"`, `"file:2:10"` (lines; `:2` from line 2,
 *            `::10` up to line 10), `"file:name"` (between `--8<-- [start:name]` and
 *            `--8<-- [end:name]`; names may be Chinese), or a block of file names between two `--8<--` lines; the
 *            included lines take the directive's indentation. Paths are relative to the book's
 *            folder (MkDocs' base path), else to the including file. `;--8<--` is written out
 *            without the `;`.
 *
 * Included files may include others (at most 10 deep; a file that includes itself is reported).
 * Anchor and section marker lines are removed from whatever is included. A path outside the
 * book's folder is an error, as for notes; a file that is missing, or a range or anchor that
 * selects nothing, is an `include-failed` warning at the directive's `file:line`, and the text
 * shows a visible placeholder instead.
 *
 * The expansion changes the note's line count, so it returns a line map: for each line of the
 * expanded text, the line of the note it comes from (every included line counts as the line of
 * its directive). pipeline.ts moves the parsed tree's positions through it, so every later
 * warning names the note's own line.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { insideRoot } from '../config/resolve.ts';
import { InkstoneError, type Diagnostics } from '../errors.ts';
import { LABELS } from '../labels.ts';
import { decodeNote } from '../notes/read.ts';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';

export interface IncludeContext {
  /** The book's folder, absolute. */
  root: string;
  /** The note, relative to root (for messages). */
  file: string;
  diagnostics: Diagnostics;
  /** Every file read (absolute), found or not: the note cache checks them. */
  dependencies: Set<string>;
}

export interface Expanded {
  markdown: string;
  /** Expanded line (0-based index) → the note's line (1-based); undefined when nothing was included. */
  lineMap?: number[];
}

const MAX_DEPTH = 10;
const MDBOOK = /(\\?)\{\{\s*#(include|rustdoc_include|playground)\s+([^}]+?)\s*\}\}/g;
const SNIPPET_LINE = /^([ \t]*)(;*)(-+8<-+)(?:[ \t]+("(?:\\"|[^"])+?"|'(?:\\'|[^'])+?'))?$/;
const BLOCK_MARKER = /^[ \t]*-+8<-+$/;
const MDBOOK_ANCHOR = /\bANCHOR(_END)?:\s*([\p{L}\p{N}_-]+)/u;
/** pymdownx allows ASCII names only; any letters are allowed here (`[start:用法]`). */
const SNIPPET_SECTION = /(;*)-+8<-+[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*(\p{L}[-_\p{L}\p{N}]*)[ \t]*\]/iu;
const FRONT_MATTER = /^---\n[\s\S]*?\n---(?:\n|$)/;

/** Quick test: does the text hold anything this module would change? */
export function hasIncludes(markdown: string): boolean {
  return markdown.includes('{{') || markdown.includes('8<-');
}

/** Expands every include of a note (see the module comment). */
export function expandIncludes(markdown: string, context: IncludeContext): Expanded {
  if (!hasIncludes(markdown)) return { markdown };
  const frontMatter = FRONT_MATTER.exec(markdown)?.[0] ?? '';
  const lines = markdown.slice(frontMatter.length).split('\n');
  const firstLine = frontMatter ? frontMatter.split('\n').length - (frontMatter.endsWith('\n') ? 1 : 0) : 0;
  const out: string[] = frontMatter ? frontMatter.replace(/\n$/, '').split('\n') : [];
  const lineMap = out.map((_, i) => i + 1);
  const abs = path.join(context.root, context.file);
  const expander = new Expander(context);
  const result = expander.lines(lines, abs, [abs], 0, (i) => firstLine + i + 1);
  for (const { text, line } of result) {
    out.push(text);
    lineMap.push(line);
  }
  return expander.changed ? { markdown: out.join('\n'), lineMap } : { markdown };
}

interface OutLine {
  text: string;
  /** The note's line this comes from. */
  line: number;
}

class Expander {
  changed = false;
  constructor(private readonly context: IncludeContext) {}

  /** `lineOf(i)`: the note's line for line i of `lines` (in an included file: its directive's). */
  lines(lines: string[], file: string, chain: string[], depth: number, lineOf: (i: number) => number): OutLine[] {
    const out: OutLine[] = [];
    let block: { indent: string; line: number } | undefined;
    for (const [i, text] of lines.entries()) {
      const line = lineOf(i);
      const snippet = SNIPPET_LINE.exec(text);
      if (snippet) {
        const [, indent = '', escape = '', marker = '', quoted] = snippet;
        this.changed = true;
        if (escape) {
          out.push({ text: `${indent}${escape.slice(1)}${marker}${quoted ? ` ${quoted}` : ''}`, line });
          continue;
        }
        if (quoted === undefined) {
          // A block of file names needs its closing marker; a lone `--8<--` line is text.
          if (!block && !lines.slice(i + 1).some((l) => BLOCK_MARKER.test(l))) {
            out.push({ text, line });
            continue;
          }
          block = block ? undefined : { indent, line };
          continue;
        }
        if (block) continue; // pymdownx: no inline form directly inside a block
        const spec = quoted.slice(1, -1).trim();
        out.push(...this.snippet(spec, indent, file, chain, depth, line));
        continue;
      }
      if (block) {
        this.changed = true;
        const spec = text.trim();
        if (!spec) out.push({ text: '', line });
        else if (!spec.startsWith(';')) out.push(...this.snippet(spec, block.indent, file, chain, depth, line));
        continue;
      }
      if (text.includes('{{')) {
        const expanded = this.mdBook(text, file, chain, depth, line);
        if (expanded !== text) this.changed = true;
        for (const piece of expanded.split('\n')) out.push({ text: piece, line });
        continue;
      }
      out.push({ text, line });
    }
    return out;
  }

  private mdBook(text: string, file: string, chain: string[], depth: number, line: number): string {
    return text.replace(MDBOOK, (whole, escape: string, kind: string, args: string) => {
      if (escape) return whole.slice(1);
      const { target, selector } = splitMdBookArgs(args);
      const included = this.read(target, [path.dirname(file)], whole, line, chain, depth);
      if (included === undefined) return LABELS.includeMissing(target);
      const lines = selectMdBook(included.lines, selector);
      if (lines === undefined) return this.failed(`${whole}: ${describeSelector(selector)} not found in ${this.shown(included.file)}`, line, target);
      const body = this.lines(removeMarkers(lines), included.file, [...chain, included.file], depth + 1, () => line).map((l) => l.text).join('\n');
      return kind === 'playground' ? `\`\`\`rust\n${body}\n\`\`\`` : body;
    });
  }

  private snippet(spec: string, indent: string, file: string, chain: string[], depth: number, line: number): OutLine[] {
    const { target, selector } = splitSnippetSpec(spec);
    const directive = `--8<-- "${spec}"`;
    const included = this.read(target, [this.context.root, path.dirname(file)], directive, line, chain, depth);
    if (included === undefined) return [{ text: `${indent}${LABELS.includeMissing(target)}`, line }];
    const lines = selectSnippet(included.lines, selector);
    if (lines === undefined) return [{ text: `${indent}${this.failed(`${directive}: ${describeSelector(selector)} not found in ${this.shown(included.file)}`, line, target)}`, line }];
    return this.lines(removeMarkers(lines), included.file, [...chain, included.file], depth + 1, () => line).map((l) => ({ text: l.text ? `${indent}${l.text}` : l.text, line }));
  }

  /** The file's lines, or undefined (warned) when it cannot be read. Outside the book: an error. */
  private read(target: string, bases: string[], directive: string, line: number, chain: string[], depth: number): { file: string; lines: string[] } | undefined {
    const position = { file: this.context.file, line };
    let file: string | undefined;
    let outside: InkstoneError | undefined;
    let insideAny = false;
    for (const base of bases) {
      const rel = path.isAbsolute(target) ? target : path.relative(this.context.root, path.resolve(base, target));
      let abs: string;
      try {
        // Refuses absolute paths, `..` out of the book and symlinks leading out, as for notes.
        abs = insideRoot(this.context.root, rel, { mayBeMissing: true });
      } catch (e) {
        if (!(e instanceof InkstoneError)) throw e;
        outside ??= e;
        continue;
      }
      insideAny = true;
      this.context.dependencies.add(abs);
      if (isFile(abs)) {
        file = abs;
        break;
      }
    }
    if (!insideAny && outside) {
      throw new InkstoneError(`${directive}: ${outside.message.replace(/: [^:]*$/, '')}: ${target}`, {
        position,
        hint: 'An included file must be inside the book\'s folder (the folder of book.yaml); move it there, or move book.yaml up.',
      });
    }
    if (!file) {
      this.failed(`${directive}: file not found: ${target}`, line, target);
      return undefined;
    }
    if (chain.includes(file)) {
      this.failed(`${directive}: ${this.shown(file)} includes itself (through ${chain.map((f) => this.shown(f)).join(' → ')}); not included again`, line, target);
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      this.failed(`${directive}: includes nest deeper than ${MAX_DEPTH}; not included`, line, target);
      return undefined;
    }
    const text = decodeNote(readFileSync(file), this.shown(file)).replace(/\n$/, '');
    return { file, lines: text.split('\n') };
  }

  private failed(message: string, line: number, target: string): string {
    this.context.diagnostics.warn('include-failed', `${message}; a placeholder is shown`, { file: this.context.file, line });
    return LABELS.includeMissing(target);
  }

  private shown(abs: string): string {
    return path.relative(this.context.root, abs).split(path.sep).join('/');
  }
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

type Selector = { kind: 'all' } | { kind: 'lines'; start?: number; end?: number } | { kind: 'anchor'; name: string };

/** `file.rs:2:10`, `file.rs:2`, `file.rs:2:`, `file.rs::10`, `file.rs:name` (mdBook). */
function splitMdBookArgs(args: string): { target: string; selector: Selector } {
  const [target = '', ...rest] = args.trim().split(/\s+/)[0]!.split(':');
  if (rest.length === 0) return { target, selector: { kind: 'all' } };
  const [a = '', b] = rest;
  const number = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  if (rest.length === 1 && number(a) === undefined && a !== '') return { target, selector: { kind: 'anchor', name: a } };
  if (b === undefined) return { target, selector: { kind: 'lines', start: number(a), end: number(a) } }; // `:2`: line 2 only
  return { target, selector: { kind: 'lines', start: number(a), end: number(b) } };
}

/** `file.md:2:10`, `file.md:2` (from line 2), `file.md::10`, `file.md:name` (pymdownx). */
function splitSnippetSpec(spec: string): { target: string; selector: Selector } {
  const lines = /^(.*?)(?::(\d*))(?::(\d*))?$/.exec(spec);
  if (lines && (lines[2] || lines[3])) {
    const start = lines[2] ? Number(lines[2]) : undefined;
    const end = lines[3] ? Number(lines[3]) : undefined;
    return { target: lines[1]!.trim(), selector: { kind: 'lines', start, end } };
  }
  const section = /^(.*?):(\p{L}[-_\p{L}\p{N}]*)$/u.exec(spec);
  // `C:/x` is a drive letter, not a section (and refused later as an absolute path).
  if (section && !/^[a-z]$/i.test(section[1]!)) return { target: section[1]!.trim(), selector: { kind: 'anchor', name: section[2]! } };
  return { target: spec, selector: { kind: 'all' } };
}

function selectLines(lines: string[], start: number | undefined, end: number | undefined): string[] | undefined {
  const from = Math.max(1, start ?? 1);
  const to = Math.min(lines.length, end ?? lines.length);
  return from > lines.length || from > to ? undefined : lines.slice(from - 1, to);
}

function selectMdBook(lines: string[], selector: Selector): string[] | undefined {
  if (selector.kind === 'all') return lines;
  if (selector.kind === 'lines') return selectLines(lines, selector.start, selector.end);
  return between(lines, (text) => {
    const m = MDBOOK_ANCHOR.exec(text);
    return m && m[2] === selector.name ? (m[1] ? 'end' : 'start') : undefined;
  });
}

function selectSnippet(lines: string[], selector: Selector): string[] | undefined {
  if (selector.kind === 'all') return lines;
  if (selector.kind === 'lines') return selectLines(lines, selector.start, selector.end);
  return between(lines, (text) => {
    const m = SNIPPET_SECTION.exec(text);
    return m && !m[1] && m[3]!.toLowerCase() === selector.name.toLowerCase() ? (m[2]!.toLowerCase() as 'start' | 'end') : undefined;
  });
}

/** The lines between the first start marker and the end marker after it; undefined: no start marker. */
function between(lines: string[], marker: (text: string) => 'start' | 'end' | undefined): string[] | undefined {
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const text of lines) {
    const m = marker(text);
    if (m === 'start') {
      inside = true;
      found = true;
    } else if (m === 'end') {
      if (inside) break;
    } else if (inside) {
      out.push(text);
    }
  }
  return found ? out : undefined;
}

/** Anchor and section marker lines are for the tools, never for readers. */
function removeMarkers(lines: string[]): string[] {
  return lines.filter((text) => !MDBOOK_ANCHOR.test(text) && !(SNIPPET_SECTION.exec(text) && !SNIPPET_SECTION.exec(text)![1]));
}

function describeSelector(selector: Selector): string {
  if (selector.kind === 'anchor') return `anchor "${selector.name}"`;
  if (selector.kind === 'lines') return `lines ${selector.start ?? 1}–${selector.end ?? 'end'}`;
  return 'text';
}

/** Moves every position of the tree from the expanded text's lines to the note's (see `Expanded.lineMap`). */
export function remapLines(tree: Node, lineMap: number[]): void {
  visit(tree, (node) => {
    const position = node.position;
    if (!position) return;
    position.start = { ...position.start, line: lineMap[position.start.line - 1] ?? position.start.line };
    position.end = { ...position.end, line: lineMap[position.end.line - 1] ?? position.end.line };
  });
}
