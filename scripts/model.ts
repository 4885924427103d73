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
  /** How notes are read; `indentedCode`: see markdown/indented-code.ts. */
  markdown: { indentedCode: 'auto' | boolean };
  epub: { embedFonts: boolean };
  pdf: { pageSize: PageSize; chapterStart: 'any' | 'right' };
}

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
}

export interface Glossary {
  id: string;
  title: string;
  entries: GlossaryEntry[];
}

export interface Book {
  config: ResolvedBook;
  meta: BookMeta;
  parts: Part[];
  glossary?: Glossary;
}

/** What a font is for: reading text, bold, headings, code, emoji. */
export type FontRole = 'body' | 'bold' | 'heading' | 'mono' | 'emoji';

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

/** A note's wrapper element in a chapter tree remembers its note, so later stages can resolve paths. */
declare module 'hast' {
  interface ElementData {
    note?: NoteRef;
  }
}
