/**
 * Notes with nothing to show. A docs site's home page (VitePress `layout: home`, Docusaurus or
 * MkDocs landing pages) is often only front matter: hero text, feature cards and buttons that
 * the site's theme draws. Other notes are empty files, or only comments, or only raw HTML the
 * sanitizer removes. In a book each would be a chapter with nothing but a made-up title
 * ("index"), which is what neither a Pandoc nor an mdBook reader wants to page through.
 *
 * So a note whose rendered body shows nothing (no text, no image) and that has no heading of its
 * own is left out, with an `empty-note` warning naming the file; a chapter all of whose notes are
 * left out is left out too. A note that is only a heading (`# 第二部分`) is kept: its author wrote
 * that title on purpose. Front-matter fields of a home page are not turned into text: they are the
 * theme's input (buttons, links to site pages), and their title and tagline belong in book.yaml
 * (`title`, `subtitle`, `description`), which the warning says.
 */
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { InkstoneError, type Diagnostics } from '../errors.ts';
import type { ConvertedNote } from '../markdown/convert.ts';

/** Does the note show anything: text, an image, or a heading of its own (taken as the chapter title)? */
export function hasContent(note: ConvertedNote): boolean {
  if (note.headings.titleHeading || note.headings.firstHeading) return true;
  if (hastToString(note.tree).trim() !== '') return true;
  let media = false;
  visit(note.tree, 'element', (el) => {
    if (el.tagName === 'img' || el.tagName === 'picture' || el.tagName === 'svg') media = true;
  });
  return media;
}

/** The notes of one chapter that have something to show; each other one is an `empty-note` warning. */
export function keepNotesWithContent<T extends ConvertedNote>(notes: T[], diagnostics: Diagnostics): T[] {
  const kept = notes.filter(hasContent);
  for (const note of notes) {
    if (kept.includes(note)) continue;
    const what = note.source.markdown.trim() === '' ? 'the note is empty' : 'the note shows nothing (no text or image outside its front matter)';
    const chapter = kept.length === 0 ? ' (and its chapter with it)' : '';
    const home =
      note.source.frontMatter.layout === 'home' || note.source.frontMatter.hero !== undefined
        ? "; it is a docs site's home page: put its title and tagline in book.yaml (title, subtitle, description)"
        : '; write its text or take it out of book.yaml';
    diagnostics.warn('empty-note', `${what}: left out of the book${chapter}${home}`, { file: note.source.ref.relPath, line: 1 });
  }
  return kept;
}

/** A book of only empty or draft notes would be an EPUB with an empty contents page: an error. */
export function assertSomethingToShow(chapterCount: number, configFile: string): void {
  if (chapterCount > 0) return;
  throw new InkstoneError('the book has nothing to show: every note it lists is empty or a draft', {
    position: { file: configFile },
    hint: 'write at least one note, or set draft: false in the front matter of the notes that are ready',
  });
}
