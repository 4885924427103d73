/**
 * Which note a local link names. Authors write links to other notes the way their tool taught
 * them, and the book must understand all of them:
 *   `other.md`, `other.markdown`         the source file (GitHub, Obsidian, Pandoc)
 *   `other.html`, `dir/index.html`       the rendered page (mdBook, GitBook, Jekyll)
 *   `./dir/other`                        no extension (VitePress, Docusaurus, Hugo)
 *   `./dir/`, `dir`                      a folder: its README.md or index.md (GitBook, MkDocs)
 *   `/dir/other.md`                      from the book's root (VitePress: the docs folder)
 *   `/docs/dir/other.md`                 from the repository root that holds the book's folder
 *                                        (GitHub renders it so; book root …/docs)
 * The path given here is already decoded, without `?query` or `#fragment`.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NoteBuild } from './note-build.ts';

export type LinkTarget =
  | { kind: 'note'; note: NoteBuild }
  /** A Markdown file that exists but is not one of the book's notes. */
  | { kind: 'not-in-book'; relPath: string }
  /** An existing file that is not a note (source code, a PDF, an image): it cannot be in the book. */
  | { kind: 'file'; relPath: string }
  | { kind: 'outside' }
  | { kind: 'missing'; relPath: string };

const NOTE_EXT = /\.(md|markdown)$/i;
const PAGE_EXT = /\.(html?|xhtml)$/i;
const FOLDER_NOTES = ['README.md', 'readme.md', 'index.md', 'README.markdown', 'index.markdown', '_index.md'];

export class NoteLinkIndex {
  private readonly byPath = new Map<string, NoteBuild>();
  /** Lower-cased path → note, for a link whose case differs (written on a case-insensitive disk). */
  private readonly byLowerPath = new Map<string, NoteBuild | null>();
  private readonly rootSegments: string[];
  /**
   * When set, every file looked for on disk (a link to something that is not a note) and whether
   * it was there: what the preview's memo must check again before it reuses a chapter's links.
   */
  probes: Map<string, boolean> | undefined;

  constructor(
    private readonly root: string,
    notes: Iterable<NoteBuild>,
  ) {
    for (const note of notes) {
      this.byPath.set(note.source.ref.path, note);
      const lower = note.source.ref.path.toLowerCase();
      // Two notes differing only in case: a case-folded lookup would be a guess, so none.
      this.byLowerPath.set(lower, this.byLowerPath.has(lower) ? null : note);
    }
    this.rootSegments = path.resolve(root).split(path.sep).filter(Boolean);
  }

  /** `linkPath` is relative to the note `fromFile` (absolute), or absolute from the book root. */
  resolve(linkPath: string, fromFile: string): LinkTarget {
    const folderOnly = linkPath.endsWith('/');
    const bases = this.bases(linkPath, path.dirname(fromFile));
    const inside = bases.filter((b) => this.isInside(b));
    if (inside.length === 0) return { kind: 'outside' };
    const candidates = inside.flatMap((b) => variants(b, folderOnly));
    for (const c of candidates) {
      const note = this.byPath.get(c);
      if (note) return { kind: 'note', note };
    }
    for (const c of candidates) {
      const note = this.byLowerPath.get(c.toLowerCase());
      if (note) return { kind: 'note', note };
    }
    for (const c of candidates) {
      const found = isFile(c);
      this.probes?.set(c, found);
      if (!found) continue;
      const relPath = this.rel(c);
      return NOTE_EXT.test(c) ? { kind: 'not-in-book', relPath } : { kind: 'file', relPath };
    }
    return { kind: 'missing', relPath: this.rel(inside[0]!) };
  }

  private bases(linkPath: string, fromDir: string): string[] {
    if (!linkPath.startsWith('/')) return [path.resolve(fromDir, linkPath)];
    const segments = linkPath.split('/').filter(Boolean);
    const out = [path.join(this.root, ...segments)];
    // `/docs/x.md` from a repository whose `docs/` is the book: drop the leading folders that
    // name the book's own folder and its parents.
    for (let k = 1; k < segments.length && k <= this.rootSegments.length; k++) {
      const lead = segments.slice(0, k).join('/');
      if (lead === this.rootSegments.slice(this.rootSegments.length - k).join('/')) out.push(path.join(this.root, ...segments.slice(k)));
    }
    return out;
  }

  private isInside(abs: string): boolean {
    const rel = path.relative(this.root, abs);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  private rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/') || '.';
  }
}

/** The files a link path may mean, most literal first. */
function variants(base: string, folderOnly: boolean): string[] {
  const out: string[] = [];
  if (!folderOnly) {
    out.push(base);
    if (PAGE_EXT.test(base)) {
      const stem = base.replace(PAGE_EXT, '');
      out.push(`${stem}.md`, `${stem}.markdown`);
      // GitBook and mdBook render a folder's README.md as its index.html.
      if (path.basename(stem) === 'index') out.push(...FOLDER_NOTES.map((n) => path.join(path.dirname(stem), n)));
    } else if (!NOTE_EXT.test(base)) {
      out.push(`${base}.md`, `${base}.markdown`);
    }
  }
  out.push(...FOLDER_NOTES.map((n) => path.join(base, n)));
  return out;
}

export function isFile(abs: string): boolean {
  try {
    return existsSync(abs) && statSync(abs).isFile();
  } catch {
    return false;
  }
}
