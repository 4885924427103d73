/**
 * Any folder of Markdown that no tool claims: the folder rule (folder.ts) over the whole folder.
 */
import type { ReadContext } from './context.ts';
import { scanFolder } from './folder.ts';
import type { SourceReading } from './types.ts';

export function readPlainFolder(ctx: ReadContext, dir: string): SourceReading {
  return {
    kind: 'folder',
    label: 'folder of Markdown notes (no nav: folders are chapters, files in name order)',
    notesRoot: dir,
    nav: scanFolder(dir, ctx),
    partsFromNav: false,
    excluded: new Map(),
    ignoredDirs: [],
  };
}
