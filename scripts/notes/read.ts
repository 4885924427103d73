/**
 * Reads the notes a book lists: checks the encoding, normalises BOM and line endings, reads the
 * front matter, leaves out drafts and reports notes that no chapter lists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { LineCounter, parseDocument } from 'yaml';
import { InkstoneError, type Diagnostics } from '../errors.ts';
import type { NoteRef, ResolvedBook, ResolvedChapter } from '../model.ts';
import { orderGlobMatches } from './order.ts';

export interface FrontMatter {
  title?: string;
  draft?: boolean;
  [key: string]: unknown;
}

export interface NoteSource {
  ref: NoteRef;
  /** Markdown text, LF line endings, no BOM, front matter kept (remark-frontmatter skips it). */
  markdown: string;
  frontMatter: FrontMatter;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode strictly: a wrong byte is an error with its offset, never a silent U+FFFD. */
export function decodeNote(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = countLines(bytes, offset);
    throw new InkstoneError(`invalid UTF-8 at byte ${offset}`, {
      position: { file, line },
      hint: 'Save the note as UTF-8 (for GBK files: iconv -f GBK -t UTF-8).',
    });
  }
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three-byte forms and surrogates are invalid too.
    if (b === 0xe0 && bytes[i + 1]! < 0xa0) return i;
    if (b === 0xed && bytes[i + 1]! > 0x9f) return i;
    if (b === 0xf0 && bytes[i + 1]! < 0x90) return i;
    if (b === 0xf4 && bytes[i + 1]! > 0x8f) return i;
    i += need + 1;
  }
  return bytes.length;
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---(?:\n|$)/;

export function readFrontMatter(markdown: string, file: string): FrontMatter {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) return {};
  const lineCounter = new LineCounter();
  const doc = parseDocument(match[1]!, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    throw new InkstoneError(`front matter: ${problem.message.split('\n')[0]}`, { position: { file, line: line + 1, column: col } });
  }
  const data = doc.toJS({ maxAliasCount: 20 }) as unknown;
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InkstoneError('front matter must be a mapping (key: value lines)', { position: { file, line: 2, column: 1 } });
  }
  const fm = data as FrontMatter;
  if (fm.title !== undefined && typeof fm.title !== 'string') fm.title = String(fm.title);
  return fm;
}

export function readNote(ref: NoteRef): NoteSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(ref.path);
  } catch (e) {
    throw new InkstoneError(`cannot read note ${ref.relPath}: ${(e as Error).message}`, { position: ref.listedAt });
  }
  const markdown = decodeNote(bytes, ref.relPath);
  return { ref, markdown, frontMatter: readFrontMatter(markdown, ref.relPath) };
}

export interface ReadChapter {
  chapter: ResolvedChapter;
  notes: NoteSource[];
}

/** Read every listed note; drafts are left out (with a warning so nobody wonders where they went). */
export function readBookNotes(book: ResolvedBook, diagnostics: Diagnostics): ReadChapter[][] {
  const result = book.parts.map((part) =>
    part.chapters.map((chapter) => {
      const notes = orderGlobMatches(chapter.notes.map(readNote)).filter((note) => {
        if (note.frontMatter.draft === true) {
          diagnostics.warn('draft-skipped', 'left out of the book: front matter says draft: true', { file: note.ref.relPath, line: 1 });
          return false;
        }
        return true;
      });
      return { chapter, notes };
    }),
  );
  reportUnlisted(book, diagnostics);
  return result;
}

/** Markdown files under chapters/ that no chapter lists are probably forgotten. */
function reportUnlisted(book: ResolvedBook, diagnostics: Diagnostics): void {
  const listed = new Set(book.parts.flatMap((p) => p.chapters.flatMap((c) => c.notes.map((n) => n.path))));
  const onDisk = fg.sync('chapters/**/*.md', { cwd: book.root, absolute: true, onlyFiles: true });
  for (const file of onDisk.sort()) {
    if (!listed.has(path.resolve(file))) {
      diagnostics.warn('unlisted-note', 'note is not in any chapter of book.yaml; add it or move it out of chapters/', {
        file: path.relative(book.root, file).split(path.sep).join('/'),
      });
    }
  }
}
