/**
 * A nav tree → the book's parts and chapters (book.yaml has parts → chapters → notes).
 *
 * - Notes that cannot be in the book are taken out first, each reported: unreadable (not
 *   UTF-8, broken front matter), `draft: true`, empty, a home page (`layout: home`), or listed
 *   a second time (anchors into the same note).
 * - Parts: when the source declares them (SUMMARY.md headings), or when the tree is three levels
 *   deep somewhere (a top-level entry whose children have children): each top-level entry is a
 *   part, its children are chapters. Top-level pages between parts form a part of their own,
 *   named after the first of them.
 * - Otherwise no parts: each top-level entry is a chapter.
 * - A chapter is an entry with everything below it: its own page first, then its descendants in
 *   order (deeper levels become sections of the chapter, and the report says how many).
 * - Titles: the nav's, else the note's front-matter `title`, else its first heading. A one-note
 *   chapter whose title is the one the build would give it anyway is written as a bare path.
 */
import type { NoteInfo, NoteReader } from './notes.ts';
import { relPath } from './paths.ts';
import type { InitReport, NavNode, SourceReading } from './types.ts';

export interface ChapterPlan {
  /** Written as `title:`; undefined → a bare path whose note gives the title. */
  title?: string;
  /** Absolute paths, in order. */
  notes: string[];
  /** Where a group chapter came from (a comment in book.yaml). */
  origin?: string;
}

export interface PartPlan {
  title: string;
  origin: string;
  chapters: ChapterPlan[];
}

export interface BookPlan {
  parts?: PartPlan[];
  chapters?: ChapterPlan[];
  /** Every note in the plan (absolute). */
  listed: Set<string>;
  /** Notes nested deeper than a chapter, now sections of their chapter. */
  flattened: number;
}

export function planBook(reading: SourceReading, notes: NoteReader, bookRoot: string, report: InitReport): BookPlan {
  const listed = new Set<string>();
  const repeated = new Map<string, number>();
  const rel = (abs: string) => relPath(bookRoot, abs);
  const info = (file: string): NoteInfo => {
    const r = notes.read(file);
    if (!r.ok) throw new Error(`planBook: ${file} was pruned as unreadable`);
    return r.info;
  };

  const prune = (nodes: NavNode[]): NavNode[] =>
    nodes.flatMap((node): NavNode[] => {
      let file = node.file;
      if (file) {
        const why = reasonToLeaveOut(file);
        if (why) {
          if (why !== 'listed') report.leave(rel(file), why);
          file = undefined;
        } else listed.add(file);
      }
      const children = prune(node.children);
      if (!file && children.length === 0) {
        if (node.title && !node.file && node.children.length === 0) report.problem(`${node.origin}: "${node.title}" has no notes; left out`);
        return [];
      }
      return [{ ...node, file, children }];
    });

  const reasonToLeaveOut = (file: string): string | undefined => {
    if (listed.has(file)) {
      repeated.set(file, (repeated.get(file) ?? 0) + 1);
      return 'listed';
    }
    const r = notes.read(file);
    if (!r.ok) {
      report.problem(`${rel(file)}: cannot read: ${r.reason}; left out`);
      return `cannot be read: ${r.reason}`;
    }
    if (r.info.draft) return 'draft: true in its front matter';
    if (r.info.frontMatter.layout === 'home') return 'a home page (layout: home), not a chapter';
    if (r.info.empty) return 'empty';
    return undefined;
  };

  let nav = prune(reading.nav);
  for (const [file, n] of repeated) {
    report.find(`${rel(file)} is in the nav ${n + 1} times (links to its sections?); kept where it first appears`);
  }
  // A book that is one big folder or group: its content is the book.
  while (nav.length === 1 && !nav[0]!.file && nav[0]!.children.length > 0 && !reading.partsFromNav) nav = nav[0]!.children;

  let flattened = 0;
  const descendants = (node: NavNode, depth: number): string[] =>
    node.children.flatMap((c) => {
      if (depth >= 1 && c.file) flattened++;
      return [...(c.file ? [c.file] : []), ...descendants(c, depth + 1)];
    });
  const firstNote = (node: NavNode): string => node.file ?? firstNote(node.children[0]!);
  const titleOf = (node: NavNode): string => node.title ?? info(firstNote(node)).ownTitle;

  const chapterOf = (node: NavNode): ChapterPlan => {
    if (node.children.length === 0) {
      const note = info(node.file!);
      const wanted = node.title ?? note.ownTitle;
      return wanted === note.buildTitle ? { notes: [node.file!] } : { title: wanted, notes: [node.file!] };
    }
    return { title: titleOf(node), notes: [...(node.file ? [node.file] : []), ...descendants(node, 0)], origin: node.origin };
  };

  const usesParts = reading.partsFromNav || nav.some((n) => n.children.some((c) => c.children.length > 0));
  if (!usesParts) return { chapters: nav.map(chapterOf), listed, flattened };

  const parts: PartPlan[] = [];
  let loose: PartPlan | undefined;
  for (const node of nav) {
    const isPart = node.children.length > 0 && (reading.partsFromNav ? !node.file : true);
    if (!isPart) {
      if (!loose) {
        loose = { title: titleOf(node), origin: `${node.origin}; entries outside any part, in a part named after the first`, chapters: [] };
        parts.push(loose);
      }
      loose.chapters.push(chapterOf(node));
      continue;
    }
    loose = undefined;
    const chapters: ChapterPlan[] = [];
    if (node.file) chapters.push(chapterOf({ ...node, title: undefined, children: [] }));
    chapters.push(...node.children.map(chapterOf));
    parts.push({ title: titleOf(node), origin: node.origin, chapters });
  }
  return { parts, listed, flattened };
}
