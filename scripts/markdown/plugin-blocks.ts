/**
 * rehype plugin: fenced blocks that only mean something inside one app's plugins are left out.
 * An Obsidian vault is full of them: ```` ```dataview ```` / ```` ```dataviewjs ```` queries,
 * ```` ```query ```` search embeds, ```` ```tasks ```` lists, and Excalidraw drawings kept as
 * ```` ```compressed-json ```` (or JSON) data. In the app they become a table, a list or a
 * picture; in a book they would be pages of query code or base64 that no reader can use.
 *
 * Each block left out is recorded (`file.data.pluginBlocks`); the Markdown stage then gives ONE
 * warning per kind for the whole book (`reportPluginBlocks`), not one per block: a vault with
 * two hundred daily notes each holding a dataview query needs to be told once.
 * `markdown: { pluginBlocks: keep }` in book.yaml keeps them as code. Runs after the sanitizer,
 * on `<pre><code class="language-…">`, so raw HTML written the same way is treated alike.
 */
import type { Element, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';
import { fencedCode } from './fenced-code.ts';

/** What each kind is, as the warning names it. */
const KINDS = {
  dataview: 'Dataview query (an Obsidian plugin)',
  dataviewjs: 'DataviewJS script (an Obsidian plugin)',
  query: 'Obsidian search query',
  tasks: 'Tasks query (an Obsidian plugin)',
  excalidraw: 'Excalidraw drawing data (an Obsidian plugin; the data, not a picture)',
} as const;

export type PluginBlockKind = keyof typeof KINDS;

export interface PluginBlock {
  kind: PluginBlockKind;
  /** The fence's line in the note. */
  line?: number;
}

declare module 'vfile' {
  interface DataMap {
    pluginBlocks: PluginBlock[];
  }
}

/** The kind of a fenced block, or undefined for ordinary code. */
export function pluginBlockKind(language: string, text: string): PluginBlockKind | undefined {
  switch (language) {
    case 'dataview':
    case 'dataviewjs':
    case 'query':
    case 'tasks':
      return language;
    case 'compressed-json':
    case 'excalidraw':
      return 'excalidraw';
    case 'json':
      // The Excalidraw plugin's older, uncompressed format.
      return /^\s*\{\s*"type"\s*:\s*"excalidraw"/.test(text) ? 'excalidraw' : undefined;
    default:
      return undefined;
  }
}

export default function rehypePluginBlocks() {
  return (tree: Root, file: VFile): void => {
    if (file.data.note?.pluginBlocks === 'keep') return;
    const found: PluginBlock[] = [];
    const drop: { parent: Element | Root; el: Element }[] = [];
    visit(tree, 'element', (el: Element, _index, parent: Element | Root | undefined) => {
      const fenced = fencedCode(el);
      if (!fenced || !parent) return;
      const kind = pluginBlockKind(fenced.language, hastToString(fenced.code));
      if (!kind) return;
      found.push({ kind, line: el.position?.start.line });
      drop.push({ parent, el });
      return 'skip';
    });
    for (const { parent, el } of drop) {
      const at = parent.children.indexOf(el);
      // The line break that followed the block goes with it.
      const next = parent.children[at + 1];
      const blank = next?.type === 'text' && next.value.trim() === '' ? 1 : 0;
      parent.children.splice(at, 1 + blank);
    }
    if (found.length) file.data.pluginBlocks = found;
  };
}

/** One warning per kind for the book: where the first block is, and how many there are. */
export function reportPluginBlocks(found: (PluginBlock & { file: string })[], diagnostics: Diagnostics): void {
  const byKind = new Map<PluginBlockKind, (PluginBlock & { file: string })[]>();
  for (const block of found) byKind.set(block.kind, [...(byKind.get(block.kind) ?? []), block]);
  for (const [kind, blocks] of byKind) {
    const first = blocks[0]!;
    const notes = new Set(blocks.map((b) => b.file)).size;
    const which = blocks.length === 1 ? 'left out of the book' : `left out of the book, this one and every other (${blocks.length} blocks in ${notes} ${notes === 1 ? 'note' : 'notes'})`;
    diagnostics.warn(
      'plugin-block',
      `${KINDS[kind]} ${which}: it only works inside that app; set markdown: { pluginBlocks: keep } in book.yaml to show ${blocks.length === 1 ? 'it' : 'them'} as code`,
      { file: first.file, line: first.line },
    );
  }
}
