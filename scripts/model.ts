/**
 * The book model: what every stage after configuration works on. Parsed config (what the user
 * wrote) lives in config/schema.ts; only these resolved types enter the pipeline.
 */
import type { Root as HastRoot } from 'hast';
import type { SourcePosition } from './errors.ts';

export type OutputFormat = 'epub' | 'pdf' | 'html';
export const ALL_FORMATS: readonly OutputFormat[] = ['epub', 'pdf', 'html'];
/** What `npm run build` makes without `--format`: `html` (a static site in `<out>/html/`) only when asked for. */
export const DEFAULT_FORMATS: readonly OutputFormat[] = ['epub', 'pdf'];

export interface BookMeta {
  title: string;
  subtitle?: string;
  authors: string[];
  language: string;
  description: string;
  publisher?: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  version?: string;
  /** Stable across builds: `urn:uuid:…` derived from title and author unless configured. */
  identifier: string;
  /** Build time for `dcterms:modified`, from SOURCE_DATE_EPOCH or the last commit when set. */
  modified: Date;
}

export interface PageSize {
  name: string;
  width: string;
  height: string;
}

/** book.yaml with defaults filled in and every path absolute. */
export interface ResolvedBook {
  configFile: string;
  /** Folder of book.yaml: every path in the book must stay inside it. */
  root: string;
  meta: BookMeta;
  cover?: string;
  parts: ResolvedPart[];
  /** False when book.yaml has top-level `chapters:` (a book without parts). */
  hasParts: boolean;
  output: { dir: string; name: string };
  glossary?: { file: string; relPath: string; title: string; link: 'first' | 'every' | 'none' };
  /** `punctuation`: see render/styles.ts (CSS text-spacing-trim). */
  style: { paragraphs: 'indent' | 'spacing'; punctuation: 'full-width' | 'compress' };
  notes: { titleFromFileName: TitleFromFileName };
  /**
   * How notes are read: which Markdown extensions are on (book.yaml `markdown:`, all on by
   * default) and `indentedCode` (see markdown/indented-code.ts).
   */
  markdown: MarkdownSettings;
  /** How footnotes are numbered: see book/footnotes.ts. */
  footnotes: { numbering: FootnoteNumbering };
  epub: { embedFonts: boolean };
  pdf: { pageSize: PageSize; chapterStart: 'any' | 'right'; crossReferencePages?: CrossReferencePages };
  /** A back-of-book index; absent unless book.yaml asks for one. */
  index?: ResolvedIndex;
  /** What is numbered (book/numbering.ts); absent unless book.yaml asks for numbers. */
  numbering?: ResolvedNumbering;
}

/**
 * book.yaml `numbering:` resolved. `chapters`: `label` 第 1 章 (the book language's word),
 * `chinese` 第一章, `number` a bare 1. `sections`: the deepest heading level numbered (2: 1.2,
 * 3: 1.2.1), 0 for none.
 */
export interface ResolvedNumbering {
  chapters: false | 'label' | 'chinese' | 'number';
  sections: number;
  figures: boolean;
  tables: boolean;
  listings: boolean;
}

/** `pdf.crossReferencePages`, resolved: the wording (with `{page}` once) and whether glossary links get one. */
export interface CrossReferencePages {
  text: string;
  glossary: boolean;
}

/** A term of the index as book.yaml gives it (sub-entries have none of their own). */
export interface IndexTermSpec {
  term: string;
  aliases: string[];
  case?: 'sensitive' | 'insensitive';
  subentries: IndexTermSpec[];
  /** Where book.yaml gives it, for the `index-unused` warning. */
  position: SourcePosition;
}

export interface ResolvedIndex {
  title: string;
  /** Which glossary terms are in the index: all (but `index: false`), marked (`index: true`) or none. */
  glossary: 'all' | 'marked' | 'none';
  terms: IndexTermSpec[];
}

/**
 * Markdown beyond CommonMark and GFM that the notes may use, each on unless switched off:
 * Obsidian `[[wikilinks]]` and `![[embeds]]` (markdown/wikilinks.ts), mdBook and MkDocs includes
 * (markdown/includes.ts), `==highlight==`, `%%comments%%`, TeX math (markdown/math-syntax.ts);
 * callouts and admonitions, content tabs, and static-site template tags removed
 * (markdown/dialects.ts).
 */
export interface MarkdownSyntax {
  wikilinks: boolean;
  includes: boolean;
  highlight: boolean;
  comments: boolean;
  math: boolean;
  callouts: boolean;
  tabs: boolean;
  templateTags: boolean;
  /** ```mermaid, ```dot and ```graphviz blocks drawn (markdown/diagram-blocks.ts); else they stay code. */
  diagrams: boolean;
}

/** book.yaml `markdown:` resolved. */
export interface MarkdownSettings extends MarkdownSyntax {
  indentedCode: 'auto' | boolean;
  /** Blocks only one app's plugins understand (```dataview …): left out, or kept as code (markdown/plugin-blocks.ts). */
  pluginBlocks: 'drop' | 'keep';
}

/** Footnotes numbered from 1 in each chapter, or on through the whole book. */
export type FootnoteNumbering = 'chapter' | 'book';

/** Which notes of a multi-note chapter get a heading from their file name (book/note-title.ts). */
export type TitleFromFileName = 'auto' | 'always' | 'never';

export interface ResolvedPart {
  title?: string;
  position: SourcePosition;
  chapters: ResolvedChapter[];
}

export interface ResolvedChapter {
  /** From book.yaml; otherwise taken from the note(s) later. */
  title?: string;
  /** A `chapters/x.md` entry: the note's own title heading becomes the chapter's h1. */
  single: boolean;
  position: SourcePosition;
  notes: NoteRef[];
}

export interface NoteRef {
  /** Absolute path. */
  path: string;
  /** Relative to the book root, with forward slashes: how messages name the file. */
  relPath: string;
  /** Where book.yaml lists it. */
  listedAt: SourcePosition;
  /** The glob that found it (then notes/order.ts orders it by its front matter), if it came from one. */
  glob?: string;
}

/** A heading as the contents and navigation see it. */
export interface HeadingInfo {
  id: string;
  depth: number;
  /** Plain text of the heading. */
  text: string;
}

export interface Chapter {
  /** Stable index in reading order, 1-based. */
  number: number;
  id: string;
  title: string;
  /** Contents entries: headings of depth 2 (and 3) inside the chapter. */
  sections: HeadingInfo[];
  /** The chapter body as HTML (without the h1), ids book-wide unique. */
  tree: HastRoot;
  /** Every element id defined in the chapter (to route links across EPUB files). */
  ids: Set<string>;
  notes: NoteRef[];
  /** Its first note's front matter says `numbering: false` (a preface, an appendix): no chapter or section number (book/numbering.ts). */
  unnumbered?: boolean;
}

export interface Part {
  number: number;
  id: string;
  title?: string;
  chapters: Chapter[];
}

/** An image the book uses, after fetching: renderers embed `data`. */
export interface ImageAsset {
  /** File name inside the book, e.g. `images/3fa2….png`. */
  href: string;
  mediaType: string;
  data: Buffer;
}

/** One glossary entry, sorted and linked, ready for any renderer. */
export interface GlossaryEntry {
  id: string;
  term: string;
  english?: string;
  aliases: string[];
  /** Definition as HTML (it is Markdown in the source). */
  definition: HastRoot;
  /** Ids of related entries. */
  see: { id: string; term: string }[];
  /** Every place the term is used, in reading order. */
  uses: { id: string; chapter: Chapter }[];
  /** Letter group: A–Z, or '#' for digits and symbols. */
  group: string;
  /** The glossary file's `case` and `index` for the term, which the book's index reuses. */
  case?: 'sensitive' | 'insensitive';
  index?: boolean;
}

export interface Glossary {
  id: string;
  title: string;
  entries: GlossaryEntry[];
}

/** One entry of the back-of-book index: its term, every place it is found, and its sub-entries. */
export interface IndexEntry {
  term: string;
  /** Every place, in reading order: the id of the element that holds it. */
  uses: { id: string; chapter: Chapter }[];
  subentries: IndexEntry[];
  /** Letter group, as the glossary's: A–Z, or '#'. Sub-entries share their main entry's. */
  group: string;
}

export interface BookIndex {
  id: string;
  title: string;
  /** Sorted like the glossary (pinyin and Latin interleaved under A–Z); only terms found in the book. */
  entries: IndexEntry[];
}

export interface Book {
  config: ResolvedBook;
  meta: BookMeta;
  parts: Part[];
  glossary?: Glossary;
  /** Files the notes include or embed (absolute; markdown/includes.ts, wikilinks.ts): the preview watches them too. */
  dependencies?: string[];
  index?: BookIndex;
}

/** What a font is for: reading text, bold, headings, code, emoji, formulas. */
export type FontRole = 'body' | 'bold' | 'heading' | 'mono' | 'emoji' | 'math';

export interface FontFace {
  /** `fallback`: a font for what the others lack (assets/fallback-fonts.ts), used only when needed. */
  role: FontRole | 'fallback';
  family: string;
  weight: number;
  /** Source file in node_modules. */
  source: string;
  /** The family name inside the font file (what tools that load files, like resvg, match). */
  fileFamily: string;
  /** Characters this face is used for (a script font's own script); others go on down the stack. */
  only?: RegExp;
}

/** A font subset the assets stage made from a FontFace (assets/fonts.ts). */
export interface SubsetFont {
  face: FontFace;
  /** e.g. `fonts/inkstone-serif-400-3fa2c1d0.ttf` */
  href: string;
  mediaType: 'font/ttf';
  data: Buffer;
  /** The subset on disk (in the cache), for tools that take font files. */
  file: string;
}

/** What the assets stage adds: the files every renderer embeds. */
export interface BookAssets {
  /** The book's fonts, subset to the characters it uses. */
  fonts: SubsetFont[];
  cover: ImageAsset;
  /** Images the notes use, by their href inside the book. */
  images: Map<string, ImageAsset>;
}

/** What draws a diagram block: mermaid (in the browser) or Graphviz (```dot / ```graphviz). */
export type DiagramKind = 'mermaid' | 'graphviz';

/**
 * A note's wrapper element in a chapter tree remembers its note, so later stages can resolve paths.
 * A diagram block's `<pre>` says what draws it and where its fence is (markdown/diagram-blocks.ts).
 */
declare module 'hast' {
  interface ElementData {
    note?: NoteRef;
    diagram?: { kind: DiagramKind; line?: number };
  }
}
