/**
 * What every reader of a source tool (mdBook, GitBook, MkDocs, VitePress, Docusaurus, Obsidian,
 * a plain folder) hands to the rest of `init`: a table of contents as a tree of entries, and the
 * book's metadata with where each value came from. The readers never run the user's code; they
 * parse files and keep only plain data.
 */

export type SourceKind = 'mdbook' | 'gitbook' | 'mkdocs' | 'vitepress' | 'docusaurus' | 'obsidian' | 'folder';

/** One entry of a table of contents, as the source tool describes it. */
export interface NavNode {
  /** Title the nav gives (SUMMARY link text, sidebar text, folder name); undefined when it gives none. */
  title?: string;
  /** The note this entry opens (absolute path); undefined for a group without a page of its own. */
  file?: string;
  children: NavNode[];
  /** Where the entry came from, for comments and messages: `zh/SUMMARY.md:12`, `folder 01_基础/`. */
  origin: string;
}

/** A value init found or guessed, and where from (shown to the user and as a comment). */
export interface Sourced<T> {
  value: T;
  from: string;
  /** True when it is a guess (a heading, a folder name, the text) rather than a setting of the tool. */
  guessed: boolean;
}

export interface SourceReading {
  kind: SourceKind;
  /** One line for the user: `GitBook/HonKit book: zh/SUMMARY.md`. */
  label: string;
  /** Folder whose notes the source covers (mdBook's src, MkDocs' docs_dir, the vault…), absolute. */
  notesRoot: string;
  nav: NavNode[];
  /** The source itself declares parts (SUMMARY.md headings): top-level groups are parts. */
  partsFromNav: boolean;
  title?: Sourced<string>;
  author?: Sourced<string[]>;
  language?: Sourced<string>;
  description?: Sourced<string>;
  /**
   * Markdown files under notesRoot that are not notes by the tool's own rules (SUMMARY.md, a
   * VitePress home page, an Obsidian template): absolute path → why. They are reported as left
   * out, not as "not in the nav".
   */
  excluded: Map<string, string>;
  /** Folders (absolute) whose files are not looked at when listing notes not in the nav. */
  ignoredDirs: string[];
}

/** What init tells the user, grouped the way it prints it. */
export class InitReport {
  /** What was found (settings of the source tool, the structure). */
  readonly found: string[] = [];
  /** What was guessed and from what. */
  readonly guessed: string[] = [];
  /** What could not be read or was dropped, and why: the user should look at these. */
  readonly problems: string[] = [];
  /** Notes that exist but are not in the book: relative path → why. */
  readonly leftOut = new Map<string, string>();

  find(line: string): void {
    this.found.push(line);
  }
  guess(line: string): void {
    this.guessed.push(line);
  }
  problem(line: string): void {
    this.problems.push(line);
  }
  leave(relPath: string, why: string): void {
    if (!this.leftOut.has(relPath)) this.leftOut.set(relPath, why);
  }
}
