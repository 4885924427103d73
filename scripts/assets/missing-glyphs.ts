/**
 * Characters that none of the book's fonts has (see assets/font-plan.ts) become warnings at the
 * first place the book uses them: `chapters/x.md:12: warning: no font of the book has U+E000 …
 * [missing-glyph]`. One warning per line, listing every such character on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Nodes, RootContent } from 'hast';
import type { Diagnostics, SourcePosition } from '../errors.ts';
import { formatPosition } from '../errors.ts';
import type { Book, ImageAsset } from '../model.ts';
import { svgImageText } from './svg-image.ts';

/** `U+E000` */
export const codePointLabel = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function readLines(file: string): string[] | undefined {
  try {
    return readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  } catch {
    return undefined;
  }
}

/** The 1-based line of the first `char` in `lines`, from line `from` to `to` (inclusive). */
function lineOf(lines: string[], char: string, from = 1, to = lines.length): number | undefined {
  for (let i = Math.max(1, from); i <= Math.min(to, lines.length); i++) if (lines[i - 1]!.includes(char)) return i;
  return undefined;
}

/** Where the book first uses each of `chars`: the note and line, else book.yaml or the glossary. */
export function locateChars(book: Book, images: ReadonlyMap<string, ImageAsset>, chars: string[]): Map<string, SourcePosition> {
  const found = new Map<string, SourcePosition>();
  const wanted = new Set(chars);
  const sources = new Map<string, string[] | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) sources.set(file, readLines(file));
    return sources.get(file);
  };
  const svgText = new Map<string, string>();
  for (const img of images.values()) if (img.mediaType === 'image/svg+xml') svgText.set(img.href, Object.values(svgImageText(img)).join(''));

  const note = (tree: Nodes, file: string, relPath: string) => {
    const walk = (node: Nodes, line: number | undefined) => {
      if (wanted.size === 0) return;
      const start = node.position?.start.line ?? line;
      let text = '';
      if (node.type === 'text') text = node.value;
      else if (node.type === 'element' && node.tagName === 'img' && typeof node.properties.src === 'string') text = svgText.get(node.properties.src) ?? '';
      for (const char of wanted) {
        if (!text.includes(char)) continue;
        // The node says where it starts; the source says on which of its lines the character is.
        const lines = source(file);
        const exact = lines && start !== undefined ? lineOf(lines, char, start, node.position?.end.line ?? start) : undefined;
        found.set(char, { file: relPath, line: exact ?? start });
        wanted.delete(char);
      }
      if ('children' in node) for (const child of node.children as RootContent[]) walk(child, start);
    };
    walk(tree, undefined);
  };
  for (const part of book.parts) {
    for (const chapter of part.chapters) {
      // One wrapper per note, in the order of chapter.notes (book/assemble.ts).
      chapter.tree.children.forEach((wrapper, i) => {
        const ref = chapter.notes[i];
        if (ref && (wrapper as Element).type === 'element') note(wrapper as Element, ref.path, ref.relPath);
      });
    }
  }
  // Titles from front matter or book.yaml, the book's metadata, the glossary: found in the files.
  const files: { file: string; relPath: string }[] = [
    ...book.parts.flatMap((p) => p.chapters.flatMap((c) => c.notes.map((n) => ({ file: n.path, relPath: n.relPath })))),
    { file: book.config.configFile, relPath: path.relative(book.config.root, book.config.configFile).split(path.sep).join('/') },
    ...(book.config.glossary ? [{ file: book.config.glossary.file, relPath: book.config.glossary.relPath }] : []),
  ];
  for (const { file, relPath } of files) {
    for (const char of wanted) {
      const lines = source(file);
      const line = lines && lineOf(lines, char);
      if (line === undefined) continue;
      found.set(char, { file: relPath, line });
      wanted.delete(char);
    }
  }
  for (const char of wanted) found.set(char, { file: files.at(-1)!.relPath });
  return found;
}

function describe(char: string): string {
  const name = /\p{Co}/u.test(char) ? ' (private use)' : /\p{Cn}/u.test(char) ? ' (unassigned)' : '';
  return `${codePointLabel(char)} "${char}"${name}`;
}

/** One `missing-glyph` warning per source line, listing the characters first used there. */
export function reportMissingGlyphs(book: Book, images: ReadonlyMap<string, ImageAsset>, chars: string[], diagnostics: Diagnostics): void {
  if (chars.length === 0) return;
  const where = locateChars(book, images, chars);
  const byLine = new Map<string, { position: SourcePosition; chars: string[] }>();
  for (const char of chars) {
    const position = where.get(char)!;
    const key = formatPosition(position);
    const entry = byLine.get(key) ?? { position, chars: [] };
    entry.chars.push(char);
    byLine.set(key, entry);
  }
  // In reading order: notes as the book lists them, then book.yaml and the glossary.
  const order = [...book.parts.flatMap((p) => p.chapters.flatMap((c) => c.notes.map((n) => n.relPath)))];
  const rank = (p: SourcePosition) => (order.indexOf(p.file) + 1 || order.length + 1) * 1e7 + (p.line ?? 0);
  for (const { position, chars: list } of [...byLine.values()].sort((a, b) => rank(a.position) - rank(b.position))) {
    const shown = list.slice(0, 8).map(describe).join(', ') + (list.length > 8 ? ` and ${list.length - 8} more` : '');
    diagnostics.warn(
      'missing-glyph',
      `no font of the book has ${shown}; the PDF shows ${list.length === 1 ? 'its' : 'each one\'s'} code in a box instead (a font for it: see "Fonts" in the README)`,
      position,
    );
  }
}
