/**
 * The plan → book.yaml text a person would want to edit, built with the `yaml` Document API so
 * that comments can say where each value and each part came from: a header saying what init
 * read, a comment on every guessed value, a commented `author:` line when none was found, and
 * at the end, as comments, the notes that are not in the book and why.
 */
import fg from 'fast-glob';
import { Document, isMap, isScalar, isSeq, visit, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { BookPlan, ChapterPlan } from './layout.ts';
import { relPath } from './paths.ts';
import type { Sourced } from './types.ts';

export interface BookMetadata {
  title: Sourced<string>;
  author?: Sourced<string[]>;
  language: Sourced<string>;
  description?: Sourced<string>;
}

export interface EmitInput {
  meta: BookMetadata;
  plan: BookPlan;
  bookRoot: string;
  /** What init read, for the header: `GitBook/HonKit book: zh/SUMMARY.md`. */
  sourceLabel: string;
  /** Notes that exist but no nav entry names (relative paths). */
  notInNav: string[];
  /** Notes left out on purpose: relative path → why. */
  leftOut: Map<string, string>;
  /**
   * The source tool reads Markdown as CommonMark, where a block indented four spaces is code:
   * book.yaml then says `markdown: { indentedCode: true }` instead of Inkstone's `auto` guess.
   */
  commonMarkTool?: string;
}

/**
 * A path for book.yaml. A file name with glob characters (`[1].md`) would be read as a pattern,
 * so it is escaped: the escaped pattern matches exactly that file.
 */
export function yamlPath(bookRoot: string, abs: string): string {
  const rel = relPath(bookRoot, abs);
  return fg.isDynamicPattern(rel) ? fg.escapePath(rel) : rel;
}

export function emitBookYaml(input: EmitInput): string {
  const { meta, plan, bookRoot } = input;
  const escaped = new Map<string, string>();
  const chapterData = (c: ChapterPlan) => {
    const notes = c.notes.map((n) => {
      const p = yamlPath(bookRoot, n);
      if (p !== relPath(bookRoot, n)) escaped.set(p, relPath(bookRoot, n));
      return p;
    });
    return c.title === undefined && notes.length === 1 ? notes[0]! : { title: c.title, notes };
  };
  const data: Record<string, unknown> = { title: meta.title.value };
  if (meta.author) data.author = meta.author.value.length === 1 ? meta.author.value[0] : meta.author.value;
  data.language = meta.language.value;
  if (meta.description) data.description = meta.description.value;
  if (input.commonMarkTool) data.markdown = { indentedCode: true };
  if (plan.parts) data.parts = plan.parts.map((p) => ({ title: p.title, chapters: p.chapters.map(chapterData) }));
  else data.chapters = (plan.chapters ?? []).map(chapterData);

  const doc = new Document(data);
  doc.commentBefore = [
    ` book.yaml written by \`npm run init\`. Source: ${input.sourceLabel}.`,
    ' Check the values marked "guessed". Paths are relative to this file. A chapter is a note',
    ' path (its title comes from the note) or { title, notes: [paths] } (several notes, or a',
    ' title of its own). See "book.yaml" in Inkstone\'s README for every key.',
  ].join('\n');
  const root = doc.contents as YAMLMap;
  const pair = (key: string) => root.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, unknown> | undefined;
  const note = (key: string, s: Sourced<unknown> | undefined) => {
    const p = pair(key);
    if (!p || !s) return;
    const target = p.value as { comment?: string };
    target.comment = ` ${s.guessed ? 'guessed from' : 'from'} ${s.from}`;
  };
  const authors = pair('author')?.value;
  if (isSeq(authors)) authors.flow = true;
  note('title', meta.title);
  note('author', meta.author);
  note('language', meta.language);
  note('description', meta.description);
  if (!meta.author) pair('language')!.key.commentBefore = ' author: (not found; write the name here and remove the #)';
  const markdown = pair('markdown');
  if (markdown) {
    (markdown.value as YAMLMap).flow = true;
    markdown.key.commentBefore = ` ${input.commonMarkTool} reads a block indented four spaces as code, so this book does too`;
  }

  const listKey = plan.parts ? 'parts' : 'chapters';
  const list = pair(listKey)!.value as YAMLSeq;
  const styleChapters = (seq: YAMLSeq, plans: ChapterPlan[]) => {
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const notes = item.get('notes', true);
      // A one-note chapter with a title of its own fits on one line.
      if (isSeq(notes) && notes.items.length === 1) item.flow = true;
      const origin = plans[i]?.origin;
      if (!plan.parts && origin && !item.flow) item.commentBefore = ` from ${origin}`;
    });
  };
  if (plan.parts) {
    list.items.forEach((item, i) => {
      const part = plan.parts![i]!;
      (item as YAMLMap).commentBefore = ` from ${part.origin}`;
      if (i > 0) (item as YAMLMap).spaceBefore = true;
      styleChapters((item as YAMLMap).get('chapters', true) as unknown as YAMLSeq, part.chapters);
    });
  } else {
    styleChapters(list, plan.chapters ?? []);
  }

  const tail: string[] = [];
  if (input.notInNav.length) {
    tail.push(' Notes that are not in the nav, so not in the book (add a path to a chapter to include it):');
    for (const p of input.notInNav) tail.push(`   - ${p}`);
  }
  if (input.leftOut.size) {
    tail.push(' Left out on purpose:');
    for (const [p, why] of input.leftOut) tail.push(`   - ${p}  (${why})`);
  }
  if (tail.length) doc.comment = tail.join('\n');
  // Say what an escaped path stands for, so nobody "fixes" the backslashes.
  visit(doc, {
    Scalar(_key, node) {
      const file = typeof node.value === 'string' ? escaped.get(node.value) : undefined;
      if (file) node.comment = ` the file ${file}: its brackets are escaped, or book.yaml would read a pattern`;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
