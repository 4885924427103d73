/**
 * Paths as init handles them: absolute inside, shown and written relative to the book's folder
 * with forward slashes, and links from a nav turned into the note file they mean.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Extensions of the files init takes for notes. */
export const NOTE_EXTENSIONS = ['.md', '.markdown', '.mdx'];

export function isNoteFile(file: string): boolean {
  return NOTE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** `abs` relative to `root`, with forward slashes (how book.yaml and messages name files). */
export function relPath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/') || '.';
}

export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function isFile(abs: string): boolean {
  return statSync(abs, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function isDir(abs: string): boolean {
  return statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** `http:`, `mailto:`, `//host`: not a file of the book. */
export function isExternal(link: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//');
}

/** The page a folder stands for, the way doc tools look it up. */
export const FOLDER_PAGES = ['README.md', 'readme.md', 'index.md', 'INDEX.md', 'Readme.md', 'index.mdx'];

export type LinkTarget = { file: string } | { missing: string } | { outside: string };

/**
 * A nav link (already stripped of `#anchor` and `?query`, percent-decoded) → the note file.
 * Tries, in order: the path itself; `.html` → `.md` (links to the rendered page); the path +
 * `.md`; a folder's README.md / index.md. `base` is the folder links are relative to.
 */
export function resolveNoteLink(base: string, link: string, bookRoot: string): LinkTarget {
  const abs = path.resolve(base, link);
  if (!isInside(bookRoot, abs)) return { outside: link };
  const candidates = [abs];
  if (/\.html?$/i.test(abs)) candidates.push(abs.replace(/\.html?$/i, '.md'));
  if (!path.extname(abs) || !isNoteFile(abs)) candidates.push(`${abs}.md`, `${abs}.mdx`);
  for (const page of FOLDER_PAGES) candidates.push(path.join(abs, page));
  for (const c of candidates) {
    if (!isFile(c) || !isNoteFile(c)) continue;
    // book.yaml refuses a path that leads out through a symlink: so does init.
    return isInside(realpathSync(bookRoot), realpathSync(c)) ? { file: c } : { outside: link };
  }
  return { missing: link };
}

/** Splits `a/b.md#x?y` → `a/b.md` and decodes `%20`; a bad escape keeps the text as written. */
export function cleanLink(link: string): string {
  const bare = link.replace(/[#?].*$/, '');
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}
