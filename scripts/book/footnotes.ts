/**
 * Footnotes in the book model. Each note arrives with its own footnotes, numbered from 1 and
 * collected at its end (markdown/footnotes.ts). A chapter is often several notes, each with
 * its `[^1]`; here the notes of a chapter are numbered on through the chapter (book.yaml
 * `footnotes.numbering: chapter`, the default) or through the whole book (`book`), get book-wide
 * ids (`fn-3-1` for the first note of chapter 3, its references `fnref-3-1`, `fnref-3-1-2` …;
 * `fn-12`, `fnref-12` numbered through the book) and are gathered at the end of the chapter, under
 * one title (注释):
 *
 *     <section class="footnotes" data-footnotes=""><p class="footnotes-title">注释</p> <aside …> …</section>
 *
 * In the EPUB the chapter is one document, so every note sits in the document of its references
 * (what pop-up footnotes need); the PDF prints them at the end of the chapter with the pages of
 * their references (render/pdf/footnote-pages.ts).
 *
 * Runs once links are rewritten (a link in a note resolves against its note) and gives each
 * aside its note (`data.note`), so that the assets stage finds its images relative to it.
 */
import type GithubSlugger from 'github-slugger';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { LABELS } from '../labels.ts';
import type { Chapter, FootnoteNumbering } from '../model.ts';

const isElement = (n: ElementContent): n is Element => n.type === 'element';
const hrefId = (el: Element) => String(el.properties.href).replace(/^#/, '');

/** Numbers, ids and places every footnote of the book (see the module comment), in reading order. */
export function gatherFootnotes(chapters: Chapter[], slugger: GithubSlugger, numbering: FootnoteNumbering): void {
  let count = 0;
  for (const chapter of chapters) count = gatherChapterFootnotes(chapter, slugger, numbering, count);
}

/**
 * One chapter's part of gatherFootnotes: `count` is the number of footnotes before it (what
 * `book` numbering goes on from); returns the count after it.
 */
export function gatherChapterFootnotes(chapter: Chapter, slugger: GithubSlugger, numbering: FootnoteNumbering, count: number): number {
  if (numbering === 'chapter') count = 0;
  const prefix = numbering === 'chapter' ? `${chapter.number}-` : '';
  const gathered: Element[] = [];
  for (const wrapper of chapter.tree.children) {
    if (wrapper.type !== 'element') continue;
    const footer = wrapper.children.filter(isElement).find((e) => e.properties.dataFootnotes !== undefined);
    if (!footer) continue;
    const asides = footer.children.filter(isElement);
    // Old id → the note's number and new id.
    const notes = new Map<string, { number: number; id: string; refs: number }>();
    for (const aside of asides) {
      count++;
      notes.set(String(aside.properties.id), { number: count, id: slugger.slug(`fn-${prefix}${count}`), refs: 0 });
    }
    // References in reading order (the note's text, then references inside its footnotes).
    const refIds = new Map<string, string>();
    visit(wrapper, 'element', (el: Element) => {
      if (el.properties.dataFootnoteRef === undefined) return;
      const note = notes.get(hrefId(el));
      if (!note) return;
      note.refs++;
      const id = slugger.slug(`fnref-${prefix}${note.number}${note.refs > 1 ? `-${note.refs}` : ''}`);
      chapter.ids.delete(String(el.properties.id));
      chapter.ids.add(id);
      refIds.set(String(el.properties.id), id);
      el.properties.id = id;
      el.properties.href = `#${note.id}`;
      el.children = [{ type: 'text', value: String(note.number) }];
    });
    for (const aside of asides) {
      const note = notes.get(String(aside.properties.id))!;
      chapter.ids.delete(String(aside.properties.id));
      aside.properties.id = note.id;
      let first = true;
      visit(aside, 'element', (el: Element) => {
        if (el.properties.dataFootnoteBackref === undefined) return;
        el.properties.href = `#${refIds.get(hrefId(el)) ?? hrefId(el)}`;
        // The first back-link is the note's number.
        if (first) el.children = [{ type: 'text', value: String(note.number) }];
        first = false;
      });
      aside.data = { ...aside.data, note: wrapper.data?.note } as Element['data'];
      gathered.push(aside);
    }
    wrapper.children.splice(wrapper.children.indexOf(footer), 1);
  }
  if (gathered.length === 0) return count;
  for (const el of gathered) chapter.ids.add(String(el.properties.id));
  chapter.tree.children.push(
    h('section', { className: ['footnotes'], dataFootnotes: '' }, [
      { type: 'text', value: '\n' },
      h('p', { className: ['footnotes-title'] }, LABELS.footnotes),
      ...gathered.flatMap((a): ElementContent[] => [{ type: 'text', value: '\n' }, a]),
      { type: 'text', value: '\n' },
    ]),
  );
  return count;
}
