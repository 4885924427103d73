/** One note inside the book model while it is assembled: what links and images need to know. */
import type { Root as HastRoot } from 'hast';
import type { NoteSource } from '../notes/read.ts';

export interface NoteBuild {
  source: NoteSource;
  tree: HastRoot;
  /** The note's own (GitHub-style) heading slugs → book-wide ids, for `other.md#slug` links. */
  slugMap: Map<string, string>;
  /** Where a link to the note itself lands. */
  anchor: string;
}
