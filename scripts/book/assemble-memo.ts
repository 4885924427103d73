/**
 * The book model stage for the preview's rebuilds (`npm run dev`, with a Memo): the same book as
 * assembleBook (assemble.ts), but a chapter whose inputs did not change is last build's chapter
 * object itself, so an edit costs the work of its own chapter, and later stages' memo keys of
 * the other chapters cost nothing (Memo.keyOf hashes an object once).
 *
 * A chapter is made in two steps, each memoised with a key of all it reads:
 *   1. assembly (assembleChapter: title, ids): its notes, the settings it reads, its number, and
 *      the slugs earlier chapters took from the book-wide slugger (a hash of every slug asked for);
 *   2. links and footnotes: step 1's key, what a link of any note can land on (each note's path,
 *      anchor, heading slugs, ids and block ids: `linkKey`), the files its links found or missed
 *      on disk (checked again before reuse), the slugs asked for before it and the footnote count.
 * A reused step replays its slugs (so later chapters get the same ids) and its warnings. Step 1's
 * result is never changed: step 2 works on a copy of it.
 */
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { Diagnostics, type Warning } from '../errors.ts';
import type { ConvertedChapter } from '../markdown/convert.ts';
import type { Book, Chapter, Part, ResolvedBook } from '../model.ts';
import { contentKey, type Memo } from '../util/memo.ts';
import { assembleChapter, dependenciesOf, newPart, type AssembledChapter } from './assemble.ts';
import { assertSomethingToShow } from './empty-notes.ts';
import { gatherChapterFootnotes } from './footnotes.ts';
import { isFile } from './link-target.ts';
import { noteLinkIndex, rewriteLinks } from './links.ts';
import type { NoteBuild } from './note-build.ts';

/** The book's slugger, keeping every slug asked for and a running hash of them (its state). */
class RecordingSlugger extends GithubSlugger {
  readonly calls: string[] = [];
  private folded = 0;
  private hash = '';

  override slug(value: string, maintainCase?: boolean): string {
    this.calls.push(maintainCase ? `\u0001${value}` : value);
    return super.slug(value, maintainCase);
  }

  replay(calls: readonly string[]): void {
    for (const c of calls) this.slug(c.startsWith('\u0001') ? c.slice(1) : c, c.startsWith('\u0001'));
  }

  /** A key of the slugger's state: every slug asked for so far. */
  key(): string {
    if (this.folded < this.calls.length) {
      this.hash = contentKey(this.hash, this.calls.slice(this.folded));
      this.folded = this.calls.length;
    }
    return this.hash;
  }
}

interface Assembly {
  assembled: AssembledChapter | undefined;
  calls: string[];
  warnings: Warning[];
  /** What links from other notes read of this chapter's notes. */
  linkKey: string;
}

interface Linked {
  chapter: Chapter;
  calls: string[];
  warnings: Warning[];
  /** Footnotes counted up to the end of this chapter. */
  count: number;
  /** Files its links looked for on disk, and whether each was there. */
  probes: [string, boolean][];
}

export function assembleBookMemoised(config: ResolvedBook, chaptersByPart: ConvertedChapter[][], diagnostics: Diagnostics, memo: Memo): Book {
  const slugger = new RecordingSlugger();
  const settings = contentKey(config.notes.titleFromFileName, config.numbering ?? null);
  const steps: { slot: string; key: string; assembly: Assembly; assembled: AssembledChapter }[] = [];
  const parts: { part: Part; chapters: number[] }[] = [];
  let chapterNumber = 0;

  for (const [partIndex, readChapters] of chaptersByPart.entries()) {
    const part = { part: newPart(config, partIndex, slugger), chapters: [] as number[] };
    for (const [chapterIndex, converted] of readChapters.entries()) {
      const slot = `book:${partIndex}:${chapterIndex}`;
      const key = contentKey(settings, slugger.key(), chapterNumber + 1, chapterKey(converted, memo));
      const start = slugger.calls.length;
      const assembly = memo.get(`${slot}:assembly`, key, (): Assembly => {
        const recorder = new Diagnostics();
        const assembled = assembleChapter(config, converted, chapterNumber + 1, slugger, recorder);
        return { assembled, calls: slugger.calls.slice(start), warnings: recorder.warnings, linkKey: assembled ? linkKeyOf(assembled.notes) : '' };
      });
      if (slugger.calls.length === start) slugger.replay(assembly.calls);
      for (const w of assembly.warnings) diagnostics.warn(w.rule, w.message, w.position);
      if (!assembly.assembled) continue;
      chapterNumber++;
      part.chapters.push(steps.length);
      steps.push({ slot, key, assembly, assembled: assembly.assembled });
    }
    if (part.chapters.length) parts.push(part);
  }
  assertSomethingToShow(chapterNumber, path.relative(process.cwd(), config.configFile) || 'book.yaml');

  const notes = new Map<string, NoteBuild>();
  for (const { assembled } of steps) for (const note of assembled.notes) notes.set(note.source.ref.path, note);
  const links = contentKey(config.root, steps.map((s) => s.assembly.linkKey));
  const index = noteLinkIndex(notes, config.root);
  const numbering = config.footnotes.numbering;
  let count = 0;
  const chapters = steps.map(({ slot, key, assembled }) => {
    const linkedKey = contentKey(key, links, slugger.key(), count, numbering);
    const start = slugger.calls.length;
    const link = (): Linked => {
      // A copy: the memoised assembly stays as it was made (notes' trees are parts of the chapter's, and stay so).
      const copy = structuredClone(assembled);
      const recorder = new Diagnostics();
      index.probes = new Map();
      try {
        // As in assembleBook: a note listed twice has its links rewritten where the book keeps it.
        for (const [i, note] of copy.notes.entries()) if (notes.get(note.source.ref.path) === assembled.notes[i]) rewriteLinks(note, notes, recorder, config.root);
        const after = gatherChapterFootnotes(copy.chapter, slugger, numbering, count);
        return { chapter: copy.chapter, calls: slugger.calls.slice(start), warnings: recorder.warnings, count: after, probes: [...index.probes] };
      } finally {
        index.probes = undefined;
      }
    };
    let linked = memo.get(`${slot}:links`, linkedKey, link);
    // A file a link points at appeared or went away: made again (keyed by what is on disk now).
    if (!linked.probes.every(([file, found]) => isFile(file) === found)) {
      const disk = linked.probes.map(([file]) => [file, isFile(file)]);
      linked = memo.get(`${slot}:links`, contentKey(linkedKey, disk), link);
    }
    if (slugger.calls.length === start) slugger.replay(linked.calls);
    for (const w of linked.warnings) diagnostics.warn(w.rule, w.message, w.position);
    count = linked.count;
    return linked.chapter;
  });

  return { config, meta: config.meta, parts: parts.map(({ part, chapters: at }) => ({ ...part, chapters: at.map((i) => chapters[i]!) })), ...dependenciesOf(chaptersByPart) };
}

/** All that assembleChapter reads of a chapter's notes (a note's tree by the key the Markdown stage gave it). */
function chapterKey({ chapter, single, notes }: ConvertedChapter, memo: Memo): string {
  return contentKey(chapter, single, notes.map((n) => [memo.keyOf(n.tree), n.source.ref, n.source.frontMatter, n.headings]));
}

/** What fragmentTarget and the link index read of notes: paths, anchors, heading slugs, ids and block ids. */
function linkKeyOf(notes: NoteBuild[]): string {
  return contentKey(
    notes.map((n) => {
      const ids: [string, string | null][] = [];
      visit(n.tree, 'element', (el: Element) => {
        if (typeof el.properties.id === 'string') ids.push([el.properties.id, el.data?.blockId ?? null]);
      });
      return [n.source.ref, n.anchor, [...n.slugMap], ids];
    }),
  );
}
