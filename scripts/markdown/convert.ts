/**
 * The Markdown stage: every note of the book, in reading order, converted to an HTML tree
 * (through the per-note cache). Nothing here knows about other notes: book-wide ids, links
 * between notes and titles are the book model's work (book/assemble.ts).
 */
import type { Diagnostics } from '../errors.ts';
import type { ResolvedBook, ResolvedChapter } from '../model.ts';
import type { NoteSource, ReadChapter } from '../notes/read.ts';
import { cachedMarkdownToHast } from './cache.ts';
import type { NoteTree } from './pipeline.ts';
import type { Memo } from '../util/memo.ts';
import { scanVault } from './vault.ts';
import { reportPluginBlocks, type PluginBlock } from './plugin-blocks.ts';

export interface ConvertedNote extends NoteTree {
  source: NoteSource;
}

export interface ConvertedChapter {
  chapter: ResolvedChapter;
  /** A one-note chapter whose note's title heading is the chapter's own. */
  single: boolean;
  notes: ConvertedNote[];
}

export interface ConvertOptions {
  diagnostics: Diagnostics;
  /** book.yaml's `markdown:` settings. */
  markdown: ResolvedBook['markdown'];
  /** On-disk cache of converted notes (see cache.ts). */
  cacheDir?: string;
  /** The book's folder: the vault for wikilinks and the limit for includes. */
  root?: string;
  /** Folders inside the book's folder that are not part of the vault (the output folder). */
  exclude?: string[];
  /** The preview's memo: unchanged notes keep their tree objects from build to build (cache.ts). */
  memo?: Memo;
}

/** Chapters whose every note was a draft are left out here. */
export async function convertNotes(chaptersByPart: ReadChapter[][], options: ConvertOptions): Promise<ConvertedChapter[][]> {
  let noteNumber = 0;
  // Listed once per build: `[[name]]` may name any file of the book's folder.
  const vault = options.root && options.markdown.wikilinks ? scanVault(options.root, options.exclude) : undefined;
  const out: ConvertedChapter[][] = [];
  const pluginBlocks: (PluginBlock & { file: string })[] = [];
  for (const readChapters of chaptersByPart) {
    const part: ConvertedChapter[] = [];
    for (const { chapter, notes: sources } of readChapters) {
      if (sources.length === 0) continue;
      const single = chapter.single && sources.length === 1;
      const notes: ConvertedNote[] = [];
      for (const source of sources) {
        noteNumber++;
        const converted = await cachedMarkdownToHast(
          source.markdown,
          { file: source.ref.relPath, single, footnotePrefix: `n${noteNumber}-`, indentedCode: options.markdown.indentedCode, diagnostics: options.diagnostics, syntax: options.markdown, pluginBlocks: options.markdown.pluginBlocks, root: options.root, vault },
          { dir: options.cacheDir, memo: options.memo },
        );
        for (const block of converted.pluginBlocks ?? []) pluginBlocks.push({ ...block, file: source.ref.relPath });
        notes.push({ source, ...converted });
      }
      part.push({ chapter, single, notes });
    }
    out.push(part);
  }
  // Once per kind for the book, not once per block (see plugin-blocks.ts).
  reportPluginBlocks(pluginBlocks, options.diagnostics);
  return out;
}
