/**
 * GFM footnotes (`text[^1]` … `[^1]: note`) of one note as proper notes (rehype, after the
 * sanitizer). remark-rehype writes GitHub's markup: a `<sup><a data-footnote-ref>` per reference
 * and, at the end of the note, a `<section data-footnotes>` with a hidden "注释" heading and an
 * `<ol>` whose items end in ↩ back-links. That becomes:
 *
 *     <sup><a href="#…fn-1" id="…fnref-1" class="footnote-ref" role="doc-noteref" epub:type="noteref" data-footnote-ref="">1</a></sup>
 *     …
 *     <section class="footnotes" data-footnotes="">
 *       <aside id="…fn-1" class="footnote" role="doc-footnote" epub:type="footnote" data-footnote="">
 *         <p><a href="#…fnref-1" class="footnote-back" role="doc-backlink" aria-label="返回正文" data-footnote-backref="">1</a> the note …</p>
 *       </aside>
 *     </section>
 *
 * so that EPUB readers (Apple Books, Kobo, Thorium) show the note as a pop-up, and the note
 * starts with its number, a link back to the reference; a note referred to more than once also
 * gets ↑² … links back to the other references (↑ is in every Chinese font; ↩ is not, and
 * the emoji font would draw it). The book model (book/footnotes.ts) then numbers
 * the notes through the chapter, gives them book-wide ids and gathers them at its end.
 *
 * Trust: raw HTML may carry the same data-footnote-* attributes (HTML pasted from a GitHub page
 * does). remark-rehype's ids start with FOOTNOTE_PLACEHOLDER, which holds a random part chosen
 * when the process starts, so raw HTML cannot forge it; the footnote attributes of any other
 * element are dropped. After this plugin every data-footnote* attribute in a note's tree is the
 * pipeline's own, which is what book/footnotes.ts and the renderers rely on.
 */
import { randomBytes } from 'node:crypto';
import type { Element, ElementContent, Properties, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { LABELS } from '../labels.ts';

/** remark-rehype's `clobberPrefix`; pipeline.ts replaces it with the note's own prefix afterwards. */
export const FOOTNOTE_PLACEHOLDER = `inkstone-fn-${randomBytes(6).toString('hex')}-`;

/** The attributes that mark footnote markup; only the pipeline's own elements keep them. */
const MARKS = ['dataFootnoteRef', 'dataFootnoteBackref', 'dataFootnotes', 'dataFootnote'] as const;

const isOurs = (value: unknown, kind: 'fn' | 'fnref') => typeof value === 'string' && value.startsWith(`#${FOOTNOTE_PLACEHOLDER}${kind}-`);
const elements = (nodes: ElementContent[]) => nodes.filter((n): n is Element => n.type === 'element');

/** A reference's attributes, also used by the book model when it renumbers. */
export const NOTEREF: Properties = { className: ['footnote-ref'], role: 'doc-noteref', 'epub:type': 'noteref', dataFootnoteRef: '' };
/** A back-link's attributes (the note's number, or ↑²). */
export const BACKLINK: Properties = { className: ['footnote-back'], role: 'doc-backlink', ariaLabel: LABELS.backToText, dataFootnoteBackref: '' };

export function footnoteAside(id: string, children: ElementContent[]): Element {
  return h('aside', { id, className: ['footnote'], role: 'doc-footnote', 'epub:type': 'footnote', dataFootnote: '' }, children);
}

/** remark-rehype's footer: the root's last element, a `section[data-footnotes]` whose items have our ids. */
function findFooter(tree: Root): Element | undefined {
  const last = elements(tree.children as ElementContent[]).at(-1);
  if (!last || last.tagName !== 'section' || last.properties.dataFootnotes === undefined) return undefined;
  const list = elements(last.children).find((e) => e.tagName === 'ol');
  const items = list ? elements(list.children) : [];
  return items.length > 0 && items.every((li) => isOurs(`#${String(li.properties.id)}`, 'fn')) ? last : undefined;
}

export default function rehypeFootnotes() {
  return (tree: Root) => {
    const footer = findFooter(tree);
    const list = footer && elements(footer.children).find((e) => e.tagName === 'ol')!;
    const items = list ? elements(list.children) : [];
    // GFM's ids carry the label, percent-encoded (`fn-%E6%B3%A8`): the note's number is plainer.
    const labelOf = new Map(items.map((li, i) => [String(li.properties.id).slice(`${FOOTNOTE_PLACEHOLDER}fn-`.length), i + 1]));
    const renumber = (value: unknown, kind: 'fn' | 'fnref'): string => {
      const rest = String(value).replace(/^#/, '').slice(`${FOOTNOTE_PLACEHOLDER}${kind}-`.length);
      const exact = labelOf.get(rest);
      if (exact !== undefined) return `${FOOTNOTE_PLACEHOLDER}${kind}-${exact}`;
      // A second reference to a note: `fnref-<label>-2`.
      for (const [label, n] of labelOf) {
        if (kind === 'fnref' && rest.startsWith(`${label}-`) && /^\d+$/.test(rest.slice(label.length + 1))) return `${FOOTNOTE_PLACEHOLDER}${kind}-${n}${rest.slice(label.length)}`;
      }
      return String(value).replace(/^#/, '');
    };
    visit(tree, 'element', (el: Element) => {
      const p = el.properties;
      if (el.tagName === 'a' && p.dataFootnoteRef !== undefined && isOurs(p.href, 'fn')) {
        delete p.ariaDescribedBy; // it named the hidden heading, which goes
        Object.assign(p, structuredClone(NOTEREF), { href: `#${renumber(p.href, 'fn')}`, id: renumber(p.id, 'fnref') });
        return;
      }
      if (el === footer) return;
      if (el.tagName === 'a' && p.dataFootnoteBackref !== undefined && isOurs(p.href, 'fnref')) {
        p.href = `#${renumber(p.href, 'fnref')}`;
        return;
      }
      for (const mark of MARKS) delete p[mark];
    });
    if (!footer) return;
    const asides = items.map((li, i) => noteOf(li, i + 1));
    footer.properties = { className: ['footnotes'], dataFootnotes: '' };
    footer.children = asides.flatMap((a): ElementContent[] => [{ type: 'text', value: '\n' }, a]);
    footer.children.push({ type: 'text', value: '\n' });
  };
}

/** One `<li>` of remark-rehype's list → the note's aside. */
function noteOf(li: Element, number: number): Element {
  const backHrefs: string[] = [];
  const content = takeBackLinks(li.children, backHrefs);
  const blocks = elements(content);
  const [first, ...others] = backHrefs;
  const numberLink = h('a', { ...structuredClone(BACKLINK), href: first ?? '#' }, String(number));
  const firstBlock = blocks[0];
  if (firstBlock?.tagName === 'p') firstBlock.children.unshift(numberLink, { type: 'text', value: ' ' });
  else content.unshift(h('p', [numberLink]));
  if (others.length) {
    const more = others.flatMap((href, k): ElementContent[] => [{ type: 'text', value: ' ' }, h('a', { ...structuredClone(BACKLINK), href }, ['↑', h('sup', String(k + 2))])]);
    const lastBlock = elements(content).at(-1)!;
    if (lastBlock.tagName === 'p') lastBlock.children.push(...more);
    else content.push(h('p', more.slice(1)));
  }
  return footnoteAside(`${FOOTNOTE_PLACEHOLDER}fn-${number}`, content);
}

/** Removes remark-rehype's ↩ links (and the space before them) from the note, recording where they lead. */
function takeBackLinks(nodes: ElementContent[], hrefs: string[]): ElementContent[] {
  const out: ElementContent[] = [];
  let taken = 0;
  for (const node of nodes) {
    if (node.type === 'element' && node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) {
      hrefs.push(String(node.properties.href));
      taken++;
      continue;
    }
    if (node.type === 'element' && node.tagName === 'p') node.children = takeBackLinks(node.children, hrefs);
    out.push(node);
  }
  // GFM put a space (or a space at the end of the last text) before each of its links.
  while (taken > 0 && out.at(-1)?.type === 'text') {
    const last = out.at(-1) as { value: string };
    last.value = last.value.replace(/ +$/, '');
    if (last.value !== '') break;
    out.pop();
  }
  return out;
}
