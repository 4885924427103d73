/**
 * Per-note cache of the Markdown stage, keyed by a hash of the note's text, its settings and the
 * pipeline's own code. A note that includes or transcludes other files (includes.ts,
 * wikilinks.ts) also records those files' hashes; an entry is used only while they still match.
 * A note that may hold wikilinks is keyed by the vault's file list too (a new file can change
 * what `[[name]]` finds). A rebuild (the preview, or a second `npm run build`) converts only the
 * notes that changed; warnings of cached notes are replayed, so the output and the messages are
 * those of a clean build.
 *
 * In memory always; on disk (`<out>/.cache/notes/`) only when INKSTONE_BUILD_ID identifies the
 * pipeline code (scripts/run.mjs sets it to the hash of the sources it bundled), so a changed
 * plugin can never be served a stale result.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Diagnostics, type Warning } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { Memo } from '../util/memo.ts';
import { markdownToHast, type NoteOptions, type NoteTree } from './pipeline.ts';

interface Entry {
  result: NoteTree;
  warnings: Warning[];
  /** Hash of each file the result depends on (null: it did not exist). */
  dependencies?: [string, string | null][];
}

function fileHash(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

function stillValid(entry: Entry): boolean {
  return (entry.dependencies ?? []).every(([file, hash]) => fileHash(file) === hash);
}

const memory = new Map<string, string>();

export interface NoteCache {
  /** Folder for the on-disk cache; undefined: memory only. */
  dir?: string;
  /**
   * The preview's memo: an unchanged note gets last build's tree object back (not a fresh parse
   * of its JSON), known to the memo by this cache's key, so later stages' keys of it cost nothing.
   * The tree is then shared between builds: no stage may change it (book/assemble.ts copies it).
   */
  memo?: Memo;
}

export async function cachedMarkdownToHast(markdown: string, options: NoteOptions, cache: NoteCache): Promise<NoteTree> {
  const key = createHash('sha256')
    .update(process.env.INKSTONE_BUILD_ID ?? 'dev')
    .update('\0')
    .update(JSON.stringify([options.file, options.single, options.footnotePrefix, options.indentedCode, options.pluginBlocks ?? 'drop']))
    .update(settingsKey(markdown, options))
    .update('\0')
    .update(markdown)
    .digest('hex');
  let entry: Entry;
  if (cache.memo) {
    const slot = `markdown:${options.file}`;
    entry = await cache.memo.get(slot, key, () => convertEntry(markdown, options, cache, key));
    // A file it includes changed since: converted again (kept under a key of its new dependencies).
    if (!stillValid(entry)) {
      const again = await convertEntry(markdown, options, cache, key);
      entry = await cache.memo.get(slot, `${key}:${JSON.stringify(again.dependencies)}`, () => Promise.resolve(again));
    }
    cache.memo.know(entry.result.tree, `markdown:${key}`);
  } else entry = await convertEntry(markdown, options, cache, key);
  for (const w of entry.warnings) options.diagnostics.warn(w.rule, w.message, w.position);
  return entry.result;
}

/** The note's entry: from the cache while still valid, else converted now. Its warnings are the caller's to replay. */
async function convertEntry(markdown: string, options: NoteOptions, cache: NoteCache, key: string): Promise<Entry> {
  const file = cache.dir && process.env.INKSTONE_BUILD_ID ? path.join(cache.dir, key.slice(0, 2), `${key}.json`) : undefined;
  let json = memory.get(key);
  if (json === undefined && file && existsSync(file)) json = readFileSync(file, 'utf8');
  const cached = json === undefined ? undefined : (JSON.parse(json) as Entry);
  if (json !== undefined && cached && stillValid(cached)) {
    // A fresh copy every time (JSON.parse): later stages change the tree in place.
    memory.set(key, json);
    return cached;
  }
  const recorder = new Diagnostics();
  const result = await markdownToHast(markdown, { ...options, diagnostics: recorder });
  const dependencies = result.dependencies?.map((file): [string, string | null] => [file, fileHash(file)]);
  json = JSON.stringify({ result, warnings: recorder.warnings, ...(dependencies ? { dependencies } : {}) } satisfies Entry);
  memory.set(key, json);
  if (file) writeFileAtomic(file, json);
  return JSON.parse(json) as Entry;
}

/**
 * The Markdown settings that change this note's result: the syntax switches and, when it may
 * hold wikilinks or includes, the book's folder and the vault's file list (so a new file
 * elsewhere in the book's folder does not make every other note stale).
 */
function settingsKey(markdown: string, options: NoteOptions): string {
  const mayLink = markdown.includes('[[') || markdown.includes('{{') || markdown.includes('8<-');
  return `\0${JSON.stringify([options.syntax ?? null, mayLink ? (options.root ?? null) : null, mayLink ? (options.vault?.hash ?? null) : null])}`;
}
