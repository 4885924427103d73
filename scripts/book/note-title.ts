/**
 * Every note has its title. Obsidian, Logseq and most note apps show a note's file name as its
 * title, so the note itself often has no `#` heading, or starts with `##` sections. In a chapter of
 * several notes such a note would run on under the previous note's last section, its name shown
 * nowhere. Here it gets a heading: its front-matter `title`, else its file name (see
 * `titleFromFileName`); the note's own headings move one level down under it.
 *
 * Which notes get one (book.yaml `notes.titleFromFileName`; the opening is read by
 * markdown/headings.ts):
 *
 * | the note opens with               | auto | always | never                   |
 * | --------------------------------- | ---- | ------ | ----------------------- |
 * | text (no heading before it)       | yes  | yes    | front-matter title only |
 * | a heading deeper than `#`         | yes* | yes*   | front-matter title only* |
 * | a `#` heading                     | no   | yes*   | no                      |
 * | nothing (an empty note)           | front-matter title only, in every mode |
 *
 * \* unless that heading already begins with the title: never the same title twice
 * (`线性回归.md` opening with `# 线性回归 (Linear Regression)` keeps just its heading).
 *
 * `auto` is what an Obsidian reader sees: a note that starts with text or with `##` sections shows
 * its name above them; a note that opens with its own `#` title keeps it. `always` is for notes
 * whose `#` headings are sections (a journal with one `#` per day): the name goes above them too.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { HeadingResult } from '../markdown/headings.ts';
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

/** The heading a note in a multi-note chapter gets, or undefined when it needs none. */
export function noteTitle(source: NoteSource, headings: HeadingResult, mode: TitleFromFileName): string | undefined {
  const own = source.frontMatter.title?.trim() || undefined;
  const { opening } = headings;
  if (opening === 'empty') return own;
  if (opening === 'h1' && mode !== 'always') return undefined;
  const title = mode === 'never' ? own : (own ?? titleFromFileName(source.ref.relPath));
  if (title === undefined) return undefined;
  // Never the same title twice. The note opens with a heading, so it is the note's first one.
  if (opening !== 'text' && headings.firstHeading !== undefined && beginsWith(headings.firstHeading, title)) return undefined;
  return title;
}

/**
 * The heading already says the title: the same ignoring case, spaces and punctuation, or the title
 * followed by more after a space or punctuation (`线性回归 (Linear Regression)`, `Intro: basics`),
 * but not a longer word (`Architecture` does not begin with the title `a`).
 */
function beginsWith(heading: string, title: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().trim();
  const plain = (s: string) => norm(s).replace(/[\s\p{P}\p{S}]/gu, '');
  if (plain(title) === '') return false;
  if (plain(heading) === plain(title)) return true;
  const [head, want] = [norm(heading), norm(title)];
  return head.startsWith(want) && /^[\s\p{P}\p{S}]/u.test(head.slice(want.length));
}

const HEADING = /^h[1-6]$/;

/**
 * Puts `title` as an h2 at the top of the note and moves the note's own headings one level down
 * (h6 stays h6), so its sections sit under its title in the contents. Returns the new heading.
 */
export function addNoteTitle(tree: Root, title: string): Element {
  visit(tree, 'element', (el: Element) => {
    if (!HEADING.test(el.tagName)) return;
    el.tagName = `h${Math.min(6, Number(el.tagName.slice(1)) + 1)}`;
  });
  const heading = h('h2', title);
  tree.children.unshift(heading);
  return heading;
}
