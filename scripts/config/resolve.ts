/**
 * Turns the validated BookConfig into a ResolvedBook: absolute paths (never outside the book's
 * folder), globs expanded in natural order, defaults filled, dates fixed for reproducible builds.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { InkstoneError, InkstoneErrors, type SourcePosition } from '../errors.ts';
import { LABELS } from '../labels.ts';
import type { NoteRef, PageSize, ResolvedBook, ResolvedChapter, ResolvedPart } from '../model.ts';
import { positionOf, type KeyPath, type YamlSource } from './load.ts';
import type { BookConfig, ChapterEntryConfig } from './schema.ts';
import { resolveNumbering } from './numbering.ts';
import { resolveCrossReferencePages, resolveIndex } from './resolve-typeset.ts';

const PAGE_SIZES: Record<string, PageSize> = {
  A5: { name: 'A5', width: '148mm', height: '210mm' },
  A4: { name: 'A4', width: '210mm', height: '297mm' },
  B5: { name: 'B5', width: '176mm', height: '250mm' },
  Letter: { name: 'Letter', width: '8.5in', height: '11in' },
};

/** Natural order: chapter-2 before chapter-10. */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** What a command may set beside book.yaml: `--out`, and the release's fixed date. */
export interface ConfigOverrides {
  /** Absolute output folder, instead of book.yaml's `output.dir`. */
  outDir?: string;
  /** Seconds since 1970 for every date in the outputs; default: the SOURCE_DATE_EPOCH variable. */
  sourceDateEpoch?: string;
}

export function resolveBook(config: BookConfig, source: YamlSource, configFile: string, overrides: ConfigOverrides = {}): ResolvedBook {
  const root = path.dirname(path.resolve(configFile));
  const errors: InkstoneError[] = [];
  const seen = new Map<string, SourcePosition>();

  const resolveChapters = (entries: ChapterEntryConfig[], at: KeyPath): ResolvedChapter[] =>
    entries.map((entry, i) => {
      const entryPath = [...at, i];
      if (typeof entry === 'string') {
        return { single: true, position: positionOf(source, entryPath), notes: expand(entry, entryPath) };
      }
      const notes = entry.notes.flatMap((pattern, j) => expand(pattern, [...entryPath, 'notes', j]));
      return { title: entry.title, single: false, position: positionOf(source, entryPath), notes };
    });

  const expand = (pattern: string, at: KeyPath): NoteRef[] => {
    const position = positionOf(source, at);
    const refs: NoteRef[] = [];
    try {
      for (const abs of expandPattern(root, pattern)) {
        const relPath = path.relative(root, abs).split(path.sep).join('/');
        const first = seen.get(abs);
        if (first) {
          errors.push(new InkstoneError(`note listed twice: ${relPath} (first at line ${first.line})`, { position, hint: 'A note can be in one chapter only; remove one of the entries.' }));
          continue;
        }
        seen.set(abs, position);
        refs.push({ path: abs, relPath, listedAt: position, ...(fg.isDynamicPattern(pattern) ? { glob: pattern } : {}) });
      }
    } catch (e) {
      if (!(e instanceof InkstoneError)) throw e;
      errors.push(new InkstoneError(e.message, { position }));
    }
    return refs;
  };

  let parts: ResolvedPart[];
  if (config.parts) {
    parts = config.parts.map((p, i) => ({ title: p.title, position: positionOf(source, ['parts', i]), chapters: resolveChapters(p.chapters, ['parts', i, 'chapters']) }));
  } else {
    parts = [{ position: positionOf(source, ['chapters']), chapters: resolveChapters(config.chapters ?? [], ['chapters']) }];
  }

  let cover: string | undefined;
  if (config.cover) {
    try {
      cover = insideRoot(root, config.cover);
      if (!existsSync(cover)) throw new InkstoneError(`cover image not found: ${config.cover}`);
    } catch (e) {
      if (!(e instanceof InkstoneError)) throw e;
      errors.push(new InkstoneError(e.message, { position: positionOf(source, ['cover']) }));
    }
  }
  let outDir = overrides.outDir ?? path.join(root, 'build');
  if (config.output?.dir && overrides.outDir === undefined) {
    try {
      outDir = insideRoot(root, config.output.dir, { mayBeMissing: true });
    } catch (e) {
      if (!(e instanceof InkstoneError)) throw e;
      errors.push(new InkstoneError(e.message, { position: positionOf(source, ['output', 'dir']) }));
    }
  }
  let glossary: ResolvedBook['glossary'];
  if (config.glossary) {
    const g = typeof config.glossary === 'string' ? { file: config.glossary } : config.glossary;
    const at = typeof config.glossary === 'string' ? ['glossary'] : ['glossary', 'file'];
    try {
      const file = insideRoot(root, g.file);
      glossary = { file, relPath: path.relative(root, file).split(path.sep).join('/'), title: ('title' in g && g.title) || LABELS.glossary, link: ('link' in g && g.link) || 'first' };
    } catch (e) {
      if (!(e instanceof InkstoneError)) throw e;
      errors.push(new InkstoneError(e.message, { position: positionOf(source, at) }));
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new InkstoneErrors(errors);

  const authors = config.author === undefined ? [] : typeof config.author === 'string' ? [config.author] : config.author;
  const sources = [configFile, ...parts.flatMap((p) => p.chapters.flatMap((c) => c.notes.map((n) => n.path))), ...(glossary ? [glossary.file] : []), ...(cover ? [cover] : [])];
  const modified = buildTime(root, sources, overrides.sourceDateEpoch);
  const pageSize = config.pdf?.pageSize;
  return {
    configFile: path.resolve(configFile),
    root,
    meta: {
      title: config.title,
      subtitle: config.subtitle,
      authors,
      language: config.language,
      // epub-gen-memory writes an empty dc:description without one, which epubcheck rejects.
      description: config.description ?? config.subtitle ?? config.title,
      publisher: config.publisher,
      date: config.date ?? modified.toISOString().slice(0, 10),
      version: config.version,
      identifier: config.identifier ?? stableIdentifier(config.title, authors),
      modified,
    },
    cover,
    parts,
    hasParts: Boolean(config.parts),
    output: { dir: outDir, name: config.output?.name ?? 'book' },
    glossary,
    style: { paragraphs: config.style?.paragraphs ?? 'indent', punctuation: config.style?.punctuation ?? 'full-width' },
    notes: { titleFromFileName: config.notes?.titleFromFileName ?? 'auto' },
    markdown: {
      indentedCode: config.markdown?.indentedCode ?? 'auto',
      wikilinks: config.markdown?.wikilinks ?? true,
      includes: config.markdown?.includes ?? true,
      highlight: config.markdown?.highlight ?? true,
      comments: config.markdown?.comments ?? true,
      math: config.markdown?.math ?? true,
      callouts: config.markdown?.callouts ?? true,
      tabs: config.markdown?.tabs ?? true,
      templateTags: config.markdown?.templateTags ?? true,
      diagrams: config.markdown?.diagrams ?? true,
      pluginBlocks: config.markdown?.pluginBlocks ?? 'drop',
    },
    footnotes: { numbering: config.footnotes?.numbering ?? 'chapter' },
    epub: { embedFonts: config.epub?.embedFonts ?? true },
    pdf: {
      pageSize: typeof pageSize === 'object' ? { name: 'custom', ...pageSize } : PAGE_SIZES[pageSize ?? 'A5']!,
      chapterStart: config.pdf?.chapterStart ?? 'any',
      crossReferencePages: resolveCrossReferencePages(config.pdf?.crossReferencePages, config.language),
    },
    index: resolveIndex(config.index, source),
    numbering: resolveNumbering(config.numbering),
  };
}

/** A path from book.yaml, made absolute; refuses `..`, absolute paths and symlinks leading out. */
export function insideRoot(root: string, relative: string, options: { mayBeMissing?: boolean } = {}): string {
  if (path.isAbsolute(relative) || /^[A-Za-z]:[\\/]/.test(relative)) {
    throw new InkstoneError(`absolute path not allowed: ${relative}; write it relative to book.yaml`);
  }
  const abs = path.resolve(root, relative);
  if (!isInside(root, abs)) throw new InkstoneError(`path leads outside the book's folder: ${relative}`);
  if (existsSync(abs)) {
    const real = realpathSync(abs);
    if (!isInside(realpathSync(root), real)) throw new InkstoneError(`path leads outside the book's folder through a symlink: ${relative}`);
  } else if (!options.mayBeMissing) {
    throw new InkstoneError(`file not found: ${relative}`);
  }
  return abs;
}

function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A note path or glob → absolute files, globs in natural order. */
function expandPattern(root: string, pattern: string): string[] {
  if (!fg.isDynamicPattern(pattern)) {
    const abs = insideRoot(root, pattern);
    if (!statSync(abs).isFile()) throw new InkstoneError(`not a file: ${pattern}`);
    return [abs];
  }
  if (path.isAbsolute(pattern) || pattern.split('/').includes('..')) {
    throw new InkstoneError(`glob must stay inside the book's folder: ${pattern}`);
  }
  const matches = fg.sync(pattern, { cwd: root, onlyFiles: true, dot: false, followSymbolicLinks: false });
  if (matches.length === 0) throw new InkstoneError(`no note matches ${pattern}`, { hint: 'Check the folder and the pattern.' });
  return matches.sort(naturalCompare).map((m) => insideRoot(root, m));
}

/** A name-based UUID (RFC 4122 version 5 layout) so the identifier survives rebuilds. */
export function stableIdentifier(title: string, authors: string[]): string {
  const hash = createHash('sha1').update(`inkstone\0${title}\0${authors.join('\0')}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Asked once per folder and process: a git call costs more than a preview rebuild can spare. */
const lastCommits = new Map<string, Date | undefined>();
function lastCommitTime(root: string): Date | undefined {
  if (!lastCommits.has(root)) {
    let time: Date | undefined;
    try {
      const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      if (/^\d+$/.test(out)) time = new Date(Number(out) * 1000);
    } catch {
      // Not a git checkout: the caller falls back to the files' own times.
    }
    lastCommits.set(root, time);
  }
  return lastCommits.get(root);
}

/**
 * SOURCE_DATE_EPOCH, else the last commit of the book's folder, else the newest modification
 * time of the book's sources (not "now": the same sources give the same dates and bytes).
 */
export function buildTime(root: string, sources: string[] = [], epoch = process.env.SOURCE_DATE_EPOCH): Date {
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new InkstoneError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
    return new Date(Number(epoch) * 1000);
  }
  const committed = lastCommitTime(root);
  if (committed) return committed;
  const newest = Math.max(0, ...sources.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  const time = new Date(newest > 0 ? newest : Date.now());
  time.setMilliseconds(0);
  return time;
}
