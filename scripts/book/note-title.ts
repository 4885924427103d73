/**
 * Every note has its title. Obsidian, Logseq and most note apps show a note's file name as its
 * title, so the note itself often has no `#` heading, or starts with `##` sections. In a chapter of
 * several notes such a note would run on under the previous note's last section, its name shown
 * nowhere. Here it gets a heading: its front-matter `title`, else its file name (see
 * `titleFromFileName`); the note's own headings move one level down under it.
 *
 * Which notes get one (book.yaml `notes.titleFromFileName`, from the note's opening as
 * markdown/headings.ts classified it):
 *
 * | the note opens with                                  | auto | always | never |
 * | ---------------------------------------------------- | ---- | ------ | ----- |
 * | text (no heading before its first content)           | yes  | yes    | front-matter title only |
 * | a heading among others at its level (`## 背景`, `## 方法`) or under a shallower one | yes | yes | front-matter title only |
 * | the only heading at its top level (`## 线性回归` over `###`) | no | yes | no |
 * | a `#` heading                                        | no   | no     | no    |
 * | nothing (an empty note)                              | front-matter title only | front-matter title only | front-matter title only |
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { NoteOpening } from '../markdown/headings.ts';
import type { TitleFromFileName } from '../model.ts';
import type { NoteSource } from '../notes/read.ts';

/**
 * A number the author put in front of the name to sort the notes: `03_`, `1.2 `, `01-`, `1、`.
 * Only when something other than a digit follows it, so a date (`2024-04-07`) stays whole.
 */
const NUMERIC_PREFIX = /^\d+(?:\.\d+)*[\s._\-、．]+(?=[^\d\s._\-、．])/u;

/** `03_线性回归.md` → 线性回归, `1.2 intro.md` → intro, `01-foo.md` → foo, `2024-04-07.md` → 2024-04-07. */
export function titleFromFileName(relPath: string): string {
  const name = path.posix.basename(relPath).replace(/\.(md|markdown)$/i, '');
  return name.replace(NUMERIC_PREFIX, '').trim() || name;
}

/** The heading a note in a multi-note chapter gets, or undefined when it has its own. */
export function noteTitle(source: NoteSource, opening: NoteOpening, mode: TitleFromFileName): string | undefined {
  if (opening === 'h1' || (opening === 'title' && mode !== 'always')) return undefined;
  const own = source.frontMatter.title?.trim();
  if (own) return own;
  if (opening === 'empty' || mode === 'never') return undefined;
  return titleFromFileName(source.ref.relPath);
}

const HEADING = /^h[1-6]$/;

/**
 * Puts `title` as an h2 at the top of the note and moves the note's own headings one level down
 * (h6 stays h6), so its sections sit under its title in the contents. Returns the new heading.
 * The hidden footnotes heading (remark-rehype's `footnote-label`) is not a section: left alone.
 */
export function addNoteTitle(tree: Root, title: string): Element {
  visit(tree, 'element', (el: Element) => {
    if (!HEADING.test(el.tagName) || el.properties.id === 'footnote-label') return;
    el.tagName = `h${Math.min(6, Number(el.tagName.slice(1)) + 1)}`;
  });
  const heading = h('h2', title);
  tree.children.unshift(heading);
  return heading;
}
